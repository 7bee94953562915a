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


def _synthetic_observations(dataset, params):
    """Figures 'published' by the model itself under known parameters."""
    import pandas as pd

    rows = [
        ("a", "b", "rail", "baseline"),
        ("a", "c", "rail", "baseline"),
        ("b", "c", "rail", "baseline"),
        ("a", "d", "road", "baseline"),
        ("d", "a", "road", "baseline"),
    ]
    frame = pd.DataFrame(rows, columns=["origin", "destination", "modes", "scenario"])
    frame["published_min"] = 1.0
    frame["covers"], frame["source"] = "", "test: generated"
    truth = calibrate(dataset, frame, params)
    frame["published_min"] = truth["modelled_min"].to_numpy()
    return frame


def test_fit_recovers_known_speed_factors() -> None:
    """Round trip: figures made with known factors are fitted back to them."""
    from network.calibration import by_mode, fit
    from network.params import TravelTimeParams
    from tests.conftest import TINY

    dataset = load_dataset(TINY)
    truth = TravelTimeParams().replace(speed_factor={"rail": 0.7, "expressway": 0.9})
    observations = _synthetic_observations(dataset, truth)
    fitted = fit(dataset, observations)
    assert fitted.speed_factor["rail"] == pytest.approx(0.7, rel=2e-3)
    assert fitted.speed_factor["expressway"] == pytest.approx(0.9, rel=2e-3)
    # modes no figure rides keep their defaults
    assert fitted.speed_factor["hsr"] == TravelTimeParams().speed_factor["hsr"]
    summary = by_mode(calibrate(dataset, observations, fitted))
    assert summary.loc["rail", "n"] == 3 and summary.loc["road", "n"] == 2
    assert summary["median_abs_pct"].max() < 0.5


def test_cross_validation_is_out_of_sample() -> None:
    from network.calibration import cross_validate
    from network.params import TravelTimeParams
    from tests.conftest import TINY

    dataset = load_dataset(TINY)
    truth = TravelTimeParams().replace(speed_factor={"rail": 0.7, "expressway": 0.9})
    observations = _synthetic_observations(dataset, truth)
    table = cross_validate(dataset, observations, folds=5)
    assert sorted(table["fold"]) == [0, 1, 2, 3, 4]  # each figure predicted once, held out
    assert list(table.index) == list(observations.index)
    # consistent figures: held-out predictions are as good as the fit
    assert table["error_pct"].abs().max() < 1.0
