"""Incremental skims equal full recomputation: random networks and the embedded data."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo import load_dataset
from network.accessibility import person_minutes_saved, resident_weights
from network.cache import ScenarioCache
from network.compiled import CompiledNetwork
from network.incremental import Skims
from network.ranking import interactions, rank_projects
from network.scenario import Scenario
from tests.conftest import write_dataset
from tests.test_properties import networks

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def same(a: np.ndarray, b: np.ndarray) -> None:
    """Equal seconds: the same pairs unreachable, the others within 1e-6 s."""
    assert np.array_equal(np.isfinite(a), np.isfinite(b))
    finite = np.isfinite(a)
    np.testing.assert_allclose(a[finite], b[finite], rtol=0, atol=1e-6)


def dataset_with_projects(net, data, tmp: str):
    """Each extra link a project; plus upgrades of base links, faster or slower."""
    nodes, links, extra = net
    projects = [{"id": f"new{k}"} for k in range(len(extra))]
    added = [{**row, "project_id": f"new{k}"} for k, row in enumerate(extra)]
    upgrades, speeds = [], []
    for k in range(data.draw(st.integers(0, 3))):
        target = data.draw(st.sampled_from(links))
        factor = data.draw(st.sampled_from([0.5, 1.0, 1.5, 3.0]))  # 0.5: a slower "upgrade"
        projects.append({"id": f"up{k}"})
        upgrades.append(
            {"project_id": f"up{k}", "link_id": target["id"], "speed_kmh": target["speed_kmh"]}
        )
        speeds.append(target["speed_kmh"] * factor)
    dataset = load_dataset(write_dataset(Path(tmp), nodes, links, projects, added, upgrades))
    # Validation refuses speeds a mode cannot run and upgrades that lower a speed; the
    # engine must still agree with full recomputation on any speeds that reach it.
    if speeds:
        dataset = replace(dataset, upgrades=dataset.upgrades.assign(speed_kmh=speeds))
    return dataset


@SETTINGS
@given(networks(), st.data(), st.sampled_from(["door_to_door", "line_haul"]))
def test_add_and_leave_one_out_equal_full_recomputation(net, data, basis) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        dataset = dataset_with_projects(net, data, tmp)
        skims = Skims(CompiledNetwork(dataset), "any", basis, always=True)
        ids = sorted(dataset.projects.index)
        base = skims.full(Scenario("baseline", ()))
        for size in (1, 2):
            for k in range(len(ids) - size + 1):
                chosen = tuple(ids[k : k + size])
                scenario = Scenario("+".join(chosen), chosen)
                same(skims.add(base, scenario).seconds, skims.full(scenario).seconds)
        assert skims.incremental_runs > 0  # new links remove nothing: always incremental
        seen: dict[str, np.ndarray] = {}
        # the skim handed over is valid during the call only: keep a copy
        every: list = []
        skims.leave_one_out(
            base,
            ids,
            lambda p, skim: seen.__setitem__(p, skim.seconds.copy()),
            with_all=every.append,
        )
        same(every[0].seconds, skims.full(Scenario("all", tuple(ids))).seconds)
        assert sorted(seen) == ids
        for p in ids:
            rest = tuple(q for q in ids if q != p)
            same(seen[p], skims.full(Scenario("rest", rest)).seconds)


def test_a_slower_upgrade_falls_back_to_full_recomputation(tmp_path) -> None:
    nodes = [("a", 104.0, 30.0), ("b", 104.5, 30.0), ("c", 105.0, 30.2)]
    links = [
        {"id": "ab", "mode": "road", "stops": "a;b", "speed_kmh": 100},
        {"id": "bc", "mode": "road", "stops": "b;c", "speed_kmh": 100},
    ]
    upgrades = [{"project_id": "slow", "link_id": "ab", "speed_kmh": 120}]
    dataset = load_dataset(write_dataset(tmp_path, nodes, links, [{"id": "slow"}], None, upgrades))
    # Validation refuses an upgrade that lowers a speed; the engine must still fall back
    # to a full recomputation if one reaches it (a dataset built in Python).
    dataset = replace(dataset, upgrades=dataset.upgrades.assign(speed_kmh=50.0))
    skims = Skims(CompiledNetwork(dataset))
    base = skims.full(Scenario("baseline", ()))
    after = skims.add(base, Scenario("slow", ("slow",)))
    assert not after.incremental
    # a → b at 50 km/h instead of 100: the drive takes twice as long (access aside).
    ab = skims.frame(after).loc["a", "b"] - skims.frame(base).loc["a", "b"]
    drive = skims.frame(base).loc["a", "b"] - 2 * 5.0  # road access + egress
    assert ab == pytest_approx(drive)


def test_embedded_ranking_equals_recomputing_every_scenario() -> None:
    """rank_projects (incremental) against a full Dijkstra for each of its scenarios."""
    cache = ScenarioCache(load_dataset())
    ranking = rank_projects(cache).set_index("project_id")
    skims = cache.skims()
    assert skims.incremental_runs > 0  # the ranking did take the incremental path
    dataset = cache.dataset
    weights = resident_weights(dataset)
    effect = sorted(dataset.projects.index[dataset.projects["has_network_effect"]])
    base = skims.frame(skims.full(Scenario("baseline", ())))
    full = skims.frame(skims.full(Scenario("full", tuple(effect))))
    for p in effect:
        added = skims.frame(skims.full(Scenario(p, (p,))))
        rest = skims.frame(skims.full(Scenario("rest", tuple(q for q in effect if q != p))))
        add = person_minutes_saved(base, added, weights).person_minutes
        loo = person_minutes_saved(rest, full, weights).person_minutes
        assert ranking.at[p, "add_one_in_pmin"] == pytest_approx(add)
        assert ranking.at[p, "leave_one_out_pmin"] == pytest_approx(loo)


def test_embedded_interactions_equal_recomputation() -> None:
    cache = ScenarioCache(load_dataset())
    ids = ["rail_chengyu_middle_hsr", "rail_chengdawan_hsr", "road_nanchong_tongnan"]
    table = interactions(cache, ids)
    skims = cache.skims()
    weights = resident_weights(cache.dataset)
    base = skims.frame(skims.full(Scenario("baseline", ())))
    for row in table.itertuples():
        joint = skims.frame(skims.full(Scenario("j", (row.project_a, row.project_b))))
        want = person_minutes_saved(base, joint, weights).person_minutes
        assert row.joint_pmin == pytest_approx(want)


def test_skim_frame_equals_the_router_matrix() -> None:
    cache = ScenarioCache(load_dataset())
    for spec in ("baseline", "full", "2025"):
        frame = cache.matrix(spec)
        router = cache.router(spec).matrix()
        pd.testing.assert_frame_equal(frame, router, check_exact=False, rtol=0, atol=1e-9)


def pytest_approx(value: float):
    import pytest

    return pytest.approx(value, rel=1e-9, abs=1e-6)


def test_benefit_of_skims_equals_the_frames_when_a_link_calls_at_another_projects_node(
    tiny,
) -> None:
    """A place a scenario lacks counts as unreachable, though its link reaches it."""
    from network.benefit import SkimBenefit

    with (tiny / "project_nodes.csv").open("a", encoding="utf-8") as handle:
        handle.write("p_port,n,Nu,,P2,city,300000,105.5,30.5,,true,test: added by p_port\n")
    with (tiny / "project_links.csv").open("a", encoding="utf-8") as handle:
        handle.write("p_new,e4,expressway,Beta–Nu,,b;n,,100,,,2030,test: calls at p_port's n\n")
    cache = ScenarioCache(load_dataset(tiny))
    skims, weights = cache.skims(), resident_weights(cache.dataset)
    benefit = SkimBenefit(cache.compiled, weights)
    base = cache.skim("baseline")
    for ids in (("p_new",), ("p_port",), ("p_new", "p_port")):
        after = skims.add(base, Scenario("+".join(ids), ids))
        want = person_minutes_saved(skims.frame(base), skims.frame(after), weights)
        got = benefit(base, after)
        assert got.person_minutes == pytest_approx(want.person_minutes)
        assert got.newly_reachable_trips == pytest_approx(want.newly_reachable_trips)


def test_no_project_with_a_network_effect_ranks_nothing(tmp_path) -> None:
    from tests.conftest import write_dataset

    nodes = [("a", 104.0, 30.0), ("b", 104.5, 30.0)]
    links = [{"id": "ab", "mode": "expressway", "stops": "a;b", "speed_kmh": 100}]
    dataset = load_dataset(write_dataset(tmp_path, nodes, links, [{"id": "plan"}]))
    ranking = rank_projects(ScenarioCache(dataset))
    assert list(ranking["project_id"]) == ["plan"]
    assert not ranking["network_effect"].any()


def test_leave_one_out_keeps_the_year_of_its_base() -> None:
    dataset = load_dataset()
    skims = Skims(CompiledNetwork(dataset))
    effect = sorted(dataset.projects.index[dataset.projects["has_network_effect"]])[:3]
    base = skims.full(Scenario("2025", (), year=2025))
    seen: dict[str, tuple] = {}
    skims.leave_one_out(
        base, effect, lambda p, skim: seen.__setitem__(p, (skim.scenario, skim.seconds.copy()))
    )
    for p in effect:
        assert seen[p][0].year == 2025
        rest = tuple(q for q in effect if q != p)
        same(seen[p][1], skims.full(Scenario("rest", rest, year=2025)).seconds)
