"""``corridor.Study``: one object, names everywhere, numbers equal to the engine's."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import corridor
from corridor.cli import main
from geo.errors import InputError, ParametersError, UnknownPlaceError, UnknownProjectError
from network.cache import ScenarioCache
from network.compare import compare_pairs
from network.graph import build_graph
from network.routing import Router
from tests.conftest import TINY


@pytest.fixture(scope="module")
def tiny() -> corridor.Study:
    return corridor.Study(TINY)


def test_one_import_one_object(tiny) -> None:
    assert set(corridor.__all__) >= {"Study", "Comparison", "CorridorError", "InputError"}
    assert isinstance(tiny.compare(), corridor.Comparison)
    assert tiny.name == "Tiny test network"


def test_route_by_any_name_equals_the_engine(tiny) -> None:
    # r1 (a–b–c rail, 200 km at 160 km/h × 0.85 … ) upgraded by p_up: 84 min a→c.
    by_name = tiny.route("Alpha", "丙", scenario="full", modes="rail", basis="line_haul")
    engine = Router(build_graph(tiny.dataset, "full", modes="rail")).route("a", "c", "line_haul")
    assert by_name.minutes == pytest.approx(84.0) == engine.minutes
    assert (by_name.origin, by_name.destination) == ("a", "c")
    assert by_name.project_ids == ("p_up",)


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.route("Alpah", "c"),
        lambda s: s.route("a", "zz"),
        lambda s: s.matrix(places=["a", "nowhere"]),
        lambda s: s.compare(pairs=[("Alpha", "Gama")]),
        lambda s: s.timeline("a", "Gama"),
        lambda s: s.time_map("nowhere"),
        lambda s: compare_pairs(ScenarioCache(s.dataset), [("Alpha", "gamma!")]),
        lambda s: Router(s.graph("full")).route("Alpha", "Gamaa"),
    ],
)
def test_unknown_places_fail_loudly_with_suggestions(tiny, call) -> None:
    with pytest.raises(UnknownPlaceError) as info:
        call(tiny)
    assert "unknown place" in str(info.value)
    assert isinstance(info.value, KeyError) and isinstance(info.value, corridor.InputError)


def test_unreachable_still_means_no_path(tiny) -> None:
    route = tiny.route("a", "c", modes="water")
    assert route.minutes is None and not route.reachable
    pairs = tiny.compare(pairs=[("a", "c")], modes="water", brief=True).pairs
    assert pairs["status"].tolist() == ["unreachable"]
    assert pairs["before_min"].isna().all()


def test_unknown_project(tiny) -> None:
    with pytest.raises(UnknownProjectError) as info:
        tiny.project_map("p_upp")
    assert info.value.suggestions[0] == "p_up"
    with pytest.raises(UnknownProjectError):
        tiny.interactions(["p_up", "nope"])


def test_graphs_are_built_once_and_shared(tiny) -> None:
    study = corridor.Study(TINY)
    study.compare()
    built = study.cache.builds
    study.rank()
    study.circles()
    study.compare()
    assert study.cache.builds == built


def test_params_from_mapping_file_or_object(tmp_path) -> None:
    assert corridor.Study(TINY, params={"reach_minutes": [90]}).params.reach_minutes == (90.0,)
    path = tmp_path / "p.toml"
    path.write_text("gravity_half_life_minutes = 30\n", encoding="utf-8")
    assert corridor.Study(TINY, params=path).params.gravity_half_life_minutes == 30
    with pytest.raises(ParametersError):
        corridor.Study(TINY, params=tmp_path / "missing.toml")
    with pytest.raises(ParametersError):
        corridor.Study(TINY, params={"no_such_parameter": 1})


def test_bad_options_are_input_errors(tiny) -> None:
    for call in (
        lambda: tiny.rank(top=0),
        lambda: tiny.interactions(),
        lambda: tiny.export("x.csv", before="baseline"),
        lambda: corridor.Study(TINY, basis="by_air"),
    ):
        with pytest.raises(InputError):
            call()


def test_a_place_the_scenario_lacks_is_an_input_error(tiny) -> None:
    # node "e" is added by project p_port
    added = tiny.dataset.nodes.index[tiny.dataset.nodes["project_id"] != ""][0]
    with pytest.raises(InputError, match="is not in scenario 'baseline'"):
        tiny.route("a", added)


def _cli_json(capsys, *argv: str) -> dict:
    assert main([*argv, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def _plain(value: object) -> object:
    return json.loads(json.dumps(value, default=str, allow_nan=True).replace("NaN", "null"))


@pytest.mark.parametrize("data", [str(TINY), None])
def test_cli_compare_json_equals_study(capsys, data) -> None:
    argv = ["compare", "--no-progress", *(["--data", data] if data else [])]
    from corridor.render import json_text

    expected = json.loads(json_text(corridor.Study(data).compare().to_dict()))
    assert _cli_json(capsys, *argv) == expected


def test_cli_numbers_come_from_study(capsys, tiny) -> None:
    from corridor.render import json_text

    def same(argv: list[str], value: object) -> None:
        assert _cli_json(capsys, *argv, "--data", str(TINY)) == json.loads(json_text(value))

    route = tiny.route("a", "c", scenario="full")
    same(["route", "a", "c", "--scenario", "full"], route.to_dict())
    ranking = tiny.rank()
    got = _cli_json(capsys, "rank", "--data", str(TINY), "--no-progress")
    assert got["rows"] == json.loads(json_text(ranking.to_dict("records")))
    timeline = tiny.timeline("a", "c")
    got = _cli_json(capsys, "timeline", "a", "c", "--data", str(TINY))
    assert got["rows"] == json.loads(json_text(timeline.to_dict("records")))
    access = tiny.accessibility("full").reset_index()
    got = _cli_json(capsys, "access", "--scenario", "full", "--data", str(TINY))
    assert pd.DataFrame(got["rows"])["mean_min"].tolist() == pytest.approx(
        access["mean_min"].tolist(), nan_ok=True
    )


def test_export_and_verify(tiny, tmp_path) -> None:
    path, record = tiny.export(tmp_path / "od.csv", scenario="baseline")
    assert path.is_file() and record.name == "od.csv.manifest.json"
    assert tiny.verify(record) == []
    assert tiny.manifest(["full"])["scenarios"][0]["project_ids"] == ["p_new", "p_port", "p_up"]
