"""The compiled network equals the reference builder, scenario by scenario.

:mod:`benchmarks.legacy_graph` builds each scenario's NetworkX graph from the dataset's
rows, the way Corridor did before compiling. It is an independent implementation of the
same semantics, so the compiled network's graphs and matrices must equal it exactly: on
the tiny dataset for every subset of its projects, and on the embedded data for the
phases and a spread of add-one-in and leave-one-out scenarios.
"""

from __future__ import annotations

import itertools
import math

import networkx as nx
import numpy as np
import pytest

from benchmarks.legacy_graph import build_graph_reference
from geo import load_dataset
from network.cache import ScenarioCache
from network.routing import Router
from network.scenario import Scenario, resolve_scenario
from tests.conftest import TINY


def _edges(graph: nx.MultiDiGraph) -> list[tuple]:
    """Every edge with the attributes routing and exports read, in a canonical order."""
    return sorted(
        (
            u,
            v,
            d["kind"],
            d["mode"],
            d["link_id"],
            d["project_id"],
            round(d["travel_time"], 6),
            round(d["line_haul"], 6),
            round(d["length"], 3),
            d["stops_passed"],
        )
        for u, v, d in graph.edges(data=True)
    )


def _scenarios(dataset, sample: int | None) -> list[Scenario]:
    ids = list(dataset.projects.index)
    chosen = ids if sample is None else ids[:: max(1, len(ids) // sample)]
    out = [resolve_scenario(dataset, s) for s in ("baseline", "full")]
    years = sorted({int(y) for y in dataset.projects["opening_year"].dropna()})
    out += [resolve_scenario(dataset, str(y)) for y in years[:: max(1, len(years) // 3)]]
    out += [Scenario(f"baseline+{p}", (p,)) for p in chosen]
    out += [Scenario(f"full-{p}", tuple(q for q in ids if q != p)) for p in chosen]
    return out


def _assert_same(cache: ScenarioCache, scenario: Scenario, modes: str) -> None:
    dataset = cache.dataset
    reference = build_graph_reference(dataset, scenario, modes=modes)
    compiled = cache.graph(scenario, modes)
    assert _edges(compiled) == _edges(reference), scenario.name
    assert set(compiled.nodes) == set(reference.nodes)
    for basis in ("door_to_door", "line_haul"):
        got = cache.router(scenario, modes).matrix(basis)
        want = Router(reference).matrix(basis).loc[got.index, got.columns]
        np.testing.assert_allclose(got.to_numpy(), want.to_numpy(), rtol=0, atol=1e-9)


def test_tiny_every_subset_of_projects_matches_the_reference() -> None:
    dataset = load_dataset(TINY)
    cache = ScenarioCache(dataset)
    ids = list(dataset.projects.index)
    for size in range(len(ids) + 1):
        for chosen in itertools.combinations(ids, size):
            scenario = Scenario("+".join(chosen) or "none", chosen)
            for modes in ("any", "rail", "road"):
                _assert_same(cache, scenario, modes)


@pytest.mark.parametrize("modes", ["any", "rail"])
def test_embedded_scenarios_match_the_reference(modes: str) -> None:
    dataset = load_dataset()
    cache = ScenarioCache(dataset)
    for scenario in _scenarios(dataset, sample=None):
        _assert_same(cache, scenario, modes)


def test_compiled_matrix_equals_networkx_dijkstra() -> None:
    """An independent algorithm: NetworkX Dijkstra on the compiled graph itself."""
    dataset = load_dataset(TINY)
    cache = ScenarioCache(dataset)
    graph = cache.graph("full")
    matrix = cache.matrix("full")
    places = [n for n, d in graph.nodes(data=True) if d["kind"] == "place"]
    for origin in places:
        # A place's centre is an origin or a destination, never a node trips pass
        # through: drop the other places' outgoing edges before searching.
        view = nx.subgraph_view(
            graph,
            filter_edge=lambda u, v, k, o=origin: graph.nodes[u]["kind"] != "place" or u == o,
        )
        seconds = nx.single_source_dijkstra_path_length(view, origin, weight="travel_time")
        for destination in places:
            want = seconds.get(destination, math.inf) / 60.0
            got = matrix.loc[origin, destination]
            if origin == destination:
                assert got == 0.0
            elif math.isinf(want):
                assert np.isnan(got)
            else:
                assert got == pytest.approx(want, abs=1e-9)


def test_a_scenario_is_a_mask_of_one_compiled_table() -> None:
    """Scenarios share the compiled edges: no second compilation, masks differ."""
    cache = ScenarioCache(load_dataset(TINY))
    base = cache.compiled.mask(cache.scenario("baseline"))
    full = cache.compiled.mask(cache.scenario("full"))
    assert base.shape == full.shape == (len(cache.compiled.edges),)
    assert base.sum() < full.sum()
