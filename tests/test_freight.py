"""Freight: cost worked out by hand, invariants, conservation, and the commands."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo import load_dataset
from network.freight import freight_graph
from network.freightparams import FreightParams
from network.freightroute import freight_skim
from network.freightstudy import FreightModel
from network.params import dataset_params
from network.scenario import Scenario, resolve_scenario
from tests.conftest import REPO, write_dataset

FACILITY_HEADER = (
    "id,name,name_zh,place,kind,cargo,vessel_t,handling_cny_t,handling_hours,project_id,"
    "opened,source"
)


def river_fixture(
    folder: Path, w2_vessel: float = 500, extra: str = "", links: tuple[dict, ...] = ()
) -> Path:
    """a —road 100 km— b (port) —river 120 km, 1,000 t— c —river 80 km, 500 t, lock— d (port)
    —road 10 km— e; the hub project ``p_hub`` adds a yard at c (no rail there: no effect);
    ``links``: more links."""
    write_dataset(
        folder,
        [("a", 104.0, 30.0), ("b", 105.0, 30.0), ("c", 106.0, 30.0), ("d", 106.8, 30.0),
         ("e", 106.9, 30.0)],
        [
            {"id": "r1", "mode": "road", "stops": "a;b", "length_km": 100, "speed_kmh": 60},
            {"id": "w1", "mode": "waterway", "stops": "b;c", "length_km": 120, "speed_kmh": 15,
             "reverse_speed_kmh": 10, "vessel_t": 1000},
            {"id": "w2", "mode": "waterway", "stops": "c;d", "length_km": 80, "speed_kmh": 15,
             "reverse_speed_kmh": 10, "vessel_t": w2_vessel},
            {"id": "r2", "mode": "road", "stops": "d;e", "length_km": 10, "speed_kmh": 60},
            *links,
        ],
        projects=[{"id": "p_up"}, {"id": "p_hub"}],
        upgrades=[{"project_id": "p_up", "link_id": "w2", "vessel_t": 1000}],
    )  # fmt: skip
    (folder / "locks.csv").write_text(
        "id,name,link_id,after_stop,passage_minutes,wait_minutes,source\n"
        "lock1,Lock,w2,c,60,120,test\n",
        encoding="utf-8",
    )
    (folder / "freight_facilities.csv").write_text(
        FACILITY_HEADER + "\n"
        "port_b,Port B,,b,port,,,20,10,,,test\n"
        "port_d,Port D,,d,port,,,25,5,,,test\n" + extra,
        encoding="utf-8",
    )
    return folder


def skim_of(folder: Path, scenario: str = "baseline", cargo: str = "container"):
    ds = load_dataset(folder)
    graph = freight_graph(
        ds, resolve_scenario(ds, scenario), cargo, FreightParams(), dataset_params(ds.metadata)
    )
    return freight_skim(graph)


def test_cost_worked_out_by_hand(tmp_path: Path) -> None:
    skim = skim_of(river_fixture(tmp_path / "river"))
    i, j = skim.ends.index("a"), skim.ends.index("e")
    # Truck a→b: 100 km × 0.49 CNY, 100 / 40 km/h (an ordinary road).
    # Port b: 20 CNY, 10 h.  River b→c: 120 km × 0.05 (1,000 t), 120 / 15 km/h (factor 1).
    # River c→d: 80 km × 0.07 (500 t), 80 / 15 h + the lock's 60 + 120 min.
    # Port d: 25 CNY, 5 h.  Truck d→e: 10 km × 0.49, 10 / 40 h.
    money = 49.0 + 20.0 + 6.0 + 5.6 + 25.0 + 4.9
    hours = 2.5 + 10.0 + 8.0 + (80 / 15 + 3.0) + 5.0 + 0.25
    assert skim.cny[i, j] == pytest.approx(money)
    assert skim.hours[i, j] == pytest.approx(hours)
    assert skim.cost[i, j] == pytest.approx(money + 1.0 * hours)  # containers: 1 CNY/t-h
    assert skim.km["water"][i, j] == pytest.approx(200.0)
    assert skim.km["truck"][i, j] == pytest.approx(110.0)
    # Upstream, e→a: the river at 10 km/h.
    back = skim.hours[j, i]
    assert back == pytest.approx(0.25 + 5.0 + (80 / 10 + 3.0) + 12.0 + 10.0 + 2.5)
    # The upgrade raises w2 to 1,000 t: 80 km × (0.07 − 0.05) cheaper.
    raised = skim_of(tmp_path / "river", "p_up")
    assert skim.cny[i, j] - raised.cny[i, j] == pytest.approx(1.6)


def test_a_chain_needs_a_facility_to_change_mode(tmp_path: Path) -> None:
    folder = river_fixture(tmp_path / "river")
    text = (folder / "freight_facilities.csv").read_text(encoding="utf-8")
    (folder / "freight_facilities.csv").write_text(
        text.replace("port_b,Port B,,b,port", "yard_b,Yard B,,b,yard"), encoding="utf-8"
    )
    skim = skim_of(folder)
    assert np.isnan(skim.cost[skim.ends.index("a"), skim.ends.index("e")])


@settings(max_examples=25, deadline=None)
@given(
    before=st.sampled_from([500, 1000, 2000, 5000]),
    raise_to=st.sampled_from([500, 1000, 2000, 5000]),
    hub=st.sampled_from(["a", "b", "c", "d", "e"]),
    kind=st.sampled_from(["port", "yard", "hub"]),
)
def test_a_hub_or_a_larger_vessel_never_makes_a_chain_dearer(
    tmp_path_factory, before: int, raise_to: int, hub: str, kind: str
) -> None:
    folder = tmp_path_factory.mktemp("prop")
    extra = f"new_{hub},New,,{hub},{kind},,,10,2,p_hub,,test\n"
    river_fixture(folder, w2_vessel=before, extra=extra)
    if raise_to < before:
        raise_to = before
    upgrades = folder / "project_upgrades.csv"
    upgrades.write_text(
        upgrades.read_text(encoding="utf-8").replace(",1000,", f",{raise_to},"), encoding="utf-8"
    )
    for cargo in ("bulk", "cold_chain"):
        base = skim_of(folder, "baseline", cargo).cost
        for scenario in ("p_up", "p_hub", "p_up+p_hub"):
            after = skim_of(folder, scenario, cargo).cost
            assert not (~np.isnan(base) & np.isnan(after)).any()
            assert (
                np.nan_to_num(after, nan=np.inf) <= np.nan_to_num(base, nan=np.inf) + 1e-9
            ).all()


@pytest.fixture(scope="module")
def model():
    ds = load_dataset()
    return FreightModel(ds, dataset_params(ds.metadata))


def test_assigned_tonnes_are_conserved(model) -> None:
    skim = model.skim("baseline", "container")
    demand = model.demand("container")
    flows = skim.assign(demand)
    edges = skim.graph.edges
    origins = {skim.graph.nodes.index(f"{e}>"): k for k, e in enumerate(skim.ends)}
    out = np.zeros(len(skim.ends))
    for u, flow in zip(edges["u"], flows, strict=True):
        if u in origins:
            out[origins[u]] += flow
    served = np.where(np.isnan(skim.cost), 0.0, demand).sum(axis=1)
    np.testing.assert_allclose(out, served, rtol=1e-9)
    # The sinks receive it all too, and the demand sums to the cargo's total.
    sinks = {skim.graph.nodes.index(f">{e}"): k for k, e in enumerate(skim.ends)}
    into = np.zeros(len(skim.ends))
    for v, flow in zip(edges["v"], flows, strict=True):
        if v in sinks:
            into[sinks[v]] += flow
    np.testing.assert_allclose(into, np.where(np.isnan(skim.cost), 0.0, demand).sum(axis=0))
    assert demand.sum() == pytest.approx(model.demand_params.tonnes["container"])


def test_every_waterway_and_logistics_project_is_valued_or_explained(model) -> None:
    frame = model.rank().set_index("project_id")
    eight = ["ww_lize_hub", "ww_shuangjiang_hub", "ww_qujiang_chongqing",
             "log_yuxi_chuannan_park", "log_suining_port_dashaba", "log_huaying_gaoxing_yard",
             "log_yuwei_coldchain"]  # fmt: skip
    for project in eight:
        row = frame.loc[project]
        assert row["add_one_in_cny"] > 0 or row["leave_one_out_cny"] > 0 or row["note"], project
    # The distribution centre has no site or link: listed, not ranked, with the reason.
    centre = frame.loc["log_chengyu_distribution_center"]
    assert not centre["network_effect"] and "no network effect" in centre["note"]
    assert frame["rank"].isna().sum() == (~frame["network_effect"]).sum()
    # The Dashaba port needs the Fujiang waterway the Shuangjiang hub opens: apart, nothing.
    assert frame.at["log_suining_port_dashaba", "add_one_in_cny"] == 0.0
    assert frame.at["log_suining_port_dashaba", "leave_one_out_cny"] > 0


def test_freight_command(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "corridor", "freight", "遂宁", "shanghai", "--compare", "full",
         "--format", "json"],
        capture_output=True, text=True, cwd=REPO,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    chains = json.loads(run.stdout)["chains"]
    before, after = chains
    assert before["origin"] == "chuanshan_district" and after["scenario"] == "full"
    assert after["cost_cny_t"] < before["cost_cny_t"]  # the Fujiang route, by Dashaba
    assert "[port_suining_dashaba]" in after["chain"]
    bad = subprocess.run(
        [sys.executable, "-m", "corridor", "freight", "遂宁", "nowhere"],
        capture_output=True, text=True, cwd=REPO,
    )  # fmt: skip
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_flow_widths_grow_with_the_square_root_of_tonnes() -> None:
    from geo.maps.flows import WIDEST_PX, width_px

    assert width_px(100.0, 100.0) == WIDEST_PX
    assert width_px(25.0, 100.0) == pytest.approx(1.0 + (WIDEST_PX - 1.0) * 0.5)
    assert width_px(0.0, 100.0) == width_px(float("nan"), 100.0) == 0.0


def test_freight_compare_reports_the_key_pairs(model) -> None:
    import corridor

    study = corridor.Study()
    frame, totals = study.freight_compare("baseline", "full")
    assert len(frame) == 2 * len(study.dataset.metadata["freight_pairs"])
    suining = frame[
        (frame["origin"] == "chuanshan_district") & (frame["destination"] == "shanghai")
    ]
    assert (suining["cny_t_after"] < suining["cny_t_before"]).all()
    assert "[port_suining_dashaba]" in suining["chain_after"].iloc[0]
    # The region's saving equals the benefit computed cargo by cargo.
    assert totals["cny_saved"] == pytest.approx(
        study.freight_model.benefit("baseline", "full")["cny_saved"]
    )
    assert totals["tkm_water_after"] > totals["tkm_water_before"]


def test_freight_commands_compare_rank_and_flows(tmp_path: Path) -> None:
    import pandas as pd

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "corridor", *args], capture_output=True, text=True, cwd=REPO
        )

    compared = run("compare", "--purpose", "freight", "--format", "json")
    assert compared.returncode == 0, compared.stderr
    body = json.loads(compared.stdout)
    assert body["totals"]["cny_saved"] > 0 and len(body["pairs"]) == 12
    flows = tmp_path / "flows.csv"
    made = run("freight", "南充", "shanghai", "--cargo", "bulk", "--flows", str(flows))
    assert made.returncode == 0, made.stderr
    table = pd.read_csv(flows)  # read back by its own library
    assert list(table.columns) == ["link_id", "name", "layer", "tonnes_before", "tonnes_after"]
    assert (flows.parent / "flows.csv.manifest.json").is_file()
    jialing = table.set_index("link_id").loc["ww_jialing"]
    assert jialing["tonnes_after"] > jialing["tonnes_before"] > 0  # the Lize hub's 1,000 t
    wrong = run("freight", "南充", "shanghai", "--flows", str(tmp_path / "flows.gpkg"))
    assert wrong.returncode == 2 and "Traceback" not in wrong.stderr
    assert not (tmp_path / "flows.gpkg").exists()


def test_review_cases_datasets_without_facilities_years_and_facility_projects(
    tmp_path: Path, tiny: Path
) -> None:
    from dataclasses import replace as swap

    from network.freight import open_facilities

    # No freight_facilities.csv: trucks only, no crash.
    run = subprocess.run(
        [sys.executable, "-m", "corridor", "freight", "a", "d", "--data", str(tiny)],
        capture_output=True, text=True, cwd=REPO,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "truck" in run.stdout
    # A project facility opens in a year scenario once its project is in it.
    ds = load_dataset()
    in_2030 = set(open_facilities(ds, resolve_scenario(ds, "2030"))["id"])
    assert "port_suining_dashaba" in in_2030
    # A project that only builds a facility has a network effect and changes chains.
    folder = river_fixture(tmp_path / "river", extra="port_c2,Port,,b,port,,,20,10,p_hub,,test\n")
    text = (folder / "freight_facilities.csv").read_text(encoding="utf-8")
    (folder / "freight_facilities.csv").write_text(
        text.replace("port_b,Port B,,b,port", "yard_b,Yard B,,b,yard"), encoding="utf-8"
    )
    assert load_dataset(folder).projects.at["p_hub", "has_network_effect"]
    a, e = "a", "e"
    before, after = skim_of(folder), skim_of(folder, "p_hub")
    assert np.isnan(before.cost[before.ends.index(a), before.ends.index(e)])
    assert np.isfinite(after.cost[after.ends.index(a), after.ends.index(e)])
    # A zone without GDP sends and receives nothing; the others keep the whole total.
    zones = ds.zones.copy()
    zones.loc["yuzhong_district", "gdp_100m_cny"] = float("nan")
    blank = FreightModel(swap(ds, zones=zones), dataset_params(ds.metadata))
    demand = blank.demand("bulk")
    k = blank.skim("full", "bulk").ends.index("yuzhong_district")
    assert demand[k].sum() == demand[:, k].sum() == 0.0
    assert demand.sum() == pytest.approx(blank.demand_params.tonnes["bulk"])


def test_tonnes_are_conserved_when_chains_cost_a_lot() -> None:
    """Deep chains with zero-cost last legs at large costs: flows still add up."""
    ds = load_dataset()
    params = FreightParams.from_mapping({"value_of_time": {"container": 200.0}})
    model = FreightModel(ds, dataset_params(ds.metadata), params=params)
    skim = model.skim("baseline", "container")
    demand = model.demand("container")
    flows = skim.assign(demand)
    nodes = skim.graph.nodes
    sinks = np.array([nodes.index(f">{e}") for e in skim.ends])
    into = np.array([flows[skim.graph.edges["v"].to_numpy() == s].sum() for s in sinks])
    np.testing.assert_allclose(into, np.where(np.isnan(skim.cost), 0.0, demand).sum(axis=0))
    starts = np.array([nodes.index(f"{e}>") for e in skim.ends])
    out = np.array([flows[skim.graph.edges["u"].to_numpy() == s].sum() for s in starts])
    np.testing.assert_allclose(out, np.where(np.isnan(skim.cost), 0.0, demand).sum(axis=1))


def test_a_datasets_own_od_table_and_the_benefit_by_hand(tmp_path: Path) -> None:
    folder = river_fixture(tmp_path / "river")
    (folder / "freight_od.csv").write_text(
        "origin,destination,cargo,tonnes,source\na,e,container,1000,test\ne,a,bulk,500,test\n",
        encoding="utf-8",
    )
    ds = load_dataset(folder)
    model = FreightModel(ds, dataset_params(ds.metadata))
    ends = model.skim("baseline", "container").ends
    demand = model.demand("container")
    assert demand[ends.index("a"), ends.index("e")] == 1000.0 and demand.sum() == 1000.0
    assert model.demand("cold_chain").sum() == 0.0
    # Raising w2 to 1,000 t saves 80 km × 0.02 CNY on each of 1,000 + 500 tonnes a year.
    saved = model.benefit("baseline", Scenario("up", ("p_up",)))["cny_saved"]
    assert saved == pytest.approx(1500 * 80 * 0.02)
    (folder / "freight_od.csv").write_text(
        "origin,destination,cargo,tonnes,source\nnowhere,e,container,10,test\n", encoding="utf-8"
    )
    from geo import validate_folder

    found = [(p.file, p.field) for p in validate_folder(folder).problems]
    assert ("freight_od.csv", "origin") in found


@pytest.mark.parametrize("mixed", [True, False])
def test_freight_trains_run_on_a_mixed_traffic_hsr_line_only(tmp_path: Path, mixed: bool) -> None:
    """An HSR line a–e of 285 km carries goods only when it is marked mixed traffic."""
    line = {"id": "h1", "mode": "hsr", "stops": "a;e", "length_km": 285, "speed_kmh": 200,
            "mixed_traffic": "true" if mixed else ""}  # fmt: skip
    yards = "yard_a,Yard A,,a,yard,,,,,,,test\nyard_e,Yard E,,e,yard,,,,,,,test\n"
    skim = skim_of(river_fixture(tmp_path / "mixed", extra=yards, links=(line,)), cargo="bulk")
    i, j = skim.ends.index("a"), skim.ends.index("e")
    if mixed:
        # 285 km × 0.1551 CNY + two yards at 25 × 0.45 (bulk): cheaper than the river chain
        assert skim.km["rail"][i, j] == pytest.approx(285.0)
        assert skim.cny[i, j] == pytest.approx(285 * 0.1551 + 2 * 25 * 0.45)
        # freight trains keep their commercial speed, not the HSR's: 285 / 37 h + 2 days
        assert skim.hours[i, j] == pytest.approx(285 / 37 + 48.0)
    else:
        assert skim.km["rail"][i, j] == 0.0


def test_a_mixed_traffic_hsr_project_is_valued_for_freight(tmp_path: Path) -> None:
    """A project's HSR line a–e marked mixed traffic takes goods off the river: ranked."""
    folder = river_fixture(
        tmp_path / "mixed",
        extra="yard_a,Yard A,,a,yard,,,,,,,test\nyard_e,Yard E,,e,yard,,,,,,,test\n",
    )
    with open(folder / "project_links.csv", "w", encoding="utf-8") as handle:
        handle.write(
            "project_id,id,mode,name,stops,length_km,speed_kmh,opened,mixed_traffic,source\n"
            "p_hub,h1,hsr,Fast line,a;e,285,200,,true,test\n"
        )
    (folder / "freight_od.csv").write_text(
        "origin,destination,cargo,tonnes,source\na,e,bulk,1000,test\n", encoding="utf-8"
    )
    ds = load_dataset(folder)
    model = FreightModel(ds, dataset_params(ds.metadata))
    rank = model.rank().set_index("project_id")
    before = model.skim("baseline", "bulk")
    after = model.skim(Scenario("hub", ("p_hub",)), "bulk")
    i, j = before.ends.index("a"), before.ends.index("e")
    # 1,000 t a year save the river chain's cost less the line's (by the trees' own sums)
    saved = 1000 * (before.cost[i, j] - after.cost[i, j])
    assert saved > 0 and after.km["rail"][i, j] == pytest.approx(285.0)
    assert rank.at["p_hub", "add_one_in_cny"] == pytest.approx(saved)
    assert "passenger lines only" not in str(rank.at["p_hub", "note"])
