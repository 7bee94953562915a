"""The model against published timetable figures (an independent measurement).

The observations live in docs/calibration.csv with their sources; docs/model.md shows
the table this test recomputes, so the documentation cannot drift from the model.
"""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from geo import geodesic_km, load_dataset
from network.cache import ScenarioCache
from network.calibration import calibrate, markdown_table, read_observations
from network.compare import compare_pairs
from network.graph import build_graph
from network.params import dataset_params
from network.routing import Router
from tests.conftest import REPO


@pytest.fixture(scope="module")
def table():
    return calibrate(load_dataset(), read_observations())


def test_the_table_holds_sixty_sourced_year_matched_figures() -> None:
    observations = read_observations()
    used = observations[observations["flag"] == ""]
    counts = used["modes"].value_counts()
    assert len(used) >= 60 and counts["road"] >= 25 and counts["rail"] >= 25
    assert counts["water"] >= 5
    assert (observations["source"].str.strip() != "").all()
    years = observations["scenario"]
    assert (years.str.fullmatch(r"(19|20)\d\d") | (years == "full")).all()
    assert set(observations["basis"]) <= {"line-haul", "elapsed"}
    assert (observations.loc[observations["modes"] == "water", "basis"] == "elapsed").all()


def test_flagged_figures_are_reported_but_not_counted(table) -> None:
    from network.calibration import by_mode

    flagged = table[table["flag"] != ""]
    assert len(flagged) >= 10 and flagged["flag"].str.len().min() > 10  # each says why
    summary = by_mode(table)
    used = table[table["flag"] == ""]
    for modes, row in summary.iterrows():
        errors = used.loc[used["modes"] == modes, "error_pct"].dropna().abs()
        assert row["n"] == len(errors)
        assert row["median_abs_pct"] == pytest.approx(errors.median())


def test_every_figure_is_routed_in_its_own_year(table) -> None:
    # The Chengdu–Chongqing rail figures move with the network of their year.
    pair = table[(table["origin"] == "chengdu") & (table["destination"] == "chongqing")]
    rail = pair[pair["modes"] == "rail"].drop_duplicates("scenario").set_index("scenario")
    assert rail.at["2014", "route"].startswith("chengdu_chongqing_d_via_suining")
    assert rail.at["2019", "modelled_min"] > rail.at["2021", "modelled_min"]  # 300 → 350 km/h
    assert rail.at["full", "route"] == "chengyu_middle_hsr (0)"


def test_fifty_minute_target_in_full() -> None:
    """The middle line, recomputed by hand from its record and the dataset's parameters."""
    ds = load_dataset()
    params = dataset_params(ds.metadata)
    line = ds.links.loc["chengyu_middle_hsr"]
    stops = ds.nodes.loc[list(line["stops"])]
    chain = sum(
        float(geodesic_km(a.lon, a.lat, b.lon, b.lat))
        for a, b in itertools.pairwise(stops.itertuples())
    )
    km = max(292.0, chain)  # the published 292 km, never below the geodesic chain
    running = 400.0 * params.speed_factor["hsr"]
    loss = running / 3.6 / params.acceleration["hsr"] / 60.0  # start and stop once
    expected = km / running * 60.0 + loss
    full = Router(build_graph(ds, "full", modes="rail")).route("chengdu", "chongqing", "line_haul")
    assert full.minutes == pytest.approx(expected)
    assert [leg.link_id for leg in full.legs] == ["chengyu_middle_hsr"]
    row = compare_pairs(
        ScenarioCache(ds),
        [("chengdu", "chongqing")],
        before="baseline",
        after="full",
        modes="rail",
        basis="line_haul",
    ).iloc[0]
    assert row["after_min"] == pytest.approx(expected)
    assert row["before_min"] > row["after_min"]


def test_docs_table_is_current(table) -> None:
    text = (REPO / "docs" / "model.md").read_text(encoding="utf-8")
    assert markdown_table(table) in text, "regenerate with: python -m corridor.calibration"


def _synthetic_observations(dataset, params):
    """Figures 'published' by the model itself under known parameters."""
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
    """Round trip: figures made with known parameters are fitted back to them."""
    from network.calibration import by_mode, fit
    from tests.conftest import TINY

    dataset = load_dataset(TINY)
    start = dataset_params(dataset.metadata)
    truth = start.replace(speed_factor={"rail": 0.7}, expressway_kmh={"100": 90})
    observations = _synthetic_observations(dataset, truth)
    # Identifiable on tiny: the rail factor (one line) and the 100 km/h expressway class.
    chosen = (("speed_factor", "rail"), ("expressway_kmh", "100"))
    fitted = fit(dataset, observations, parameters=chosen)
    assert fitted.speed_factor["rail"] == pytest.approx(0.7, rel=2e-3)
    assert fitted.expressway_kmh["100"] == pytest.approx(90, rel=2e-3)
    # what is not fitted keeps its value
    assert fitted.speed_factor["hsr"] == start.speed_factor["hsr"]
    summary = by_mode(calibrate(dataset, observations, fitted))
    assert summary.loc["rail", "n"] == 3 and summary.loc["road", "n"] == 2
    assert summary["median_abs_pct"].max() < 0.5
    # A flagged figure, however wrong, does not move the fit.
    wrong = observations.assign(flag="")
    wrong.loc[len(wrong)] = ["a", "b", "rail", "baseline", 1.0, "", "test", "a bound"]
    again = fit(dataset, wrong, parameters=chosen)
    assert again.speed_factor["rail"] == pytest.approx(0.7, rel=2e-3)


def test_a_figure_faster_than_the_straight_line_is_flagged_not_fitted() -> None:
    from network.calibration import fit, flag_impossible
    from tests.conftest import TINY

    dataset = load_dataset(TINY)
    truth = dataset_params(dataset.metadata).replace(expressway_kmh={"100": 90})
    observations = _synthetic_observations(dataset, truth)
    # a (104°E, 30°N) to d (105°E, 31°N): 146 km by the geodesic, 73 min at 120 km/h;
    # a to b: 96.5 km, 16.5 min at 350 km/h.
    km_ad = float(geodesic_km(104.0, 30.0, 105.0, 31.0))
    km_ab = float(geodesic_km(104.0, 30.0, 105.0, 30.0))
    assert km_ad == pytest.approx(146.0, abs=1.0) and km_ab == pytest.approx(96.5, abs=0.5)
    rows = [("a", "d", "road", 70.0), ("a", "d", "road", 75.0), ("a", "b", "rail", 16.0),
            ("a", "b", "rail", 17.0), ("a", "d", "expressway", 70.0),
            ("a", "d", "Road,expressway", 70.0), ("a", "d", "any", 70.0),
            ("a", "d", "nonsense", 1.0)]  # fmt: skip
    extra = observations.iloc[[0] * len(rows)].copy()
    extra[["origin", "destination", "modes", "published_min"]] = rows
    extra["basis"] = ["line-haul", "", "line-haul", None, "", "line-haul", "", "line-haul"]
    flagged = flag_impossible(dataset, extra)["flag"].tolist()
    assert flagged[1] == flagged[3] == flagged[6] == flagged[7] == ""  # any: 350 km/h
    assert flagged[4] == flagged[5] == flagged[0]  # a mode, a list, any case
    elapsed = flag_impossible(dataset, extra.assign(basis="elapsed"))["flag"]
    assert (elapsed == "").all()  # a voyage's elapsed time is not line-haul
    assert flagged[0] == (
        f"faster than the straight line at 120 km/h, the top speed: {km_ad:.1f} km in 70 min "
        f"is {km_ad / 70 * 60:.1f} km/h"
    )
    assert flagged[2].startswith("faster than the straight line at 350 km/h")
    # However far off, the impossible road figure does not move the fit.
    chosen = (("expressway_kmh", "100"),)
    both = pd.concat([observations, extra.iloc[[0, 0, 0]]], ignore_index=True)
    assert "flag" not in both.columns  # the fit flags them itself
    fitted = fit(dataset, both, parameters=chosen)
    assert fitted.expressway_kmh["100"] == pytest.approx(90, rel=2e-3)


def test_cross_validation_is_out_of_sample() -> None:
    from network.calibration import cross_validate
    from tests.conftest import TINY

    dataset = load_dataset(TINY)
    truth = dataset_params(dataset.metadata).replace(speed_factor={"rail": 0.7})
    observations = _synthetic_observations(dataset, truth)
    table = cross_validate(dataset, observations, folds=5, parameters=(("speed_factor", "rail"),))
    assert sorted(table["fold"]) == [0, 1, 2, 3, 4]  # each figure predicted once, held out
    assert list(table.index) == list(observations.index)
    # consistent figures: held-out predictions are as good as the fit
    assert table["error_pct"].abs().max() < 1.0


def test_cross_validation_in_processes_equals_in_turn() -> None:
    from network.calibration import cross_validate
    from tests.conftest import TINY

    dataset = load_dataset(TINY)
    truth = dataset_params(dataset.metadata).replace(speed_factor={"rail": 0.7})
    observations = _synthetic_observations(dataset, truth)
    chosen = (("speed_factor", "rail"),)
    one = cross_validate(dataset, observations, folds=3, parameters=chosen)
    two = cross_validate(dataset, observations, folds=3, parameters=chosen, workers=2)
    assert one.equals(two)


def test_fit_command_prints_fitted_and_cross_validated_tables(tmp_path) -> None:
    """The whole ``--fit`` run, end to end, on the tiny fixture's own figures."""
    import subprocess
    import sys

    from tests.conftest import TINY

    dataset = load_dataset(TINY)
    frame = _synthetic_observations(dataset, dataset_params(dataset.metadata))
    frame["basis"], frame["flag"] = "line-haul", ""
    observations = tmp_path / "observations.csv"
    frame.to_csv(observations, index=False)
    run = subprocess.run(
        [sys.executable, "-m", "corridor.calibration", "--data", str(TINY),
         "--observations", str(observations), "--fit", "--folds", "2", "--workers", "1"],
        capture_output=True, text=True, cwd=REPO,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    for heading in ("the given parameters:", "fitted (in sample):", "2-fold cross-validated:"):
        assert heading in run.stdout
    assert "[speed_factor]" in run.stdout
