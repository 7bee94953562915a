from __future__ import annotations

import datetime

import pytest

from geo import load_dataset
from geo.errors import ScenarioError
from network.scenario import active_network, resolve_scenario
from tests.conftest import TINY


@pytest.fixture(scope="module")
def tiny():
    return load_dataset(TINY)


@pytest.mark.parametrize(
    ("spec", "projects", "year"),
    [
        ("baseline", (), None),
        ("", (), None),
        ("full", ("p_new", "p_port", "p_up"), None),  # p_5g, p_x have no network effect
        ("p_new", ("p_new",), None),
        ("P_NEW", ("p_new",), None),
        ("baseline+p_new+p_up", ("p_new", "p_up"), None),
        ("full-p_new", ("p_port", "p_up"), None),
        ("category:transport", ("p_new", "p_up"), None),
        ("full-category:transport", ("p_port",), None),
        ("subtype:port", ("p_port",), None),
        ("2026", ("p_port",), 2026),
        ("by:2027", ("p_port", "p_up"), 2027),
        ("2030-p_up", ("p_new", "p_port"), 2030),
    ],
)
def test_resolve(tiny, spec, projects, year) -> None:
    scenario = resolve_scenario(tiny, spec)
    assert scenario.project_ids == projects
    assert scenario.year == year


def test_today_is_the_current_year(tiny) -> None:
    assert resolve_scenario(tiny, "today").year == datetime.date.today().year


@pytest.mark.parametrize("spec", ["p_nw", "full+", "baseline+category:roads", "2020x"])
def test_bad_specs(tiny, spec) -> None:
    with pytest.raises(ScenarioError):
        resolve_scenario(tiny, spec)


def test_suggestion(tiny) -> None:
    with pytest.raises(ScenarioError, match="did you mean p_new"):
        resolve_scenario(tiny, "p_nw")


def test_active_network(tiny) -> None:
    links, nodes = active_network(tiny, resolve_scenario(tiny, "baseline"))
    assert list(links.index) == ["r1", "e1", "w1"]  # h1 opened 2022, after the base year
    assert "c_port" not in nodes.index
    links, nodes = active_network(tiny, resolve_scenario(tiny, "full"))
    assert list(links.index) == ["r1", "e1", "w1", "e2", "e3"]
    assert links.at["r1", "speed_kmh"] == 200.0  # upgraded by p_up
    assert links.at["r1", "project_ids"] == ("p_up",)
    assert links.at["e2", "project_ids"] == ("p_new",)
    assert "c_port" in nodes.index
    # The dataset itself is untouched by the scenario.
    assert tiny.links.at["r1", "speed_kmh"] == 100.0


def test_year_scenario_keeps_projects_not_yet_open_out(tiny) -> None:
    links, _ = active_network(tiny, resolve_scenario(tiny, "2025"))
    assert list(links.index) == ["r1", "e1", "w1", "h1", "e3"]
    assert links.at["r1", "speed_kmh"] == 100.0


def test_a_year_term_counts_wherever_it_stands() -> None:
    from geo import load_dataset
    from network.scenario import resolve_scenario

    ds = load_dataset(TINY)
    one, other = resolve_scenario(ds, "full+2025"), resolve_scenario(ds, "2025+full")
    assert (one.project_ids, one.year) == (other.project_ids, other.year)
    assert one.year == 2025 and one.project_ids == ("p_new", "p_port", "p_up")
