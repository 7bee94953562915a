"""Appraisal: numbers worked out by hand on two-zone fixtures, properties, the whole run."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor import Study
from corridor.cli import main
from network.appraisal import effect, eirr, results, streams
from network.appraisalparams import AppraisalParams
from network.demand import Zones, calibrate_rates, respond, trip_table
from network.wider import effective_density, gini, income_groups, palma, productivity_gain
from tests.conftest import TINY

#: Only business trips, VoT 10 CNY/h growing 10 % a year with elasticity 1, 10 % discount.
HAND = AppraisalParams.from_mapping(
    {
        "discount_rate": 0.10,
        "price_year": 2020,
        "operation_years": {"railway": 3},
        "construction_years": {"railway": 2},
        "asset_life_years": {"railway": 10},
        "om_share": {"railway": 0.01},
        "value_of_time": {"business": 10.0, "commuting": 0.0, "other": 0.0},
        "vot_elasticity": 1.0,
        "gdp_per_head_growth": {"2021": 0.10, "2026": 0.10, "2031": 0.10, "2036": 0.10},
    }
)
PROJECT = pd.Series(
    {"id": "p", "subtype": "railway", "opening_year": 2022, "investment_cny_bn": 1.0}
)


def test_streams_by_hand() -> None:
    """Built 2020-21, open 2022-24; benefits grow as fast as they are discounted."""
    s = streams(PROJECT, {"business": 1000.0, "commuting": 0.0, "other": 0.0}, 0.0, HAND)
    assert list(s["year"]) == [2020, 2021, 2022, 2023, 2024]
    assert list(s["investment"]) == [0.5e9, 0.5e9, 0, 0, 0]
    assert list(s["om"]) == [0, 0, 1e7, 1e7, 1e7]
    assert list(s["residual"]) == [0, 0, 0, 0, 0.7e9]  # 1 - 3/10 of the investment left
    # VoT in 2022 = 10 x 1.1^2 (growth of 2021 and 2022), an hour saved a 1000 times
    assert s["time_business"].tolist() == pytest.approx([0, 0, 12_100, 13_310, 14_641])
    out = results(s, HAND.discount_rate)
    assert out["pv_benefits"] == pytest.approx(30_000)  # 10 x 1000 a year, growth = discount
    costs = 0.5e9 + 0.5e9 / 1.1 + 1e7 * (1.1**-2 + 1.1**-3 + 1.1**-4) - 0.7e9 * 1.1**-4
    assert out["pv_costs"] == pytest.approx(costs)
    assert out["npv"] == pytest.approx(30_000 - costs)
    assert out["bcr"] == pytest.approx(30_000 / costs)
    assert out["verdict"] == "costs exceed benefits"


def test_a_project_without_investment_is_benefits_only() -> None:
    free = PROJECT.copy()
    free["investment_cny_bn"] = float("nan")
    s = streams(free, {"business": 1000.0, "commuting": 0.0, "other": 0.0}, 5.0, HAND)
    assert list(s["year"]) == [2022, 2023, 2024] and s["costs"].sum() == 0
    out = results(s, HAND.discount_rate)
    assert out["verdict"] == "benefits only" and math.isnan(out["bcr"])
    assert out["pv_benefits"] == pytest.approx(30_000 + 5 * (1.1**-2 + 1.1**-3 + 1.1**-4))


def test_eirr_by_hand() -> None:
    """-100 now, +121 in two years: 10 %."""
    assert eirr(np.array([2020.0, 2021, 2022]), np.array([-100.0, 0, 121])) == pytest.approx(0.1)
    assert math.isnan(eirr(np.array([2020.0, 2021]), np.array([-1.0, -1.0])))


def test_rule_of_a_half_on_two_zones() -> None:
    """A and B, 1000 residents each, one business trip a year each way, 60 → 30 min."""
    zones = Zones(["a", "b"], np.array([1000.0, 1000.0]), np.array([1.0, 1.0]))
    before = np.array([[0.0, 60.0], [60.0, 0.0]])
    after = np.array([[0.0, 30.0], [30.0, 0.0]])
    rates = {"business": 1.0, "commuting": 0.0, "other": 0.0}
    decay = {"business": 0.02, "commuting": 0.02, "other": 0.02}
    trips = trip_table(zones, before, rates, decay, choke_minutes=720)
    assert trips["business"].tolist() == [[0, 1000], [1000, 0]]  # all go to the other zone
    params = AppraisalParams(demand_elasticity=-0.5)
    found = effect(zones, before, after, trips, params)
    t1 = 1000 * (30 / 60) ** -0.5  # induced: 1414.2 a year each way
    assert found.trips_after - found.trips_before == pytest.approx(2 * (t1 - 1000))
    assert found.hours["business"] == pytest.approx(2 * 0.5 * (1000 + t1) * 0.5)
    assert found.by_origin.tolist() == pytest.approx([0.5 * (1000 + t1) * 0.5] * 2)
    assert found.valued == found.hours  # no mode factor: every hour at the purpose's value
    # a → b by rail (1.2) both before and after, b → a by road (1.0): the hours are the same,
    # the valued hours of a → b weigh 1.2
    factor = np.array([[1.0, 1.2], [1.0, 1.0]])
    weighted = effect(zones, before, after, trips, params, factor)
    one_way = 0.5 * (1000 + t1) * 0.5
    assert weighted.hours == found.hours
    assert weighted.valued["business"] == pytest.approx(1.2 * one_way + one_way)
    assert weighted.value_by_origin.tolist() == pytest.approx(
        [1.2 * one_way * 58.5, one_way * 58.5]
    )


def test_the_mode_factor_follows_the_fastest_mode_set(tiny: Path) -> None:
    """In the tiny data a, b and c lie on the railway and d only on the a–d expressway:
    pairs among a, b, c travel by rail (1.2; the b–c river is slower), pairs with d by
    road (1.0); no project changes a pair's mode, so every factor stays as it was."""
    model = Study(tiny).appraisal_model()
    assert model.ids == ["a", "b", "c", "d"]
    expected = np.array([[1.2, 1.2, 1.2, 1.0]] * 3 + [[1.0] * 4])
    off = ~np.eye(4, dtype=bool)
    np.testing.assert_allclose(model._factor_base[off], expected[off])
    for factor in model.factors.values():
        np.testing.assert_allclose(factor[off], expected[off])
    # a dataset overrides one mode's factor; the others keep theirs
    params = AppraisalParams.from_mapping({"vot_mode_factor": {"rail": 2.0}})
    assert params.vot_mode_factor == {"rail": 2.0, "road": 1.0, "water": 0.85}


def test_calibrated_rates_reproduce_the_count() -> None:
    rng = np.random.default_rng(1)
    zones = Zones(list("abcd"), rng.uniform(1e5, 1e6, 4), rng.uniform(1e9, 1e10, 4))
    minutes = rng.uniform(30, 300, (4, 4))
    minutes = (minutes + minutes.T) / 2
    shares = {"business": 0.4, "commuting": 0.1, "other": 0.5}
    decay = {"business": 0.01, "commuting": 0.04, "other": 0.02}
    rates = calibrate_rates(zones, minutes, shares, decay, ([0], [2, 3]), 5e6, choke_minutes=720)
    trips = trip_table(zones, minutes, rates, decay, choke_minutes=720)
    for purpose, share in shares.items():
        t = trips[purpose]
        between = t[0, [2, 3]].sum() + t[[2, 3], 0].sum()
        assert between == pytest.approx(share * 5e6)


def test_vot_growth_by_periods() -> None:
    p = AppraisalParams(vot_elasticity=0.5, gdp_per_head_growth={"2021": 0.10, "2023": 0.0})
    assert dict(p.gdp_per_head_growth) == {"2021": 0.10, "2023": 0.0}
    assert p.vot_growth(2020) == 1.0
    assert p.vot_growth(2022) == pytest.approx(1.1**0.5 * 1.1**0.5)
    assert p.vot_growth(2030) == pytest.approx(1.1)  # no growth from 2023
    assert p.vot_growth(2019) == pytest.approx(1 / 1.1**0.5)  # before: the first rate


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.floats(0, 1e9), min_size=3, max_size=8),
    st.floats(1e6, 1e9),
    st.floats(0.0, 0.15),
)
def test_results_are_consistent(benefits: list[float], cost: float, rate: float) -> None:
    years = np.arange(2020, 2020 + len(benefits) + 1)
    s = pd.DataFrame(
        {"year": years, "benefits": [0.0, *benefits], "costs": [cost] + [0.0] * len(benefits)}
    )
    s["net"] = s["benefits"] - s["costs"]
    s["discount_factor"] = (1 + rate) ** -(years - 2020)
    out = results(s, rate)
    assert (out["bcr"] > 1) == (out["npv"] > 0) or abs(out["npv"]) < 1e-6 * cost
    if out["bcr"] > 1e-9:  # benefits changed by the switching share make NPV zero
        assert out["pv_benefits"] * (1 + out["benefits_switch"]) == pytest.approx(out["pv_costs"])
        assert out["pv_costs"] * (1 + out["costs_switch"]) == pytest.approx(out["pv_benefits"])
    if np.isfinite(out["eirr"]):
        t = years - years[0]
        assert float((s["net"] / (1 + out["eirr"]) ** t).sum()) == pytest.approx(0, abs=1e-3 * cost)


def test_inequality_by_hand() -> None:
    assert gini(np.ones(4), np.ones(4)) == pytest.approx(0.0)
    assert gini(np.array([0, 0, 0, 1.0]), np.ones(4)) == pytest.approx(0.75)
    assert palma(np.arange(1, 11.0), np.ones(10)) == pytest.approx(1.0)  # top 10/55, bottom 10/55
    assert income_groups(np.array([1.0, 2, 3, 4, 5]), np.ones(5)).tolist() == [1, 2, 3, 4, 5]


def test_effective_density_by_hand() -> None:
    gdp = np.array([100.0, 50.0])
    minutes = np.array([[0.0, 10.0], [10.0, 0.0]])
    own = np.array([5.0, 2.0])
    ed = effective_density(gdp, minutes, own, 1.0, 720)
    assert ed.tolist() == pytest.approx([100 / 5 + 50 / 10, 100 / 10 + 50 / 2])
    faster = effective_density(gdp, minutes / 2, own, 1.0, 720)
    gain = productivity_gain(gdp, ed, faster, 0.04)
    assert gain[0] == pytest.approx(100 * ((faster[0] / ed[0]) ** 0.04 - 1))


def test_demand_responds_with_the_elasticity() -> None:
    out = respond(np.array([100.0]), np.array([60.0]), np.array([45.0]), -0.7, 720)
    assert out[0] == pytest.approx(100 * 0.75**-0.7)


# ---------------------------------------------------------------------- the whole run


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    """The tiny data with its own calibration: 100,000 trips a year between a and c."""
    folder = tmp_path_factory.mktemp("appraise") / "tiny"
    shutil.copytree(TINY, folder)
    with open(folder / "dataset.toml", "a", encoding="utf-8") as handle:
        handle.write('\n[appraisal]\ncalibration_groups = ["a", "c"]\nobserved_trips = 100000\n')
    return folder


def test_tiny_appraisal(tiny: Path) -> None:
    appraisal = Study(tiny).appraise()
    r = appraisal.results.set_index("project_id")
    assert set(r.index) == {"p_new", "p_up", "p_port", "programme"}
    # p_up (5.5 bn, railway, opens 2027) has NPV, BCR and EIRR; p_port has no figure
    assert np.isfinite(r.at["p_up", "bcr"]) and np.isfinite(r.at["p_up", "npv"])
    assert r.at["p_port", "verdict"] == "benefits only"
    c = appraisal.demand["calibration"]
    assert c["modelled"] == pytest.approx(c["observed"]) == 100_000
    # the programme's costs are its projects' own
    s = appraisal.streams
    programme = s[s["project_id"] == "programme"]["investment"].sum()
    assert programme == pytest.approx(s[s["project_id"] != "programme"]["investment"].sum())
    assert programme == pytest.approx((10 + 5.5) * 1e9)
    # the programme is the projects with an investment figure: p_port (none) is not in it,
    # neither in its costs nor in its joint benefit
    assert Study(tiny).appraisal_model().programme_projects == ["p_new", "p_up"]
    assert r.at["programme", "investment_cny_bn"] == pytest.approx(15.5)
    # the programme's benefits while all are open (2030-2044) equal the joint effect
    # (hours weighted by the value-of-time factor of each pair's mode)
    hours = appraisal.results.set_index("project_id").loc["programme", "valued_hours_business"]
    year = s[(s["project_id"] == "programme") & (s["year"] == 2040)].iloc[0]
    expected = hours * 58.5 * appraisal.params.vot_growth(2040)
    assert year["time_business"] == pytest.approx(expected)


def test_sweep_is_reproducible_and_bounded(tiny: Path) -> None:
    study = Study(tiny)
    one = study.appraise(sweep=3, seed=7)
    two = study.appraise(sweep=3, seed=7)
    assert one.sweep is not None and two.sweep is not None
    pd.testing.assert_frame_equal(one.sweep["table"], two.sweep["table"])
    row = one.results.set_index("project_id").loc["p_up"]
    assert 0 <= row["p_bcr_above_1"] <= 1 and row["bcr_p05"] <= row["bcr_p50"] <= row["bcr_p95"]
    assert 0 <= one.sweep["top5_stable"] <= 1


def test_cli_appraise_writes_a_workbook_read_back_by_openpyxl(tiny: Path, tmp_path, capsys) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "a.xlsx"
    assert main(["appraise", "--data", str(tiny), "--format", "xlsx", "-o", str(out)]) == 0
    book = load_workbook(out)
    assert book.sheetnames == [
        "assumptions",
        "results",
        "streams",
        "wider",
        "who gains",
        "groups",
        "demand",
    ]
    header = [c.value for c in book["results"][1]]
    rows = {
        r[0]: dict(zip(header, r, strict=True))
        for r in book["results"].iter_rows(min_row=2, values_only=True)
    }
    assert rows["p_up"]["bcr"] == pytest.approx(
        Study(tiny).appraise().results.set_index("project_id").at["p_up", "bcr"]
    )
    sources = {r[0]: r[3] for r in book["assumptions"].iter_rows(min_row=2, values_only=True)}
    assert "NDRC" in sources["discount_rate"]
    manifest = json.loads((tmp_path / "a.xlsx.manifest.json").read_text(encoding="utf-8"))
    assert manifest["command"] == "appraise"
    first = out.read_bytes()
    assert main(["appraise", "--data", str(tiny), "--format", "xlsx", "-o", str(out)]) == 0
    assert out.read_bytes() == first
    capsys.readouterr()
    assert main(["appraise", "--data", str(tiny), "--format", "json", "--project", "p_up"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert [r["project_id"] for r in body["results"]] == ["p_up", "programme"]


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--format", "xlsx"], "-o FILE.xlsx"),
        (["--format", "xlsx", "-o", "x.csv"], ".xlsx"),
        (["-o", "x.xlsx"], "-o is for --format xlsx"),
        (["--workers", "2"], "--sweep N"),
        (["--project", "p_zz"], "unknown project"),
    ],
)
def test_cli_appraise_refuses_contradictions(tiny: Path, argv, said, capsys) -> None:
    assert main(["appraise", "--data", str(tiny), *argv]) == 2
    assert said in capsys.readouterr().err


def test_uncalibrated_dataset_says_so_and_uses_the_embedded_rates(capsys) -> None:
    assert main(["appraise", "--data", str(TINY)]) == 0
    said = capsys.readouterr().out
    assert "NOT calibrated" in said and "calibration_groups" in said
    demand = Study(TINY).appraise().demand
    assert demand["rates"] == {"business": 4.59, "commuting": 7.68, "other": 11.40}
    assert demand["calibration"]["calibrated"] is False


def test_zones_whose_trips_get_longer_are_listed_with_the_reason() -> None:
    from network.wider import losers

    before = np.array([[0.0, 10.0, 20.0], [10.0, 0.0, 15.0], [20.0, 15.0, 0.0]])
    after = before.copy()
    after[0, 1] = after[1, 0] = 25.0  # a service between x and y closes
    names = pd.Series({"x": "X", "y": "Y", "z": "Z"})
    lost = losers(["x", "y", "z"], names, before, after, np.ones(3))
    assert list(lost["zone"]) == ["x", "y"]
    assert "the trip to Y takes 15.0 min longer" in lost.iloc[0]["reason"]
    assert lost.iloc[0]["mean_min_after"] == pytest.approx((25 + 20) / 2)


def test_sweep_on_a_dask_local_cluster_equals_in_process(tiny: Path) -> None:
    """The speed draws run through the sweep runner on a real two-worker LocalCluster."""
    distributed = pytest.importorskip("distributed")
    study = Study(tiny)
    local = study.appraise(sweep=2, seed=3)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        remote = study.appraise(sweep=2, seed=3, dask=client)
    assert local.sweep is not None and remote.sweep is not None
    pd.testing.assert_frame_equal(local.sweep["table"], remote.sweep["table"])


def test_every_assumption_has_a_source(tiny: Path) -> None:
    table = Study(tiny).appraise().assumptions
    assert (table["source"].str.len() > 10).all(), table[table["source"].str.len() <= 10]
    names = set(table["parameter"])
    assert {"discount_rate", "value_of_time", "freight.truck_cny_tkm", "sweep.vot"} <= names


def test_every_speed_draw_moves_the_network(tiny: Path) -> None:
    """Each mode's speed multiplier changes some door-to-door time (none is overridden)."""
    from corridor.appraisesweep import SPEED_MODES, _speed_overrides
    from corridor.sweep import apply_overrides
    from network.cache import ScenarioCache

    study = Study(tiny)
    base = study.cache.matrix("today")  # h1 (HSR) and e3 (road) are open by now
    for mode in SPEED_MODES:
        scale = {m: (0.5 if m == mode else 1.0) for m in SPEED_MODES}
        params = apply_overrides(study.params, _speed_overrides(study.params, scale))
        slower = ScenarioCache(study.dataset, params).matrix("today")
        assert (slower.to_numpy() - base.to_numpy() > 0.1).any(), mode


def test_return_legs_from_outside_belong_to_the_residents() -> None:
    """A (1000 residents) and X outside: A's 1000 trips to X come back; A saves both ways."""
    zones = Zones(["a", "x"], np.array([1000.0, 5000.0]), np.array([1.0, 1.0]),
                  produces=np.array([True, False]))  # fmt: skip
    before = np.array([[0.0, 120.0], [120.0, 0.0]])
    after = np.array([[0.0, 60.0], [60.0, 0.0]])
    rates = {"business": 1.0, "commuting": 0.0, "other": 0.0}
    decay = dict.fromkeys(("business", "commuting", "other"), 0.01)
    trips = trip_table(zones, before, rates, decay, choke_minutes=720)
    assert trips["business"].tolist() == [[0, 1000], [1000, 0]]  # X produces only returns
    found = effect(zones, before, after, trips, AppraisalParams(demand_elasticity=0.0))
    assert found.hours["business"] == pytest.approx(2 * 1000 * 1.0)  # an hour each way
    assert found.by_origin.tolist() == pytest.approx([2000.0, 0.0])  # all A's


def test_projects_appraised_together(tiny: Path, capsys) -> None:
    """A bundle: the members' costs, their joint benefit once both are open."""
    appraisal = Study(tiny).appraise("p_new+p_up")
    r = appraisal.results.set_index("project_id")
    assert sorted(r.index) == ["p_new+p_up", "programme"]
    assert r.at["p_new+p_up", "investment_cny_bn"] == pytest.approx(15.5)
    s = appraisal.streams.set_index(["project_id", "year"])
    bundle, programme = s.loc["p_new+p_up"], s.loc["programme"]
    pd.testing.assert_series_equal(bundle["costs"], programme["costs"])  # the same two
    # from 2030 both are open: the bundle's time benefit is their joint effect
    hours = r.at["p_new+p_up", "valued_hours_business"]
    growth = appraisal.params.vot_growth(2035)
    assert bundle.at[2035, "time_business"] == pytest.approx(hours * 58.5 * growth)
    assert main(["appraise", "--data", str(tiny), "--project", "p_new+p_zz"]) == 2
    assert "p_zz" in capsys.readouterr().err
