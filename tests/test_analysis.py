"""Accessibility, circles, targets, phases and ranking: numbers worked out by hand.

Tiny fixture (tests/data/tiny): residents a (1,000,000), b (500,000), c (250,000);
d is outside the study region (circle false), c_port is a facility a project adds.
Rail r1 a-b-c: 80 min a segment, dwell 4 (164 a→c); p_up raises it to 40 a segment
(84 a→c). h1 (HSR a-b, 2022, not a project): geodesic × 1.15 at 250 × 0.85.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from corridor.cli import main
from geo import geodesic_km, load_dataset
from geo.errors import TargetsError
from network.accessibility import (
    accessibility,
    accessibility_from_matrix,
    person_minutes_saved,
    resident_weights,
)
from network.cache import ScenarioCache
from network.circles import circle_members
from network.matrix import od_matrix
from network.params import dataset_params
from network.phases import phase_specs, timeline
from network.ranking import interactions, rank_projects
from network.targets import (
    Target,
    evaluate,
    read_targets,
    smallest_closing_set,
)
from tests.conftest import TINY

HSR_AB = float(geodesic_km(104, 30, 105, 30)) * 1.15 / (250 * 0.85) * 60


@pytest.fixture(scope="module")
def ds():
    return load_dataset(TINY)


# ----------------------------------------------------------------- accessibility


def small_matrix(values: list[list[float]]) -> pd.DataFrame:
    return pd.DataFrame(values, index=list("xyz"), columns=list("xyz"), dtype=float)


WEIGHTS = pd.Series({"x": 100.0, "y": 200.0, "z": 300.0})
NAN = math.nan


def test_accessibility_measures_by_hand() -> None:
    m = small_matrix([[0, 30, 90], [30, 0, NAN], [90, NAN, 0]])
    out = accessibility_from_matrix(m, WEIGHTS, reach_minutes=(60, 120), beta=math.log(2) / 60)
    # x: y (200 at 30) and z (300 at 90): (6000 + 27000) / 500 = 66.
    assert out.at["x", "mean_min"] == pytest.approx(66.0)
    assert out.at["x", "reachable_share"] == pytest.approx(1.0)
    assert out.at["x", "pop_within_60"] == 100 + 200  # own residents count
    assert out.at["x", "pop_within_120"] == 600
    assert out.at["x", "gravity"] == pytest.approx(200 * 2**-0.5 + 300 * 2**-1.5)
    # y reaches x only: 100 of the 400 others.
    assert out.at["y", "mean_min"] == pytest.approx(30.0)
    assert out.at["y", "reachable_share"] == pytest.approx(0.25)
    assert out.at["y", "pop_within_120"] == 300
    assert out.at["z", "gravity"] == pytest.approx(100 * 2**-1.5)
    assert out.at["z", "pop_within_60"] == 300


def test_person_minutes_by_hand() -> None:
    before = small_matrix([[0, 30, 90], [30, 0, NAN], [90, NAN, 0]])
    after = small_matrix([[0, 30, 60], [30, 0, 100], [60, NAN, 0]])
    benefit = person_minutes_saved(before, after, WEIGHTS)
    # x↔z: weight 100 × 300 / 600 = 50 trips each way, 30 min saved each.
    assert benefit.person_minutes == pytest.approx(3000.0)
    assert benefit.by_place["x"] == pytest.approx(1500.0)
    assert benefit.per_resident["x"] == pytest.approx(15.0)
    assert benefit.per_resident["z"] == pytest.approx(5.0)
    # y→z becomes reachable: 200 × 300 / 600 trips, not minutes.
    assert benefit.newly_reachable_trips == pytest.approx(100.0)
    assert benefit.top_places(1) == [("x", 1500.0)]


def test_accessibility_on_tiny(ds) -> None:
    weights = resident_weights(ds)
    assert weights.to_dict() == {"a": 1_000_000, "b": 500_000, "c": 250_000}
    out = accessibility(ScenarioCache(ds), "baseline", modes="rail", basis="line_haul")
    # a: b at 80, c at 164.
    assert out.at["a", "mean_min"] == pytest.approx((500_000 * 80 + 250_000 * 164) / 750_000)
    assert out.at["a", "pop_within_120"] == 1_500_000
    assert out.at["a", "nearest_core"] == "a" and out.at["a", "nearest_core_min"] == 0
    assert out.at["b", "nearest_core_min"] == pytest.approx(80.0)
    assert out.at["b", "nearest_airport"] is None  # the fixture has no airport
    assert math.isnan(out.at["d", "mean_min"])  # d has no rail


# ------------------------------------------------------------------------ ranking


def explicit_benefit(before: pd.DataFrame, after: pd.DataFrame, weights: pd.Series) -> float:
    total = weights.sum()
    saved = 0.0
    for i, wi in weights.items():
        for j, wj in weights.items():
            if i == j:
                continue
            t0, t1 = before.at[i, j], after.at[i, j]
            if not (math.isnan(t0) or math.isnan(t1)):
                saved += wi * wj / total * (t0 - t1)
    return saved


def test_rank_equals_full_recomputation(ds) -> None:
    ranking = rank_projects(ScenarioCache(ds)).set_index("project_id")
    weights = resident_weights(ds)
    for project in ("p_up", "p_new", "p_port"):
        base = od_matrix(ScenarioCache(ds), "baseline")
        added = od_matrix(ScenarioCache(ds), f"baseline+{project}")
        full = od_matrix(ScenarioCache(ds), "full")
        without = od_matrix(ScenarioCache(ds), f"full-{project}")
        assert ranking.at[project, "add_one_in_pmin"] == pytest.approx(
            explicit_benefit(base, added, weights)
        )
        assert ranking.at[project, "leave_one_out_pmin"] == pytest.approx(
            explicit_benefit(without, full, weights)
        )
    # p_up saves 80 min a→c and c→a door-to-door (164 → 84): 2 × 1e6 × 250e3 / 1.75e6 trips.
    assert ranking.at["p_up", "add_one_in_pmin"] >= 2 * 1e6 * 250e3 / 1.75e6 * 80 - 1e-6
    assert ranking.at["p_up", "add_one_in_pmin_per_bn"] == pytest.approx(
        ranking.at["p_up", "add_one_in_pmin"] / 5.5
    )


def test_project_that_changes_no_trip_has_zero_benefit(ds) -> None:
    ranking = rank_projects(ScenarioCache(ds)).set_index("project_id")
    # The port road only reaches the port, which no resident travels to.
    assert ranking.at["p_port", "add_one_in_pmin"] == 0.0
    assert ranking.at["p_port", "leave_one_out_pmin"] == 0.0
    assert ranking.at["p_port", "top_places"] == ""
    # Projects with no network effect are listed, not ranked as zero.
    for project in ("p_5g", "p_x"):
        assert not ranking.at[project, "network_effect"]
        assert pd.isna(ranking.at[project, "rank"])
        assert math.isnan(ranking.at[project, "add_one_in_pmin"])
    assert list(ranking.index[:1]) == ["p_up"]


def test_ranking_identical_across_runs(ds) -> None:
    first = rank_projects(ScenarioCache(ds))
    for _ in range(2):
        again = rank_projects(ScenarioCache(ds))
        pd.testing.assert_frame_equal(first, again)


def test_interaction_is_joint_minus_alone(ds) -> None:
    pairs = interactions(ScenarioCache(ds), ["p_up", "p_new"])
    row = pairs.iloc[0]
    weights = resident_weights(ds)
    base = od_matrix(ScenarioCache(ds), "baseline")
    joint = explicit_benefit(base, od_matrix(ScenarioCache(ds), "baseline+p_new+p_up"), weights)
    assert (row["project_a"], row["project_b"]) == ("p_new", "p_up")
    assert row["joint_pmin"] == pytest.approx(joint, abs=1e-6)  # person-minutes
    assert row["interaction_pmin"] == pytest.approx(
        joint - row["alone_a_pmin"] - row["alone_b_pmin"], abs=1e-6
    )


# ------------------------------------------------------------- circles and targets


def test_circles_by_hand(ds) -> None:
    cache = ScenarioCache(ds)
    out = circle_members(cache, "baseline", "full", minutes=90).set_index(["core", "place"])
    # a: b by rail in 80 (member before), c in 164 → 84 with p_up (joins).
    assert out.loc[("a", "b"), "change"] == "stays"
    assert out.loc[("a", "c"), "before_min"] == pytest.approx(164.0)
    assert out.loc[("a", "c"), "after_min"] == pytest.approx(84.0)
    assert out.loc[("a", "c"), "change"] == "joins"
    assert out.loc[("c", "a"), "change"] == "joins"
    assert ("a", "d") not in out.index  # d is outside the study region


def test_target_status_and_smallest_closing_set(ds) -> None:
    cache = ScenarioCache(ds)
    target = Target("ac_100", "a–c in 100", ("a",), ("c",), 100.0, "line_haul", "rail")
    base = evaluate(cache, target, "baseline")
    assert not base.met and base.gap_min == pytest.approx(64.0) and base.pairs == 2
    full = evaluate(cache, target, "full")
    assert full.met and full.gap_min == pytest.approx(-16.0) and full.pairs_met == 2
    closing = smallest_closing_set(cache, target)
    assert closing.project_ids == ("p_up",)
    assert closing.minutes == pytest.approx(84.0)
    impossible = Target("ac_50", "a–c in 50", ("a",), ("c",), 50.0, "line_haul", "rail")
    result = smallest_closing_set(cache, impossible)
    assert result.project_ids is None and not result.full_met


def test_targets_file_errors_name_file_target_and_field(ds, tmp_path) -> None:
    path = tmp_path / "targets.toml"
    path.write_text(
        '[[targets]]\nid = "t1"\nfrom = "a"\nto = "zz"\nminutes = -5\nmode_set = "air"\n'
        'colour = "red"\n',
        encoding="utf-8",
    )
    with pytest.raises(TargetsError) as info:
        read_targets(ds, path)
    text = str(info.value)
    assert f"{path}: target 't1': to: 'zz' is not a place id or name" in text
    assert "minutes: -5 is not a number of minutes > 0" in text
    assert "mode_set: 'air' is not one of" in text
    assert "colour: unknown key" in text
    assert main(["targets", "--data", str(TINY), "--targets", str(path)]) == 2


# -------------------------------------------------------------------------- phases


def test_timeline_by_hand(ds) -> None:
    cache = ScenarioCache(ds)
    phases = phase_specs(ds, (2020, 2025, 2027, 2030), today=False)
    assert phases == ["baseline", "2020", "2025", "2027", "2030"]
    out = timeline(cache, "a", "c", phases=phases, modes="rail", basis="line_haul")
    minutes = dict(zip(out["phase"], out["minutes"], strict=True))
    assert minutes["baseline"] == pytest.approx(164.0)
    # From 2022 the HSR a-b, then a change to rail (20) and rail b→c (80).
    assert minutes["2025"] == pytest.approx(HSR_AB + 20 + 80)
    assert minutes["2027"] == pytest.approx(84.0)  # p_up: staying on r1 beats the HSR
    row = out.set_index("phase").loc["2027"]
    assert row["new_projects"] == "p_up"
    assert row["change_min"] == pytest.approx(84.0 - (HSR_AB + 100))


# ----------------------------------------------------------------------------- CLI


def run_json(capsys, *argv: str) -> dict:
    assert main([*argv, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_cli_rank_json(capsys) -> None:
    out = run_json(capsys, "rank", "--data", str(TINY), "--no-progress", "--interactions", "2")
    rows = out["rows"]
    assert rows[0]["project_id"] == "p_up" and rows[0]["rank"] == 1
    assert [r["project_id"] for r in rows if r["rank"] is None] == ["p_5g", "p_x"]
    assert rows[-1]["add_one_in_pmin"] is None  # null, not 0
    assert len(out["interactions"]) == 1


def test_cli_access_targets_timeline_json(capsys, tmp_path) -> None:
    access = run_json(capsys, "access", "--data", str(TINY), "--modes", "rail")
    assert {r["place"] for r in access["rows"]} == {"a", "b", "c", "d"}
    facilities = run_json(
        capsys, "access", "--data", str(TINY), "--facilities", "--scenario", "full"
    )
    row = next(r for r in facilities["rows"] if r["origin"] == "c")
    # c → port: road access 5, the 60 km/h road (geodesic × 1.3), egress 5.
    road = float(geodesic_km(106, 30, 106.05, 30.02)) * 1.3 / (60 * 0.75) * 60
    assert row["c_port"] == pytest.approx(5 + road + 5)
    path = tmp_path / "t.toml"
    path.write_text(
        '[[targets]]\nid = "ac"\nfrom = "a"\nto = "c"\nminutes = 100\nmode_set = "rail"\n',
        encoding="utf-8",
    )
    targets = run_json(
        capsys,
        "targets",
        "--data",
        str(TINY),
        "--targets",
        str(path),
        "--close",
        "--scenarios",
        "baseline,full",
    )
    assert [(r["scenario"], r["status"]) for r in targets["rows"]] == [
        ("baseline", "not met"),
        ("full", "met"),
    ]
    assert targets["closing_sets"][0]["project_ids"] == ["p_up"]
    line = run_json(
        capsys,
        "timeline",
        "a",
        "c",
        "--data",
        str(TINY),
        "--modes",
        "rail",
        "--basis",
        "line_haul",
        "--years",
        "2027",
    )
    phases = [r["phase"] for r in line["rows"]]
    assert phases[0] == "baseline" and phases[-1] in ("2027", "today")  # today is added
    assert line["rows"][0]["minutes"] == pytest.approx(164.0)


def test_cli_compare_summary_json(capsys) -> None:
    out = run_json(capsys, "compare", "--data", str(TINY), "--no-progress")
    assert set(out) >= {"rows", "circles", "targets", "top_projects"}
    assert out["circles"]["minutes"] == 60
    assert out["top_projects"]["rows"][0]["project_id"] == "p_up"
    assert out["targets"] == []  # the tiny dataset states no targets
    brief = run_json(capsys, "compare", "--data", str(TINY), "--brief")
    assert "circles" not in brief


def test_parameters_reach_and_half_life(ds) -> None:
    params = dataset_params(ds.metadata).replace(reach_minutes=[90], gravity_half_life_minutes=30)
    out = accessibility(ScenarioCache(ds, params), "baseline", modes="rail", basis="line_haul")
    assert "pop_within_90" in out.columns and "pop_within_60" not in out.columns
    expected = 500_000 * 2 ** (-80 / 30) + 250_000 * 2 ** (-164 / 30)
    assert out.at["a", "gravity"] == pytest.approx(expected)
    assert np.isclose(params.gravity_beta, math.log(2) / 30)
