"""Airport capacity: the surplus of the trips a new airport lets fly, by hand and by integral."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad

from corridor import Study
from corridor.cli.validate import check
from network.aircapacity import AirMarket, capacity_benefit
from network.appraisal import streams
from network.appraisalparams import AppraisalParams
from tests.conftest import TINY

#: GDP per head grows 10 % a year; air trips follow it one for one; fare elasticity −1.
FLAT = AppraisalParams.from_mapping(
    {
        "price_year": 2020,
        "gdp_per_head_growth": {"2021": 0.10},
        "air_price_elasticity": -1.0,
        "air_income_elasticity": 1.0,
    }
)
#: 150 million would fly at 100 CNY; the airports take 100 million; the project adds 100.
MARKET = AirMarket("m", "M", "p_air", 2020, 150.0, 100.0, 100.0, 100.0)


def test_capacity_benefit_by_hand() -> None:
    got = capacity_benefit(MARKET, FLAT, np.array([2020, 2021]))
    # 2020: the fare clears 150 million down to 100 at 100 × (100/150)^(1/−1) = 150 CNY,
    # a premium of 50; with the project all 150 fly at 100. The surplus of the 50 million
    # new trips: ∫ from 100 to 150 of (100 × 150 / q − 100) dq = 15,000 ln 1.5 − 5,000.
    assert got["premium_without"][0] == pytest.approx(50.0)
    assert got["premium_with"][0] == 0.0
    assert got["served_without"][0] == 100e6 and got["served_with"][0] == 150e6
    assert got["benefit"][0] == pytest.approx((15_000 * math.log(1.5) - 5_000) * 1e6)
    # 2021: demand 165 million (10 % growth): 16,500 ln 1.65 − 6,500.
    assert got["demand"][1] == pytest.approx(165e6)
    assert got["benefit"][1] == pytest.approx((16_500 * math.log(1.65) - 6_500) * 1e6)


def test_both_capacities_binding_and_none() -> None:
    tight = AirMarket("m", "M", "p", 2020, 300.0, 100.0, 100.0, 100.0)
    got = capacity_benefit(tight, FLAT, np.array([2020]))
    # without: 100 × 3 − 100 = 200; with (200 million): 100 × 1.5 − 100 = 50; the surplus
    # of the 100 million more: ∫ from 100 to 200 of (30,000 / q − 150) dq
    assert got["premium_without"][0] == pytest.approx(200.0)
    assert got["premium_with"][0] == pytest.approx(50.0)
    assert got["benefit"][0] == pytest.approx((30_000 * math.log(2) - 15_000) * 1e6)
    loose = AirMarket("m", "M", "p", 2020, 80.0, 100.0, 100.0, 100.0)
    assert capacity_benefit(loose, FLAT, np.array([2020]))["benefit"][0] == 0.0


@settings(max_examples=40, deadline=None)
@given(
    demand=st.floats(1.0, 500.0),
    before=st.floats(1.0, 300.0),
    added=st.floats(0.5, 300.0),
    eps=st.floats(-3.0, -0.3),
)
def test_the_rule_of_a_half_against_the_integral(
    demand: float, before: float, added: float, eps: float
) -> None:
    """The deadweight the project recovers, ∫ (inverse demand − fare) over the new trips."""
    params = AppraisalParams.from_mapping({"air_price_elasticity": eps, "price_year": 2020})
    market = AirMarket("m", "M", "p", 2020, demand, before, added, 100.0)
    got = capacity_benefit(market, params, np.array([2020]))
    benefit = got["benefit"][0] / 1e6
    assert benefit >= 0
    s0, s1 = min(demand, before), min(demand, before + added)
    if s1 <= s0:
        assert benefit == 0.0
        return

    def premium(q: float) -> float:  # the fare at which q million fly, over the average
        return 100.0 * ((q / demand) ** (1.0 / eps) - 1.0)

    exact = quad(premium, s0, s1, limit=200)[0] - (s1 - s0) * premium(s1)
    assert benefit == pytest.approx(exact, rel=1e-6, abs=1e-6)
    # never more than the rule of a half, the trapezium over a convex demand curve
    half = 0.5 * (premium(s0) - premium(s1)) * (s1 - s0)
    assert benefit <= half * (1 + 1e-9) + 1e-9


def test_streams_carry_the_air_benefit_from_opening() -> None:
    project = pd.Series({"id": "p_air", "subtype": "airport", "opening_year": 2021,
                         "investment_cny_bn": 1.0})  # fmt: skip
    zero = {"business": 0.0, "commuting": 0.0, "other": 0.0}
    s = streams(project, zero, 0.0, FLAT, air=MARKET).set_index("year")
    assert s.loc[2020, "air"] == 0.0  # still being built
    assert s.loc[2021, "air"] == pytest.approx((16_500 * math.log(1.65) - 6_500) * 1e6)
    assert (s["benefits"] == s["air"]).all()


@pytest.fixture(scope="module")
def airport(tmp_path_factory) -> Path:
    """The tiny data with an airport project at c and its market."""
    folder = tmp_path_factory.mktemp("air") / "tiny"
    shutil.copytree(TINY, folder)
    with open(folder / "projects.csv", "a", encoding="utf-8") as handle:
        handle.write("p_air,Gamma airport,,transport,airport,2,open,2021,true,,test fixture\n")
    with open(folder / "dataset.toml", "a", encoding="utf-8") as handle:
        handle.write(
            '\n[[air_markets]]\nid = "gamma"\nproject_id = "p_air"\nyear = 2020\n'
            "passengers_m = 1.5\ncapacity_before_m = 1\ncapacity_added_m = 1\nfare_cny = 100\n"
            'source = "test"\n'
            '\n[appraisal]\ncalibration_groups = ["a", "c"]\nobserved_trips = 100000\n'
            "air_price_elasticity = -1.0\n"
        )
    return folder


def test_an_airport_with_a_market_is_appraised(airport: Path) -> None:
    appraisal = Study(airport).appraise()
    row = appraisal.results.set_index("project_id").loc["p_air"]
    s = appraisal.streams
    mine = s[s["project_id"] == "p_air"].set_index("year")
    # 2021: the 2020 count of 1.5 million grown with GDP per head (elasticity 1), the
    # surplus of the trips above 1 million (ε = −1): ∫ from 1 to d of (100 d / q − 100) dq
    params = appraisal.params
    d = 1.5 * params.gdp_growth(2021) ** params.air_income_elasticity
    assert mine.loc[2021, "air"] == pytest.approx((100 * d * math.log(d) - 100 * (d - 1)) * 1e6)
    assert mine.loc[2020, "air"] == 0.0 and mine.loc[2020, "investment"] > 0
    assert np.isfinite(row["bcr"]) and row["pv_benefits"] > 0
    assert "p_air" in Study(airport).appraisal_model().programme_projects


def test_an_airport_without_a_market_says_why(tmp_path: Path) -> None:
    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder)
    with open(folder / "projects.csv", "a", encoding="utf-8") as handle:
        handle.write("p_air,Gamma airport,,transport,airport,2,open,2021,true,,test fixture\n")
    with open(folder / "dataset.toml", "a", encoding="utf-8") as handle:
        handle.write('\n[appraisal]\ncalibration_groups = ["a", "c"]\nobserved_trips = 100000\n')
    row = Study(folder).appraise().results.set_index("project_id").loc["p_air"]
    assert "[[air_markets]]" in row["verdict"] and math.isnan(row["bcr"])


def test_a_bad_market_is_refused_naming_the_field(airport: Path, tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    shutil.copytree(airport, folder)
    text = (folder / "dataset.toml").read_text(encoding="utf-8")
    (folder / "dataset.toml").write_text(
        text.replace('project_id = "p_air"', 'project_id = "p_airport"').replace(
            "fare_cny = 100", "fare_cny = -5"
        ),
        encoding="utf-8",
    )
    found = {(p.record, p.field) for p in check(folder)[1]}
    assert ("air market 'gamma'", "project_id") in found
    assert ("air market 'gamma'", "fare_cny") in found


def test_a_sweep_draw_sets_the_air_elasticity(airport: Path) -> None:
    """A draw of ε = −2: the surplus of the trips above 1 million, ∫ from 1 to d of
    100 ((q / d)^(−1/2) − 1) dq, is 100 (√d − 1)² million CNY."""
    from network.appraisalrun import Draw

    model = Study(airport).appraisal_model()
    run = model.run(Draw(air_elasticity=-2.0))
    s = run["streams"]
    air = s[s["project_id"] == "p_air"].set_index("year")["air"]
    p = model.params
    d = 1.5 * p.gdp_growth(2021) / p.gdp_growth(2020)
    assert air.loc[2021] == pytest.approx(100 * (math.sqrt(d) - 1) ** 2 * 1e6)
    central = model.run()["streams"]
    assert (
        central[central["project_id"] == "p_air"].set_index("year").loc[2021, "air"] > air.loc[2021]
    )


def test_two_markets_for_one_project_are_refused(airport: Path, tmp_path: Path) -> None:
    folder = tmp_path / "twice"
    shutil.copytree(airport, folder)
    text = (folder / "dataset.toml").read_text(encoding="utf-8")
    market = text[text.index("[[air_markets]]") : text.index("[appraisal]")]
    (folder / "dataset.toml").write_text(
        text + "\n" + market.replace('id = "gamma"', 'id = "gamma2"'), encoding="utf-8"
    )
    found = [(p.record, p.field, p.message, p.fix) for p in check(folder)[1]]
    assert (
        "air market 'gamma2'",
        "project_id",
        "has a second market",
        "give one market per project",
    ) in found
