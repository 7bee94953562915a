"""The model against published timetable figures (an independent measurement).

The observations live in docs/calibration.csv with their sources; docs/model.md shows
the table this test recomputes, so the documentation cannot drift from the model.
"""

from __future__ import annotations

import pytest

from geo import load_dataset
from network.cache import ScenarioCache
from network.calibration import calibrate, markdown_table, read_observations
from network.compare import compare_pairs
from network.graph import build_graph
from network.routing import Router
from tests.conftest import REPO


@pytest.fixture(scope="module")
def table():
    return calibrate(load_dataset(), read_observations())


def test_every_figure_within_20_percent(table) -> None:
    assert table["modelled_min"].notna().all()
    worst = table.loc[table["error_pct"].abs().idxmax()]
    assert abs(worst["error_pct"]) <= 20, worst.to_dict()
    assert table["error_pct"].abs().mean() <= 8


def test_chengdu_chongqing_within_5_percent(table) -> None:
    pair = table[(table["origin"] == "chengdu") & (table["destination"] == "chongqing")]
    rail = pair[pair["modes"] == "rail"].set_index("scenario")
    for scenario, published in (("2019", 75), ("2021", 62), ("full", 50)):
        assert rail.at[scenario, "published_min"] == published
        assert abs(rail.at[scenario, "error_pct"]) <= 5


def test_fifty_minute_target_in_full() -> None:
    # The middle line: 292 km at 400 km/h × 0.85 = 340 km/h, non-stop: 51.5 min.
    ds = load_dataset()
    full = Router(build_graph(ds, "full", modes="rail")).route("chengdu", "chongqing", "line_haul")
    assert full.minutes == pytest.approx(292 / 340 * 60)
    assert [leg.link_id for leg in full.legs] == ["chengyu_middle_hsr"]
    # The baseline (before the 2020 raise to 350 km/h): 308 km at 255 km/h, 72.5 min.
    before = compare_pairs(
        ScenarioCache(ds),
        [("chengdu", "chongqing")],
        before="baseline",
        after="full",
        modes="rail",
        basis="line_haul",
    )
    row = before.iloc[0]
    assert row["before_min"] == pytest.approx(308 / 255 * 60)
    assert row["after_min"] == pytest.approx(292 / 340 * 60)


def test_docs_table_is_current(table) -> None:
    text = (REPO / "docs" / "model.md").read_text(encoding="utf-8")
    assert markdown_table(table) in text, "regenerate with: python -m corridor.calibration"
