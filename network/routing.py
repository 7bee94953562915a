"""Shortest paths on a scenario graph: itineraries and travel-time matrices.

Routing runs Dijkstra (:func:`scipy.sparse.csgraph.dijkstra`) on a compiled copy of
the NetworkX graph in which every place is split into an origin (access edges
only) and a destination (egress edges only), so that no trip passes *through* a
place's centre. Two time bases, always labelled:

- ``line_haul``: station to station, what published timetables quote (no access,
  egress or first wait; transfers and dwell count);
- ``door_to_door``: from place centre to place centre, access and egress included.

Unreachable is ``NaN`` in DataFrames and ``None`` in results, never a number.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

from geo.places import PlaceIndex
from network.itinerary import BASES, Leg, Route, check_basis, merge_through_rides
from network.modes import mode_set_name
from network.sparse import CHUNK, min_csr, search

if TYPE_CHECKING:
    from network.compiled import CompiledNetwork
    from network.scenario import Scenario

_WEIGHT = {"line_haul": "line_haul", "door_to_door": "travel_time"}


class Router:
    """Dijkstra on a scenario's edges; build once per scenario, query many times.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A graph of :mod:`network.graph`'s form (``build_graph``, or read back from
        GraphML). Routers of many scenarios of one dataset come faster from
        :meth:`network.compiled.CompiledNetwork.router`.

    Attributes
    ----------
    places : list of str
        The places of the scenario (ids), in dataset order.
    scenario, modes : str
        What the router routes (names).
    """

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        nodes = list(graph.nodes)
        index = {node: i for i, node in enumerate(nodes)}
        places = [n for n, d in graph.nodes(data=True) if d["kind"] == "place"]
        sink = {place: len(nodes) + k for k, place in enumerate(places)}
        rows = [
            (
                index[u],
                sink[v] if data["kind"] == "egress" else index[v],
                data["travel_time"],
                data["line_haul"],
                data["kind"],
                data["mode"],
                data["link_id"],
                data["name"],
                data["project_id"],
                data["length"],
                data["stops_passed"],
                data["from_place"],
                data["to_place"],
            )
            for u, v, data in graph.edges(data=True)
        ]
        edges = pd.DataFrame(rows, columns=list(_EDGE_FIELDS))
        self._setup(
            places,
            {p: index[p] for p in places},
            sink,
            len(nodes) + len(places),
            edges,
            names=[
                (p, graph.nodes[p].get("name", ""), graph.nodes[p].get("name_zh", ""))
                for p in places
            ],
            scenario=str(graph.graph.get("scenario", "")),
            modes=str(graph.graph.get("modes", "")),
        )
        self._graph: nx.MultiDiGraph | None = graph
        self._graph_factory: Callable[[], nx.MultiDiGraph] | None = None

    @classmethod
    def from_compiled(
        cls,
        compiled: CompiledNetwork,
        mask: np.ndarray,
        places: list[str],
        *,
        scenario: Scenario,
        modes: frozenset[str],
    ) -> Router:
        """Return the router of a compiled network's masked edges (no graph built).

        Parameters
        ----------
        compiled : network.compiled.CompiledNetwork
        mask : numpy.ndarray of bool
            The scenario's edges (:meth:`CompiledNetwork.mask`).
        places : list of str
            The scenario's places.
        scenario : Scenario
        modes : frozenset of str
        """
        router = cls.__new__(cls)
        pos = {p: i for i, p in enumerate(compiled.places)}
        base = len(compiled.node_ids)
        nodes = compiled.dataset.nodes.loc[places]
        router._setup(
            places,
            {p: pos[p] for p in places},
            {p: base + pos[p] for p in places},
            compiled.size,
            lambda: compiled.edge_table(mask),
            names=list(zip(places, nodes["name"], nodes["name_zh"], strict=True)),
            scenario=scenario.name,
            modes=mode_set_name(modes),
            presorted=True,
        )
        router._graph = None
        router._graph_factory = lambda: compiled.graph(scenario, modes)
        return router

    def _setup(
        self,
        places: list[str],
        origin: dict[str, int],
        sink: dict[str, int],
        size: int,
        edges: pd.DataFrame | Callable[[], pd.DataFrame],
        *,
        names: list[tuple[str, str, str]],
        scenario: str,
        modes: str,
        presorted: bool = False,
    ) -> None:
        self.places = places
        self.scenario = scenario
        self.modes = modes
        self._origin = origin
        self._sink = sink
        self._sink_place = {i: p for p, i in sink.items()}
        self._size = size
        self._edge_source = edges
        self._presorted = presorted
        self._names = PlaceIndex(names)
        self._csr: dict[str, sp.csr_matrix] = {}

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The scenario's NetworkX graph (built on first use for compiled routers)."""
        if self._graph is None:
            assert self._graph_factory is not None
            self._graph = self._graph_factory()
        return self._graph

    @cached_property
    def _edges(self) -> pd.DataFrame:
        source = self._edge_source
        edges = source() if callable(source) else source
        if not self._presorted:
            edges = edges.sort_values(["i", "j"], kind="mergesort").reset_index(drop=True)
        return edges

    @cached_property
    def _keys(self) -> np.ndarray:
        edges = self._edges
        return edges["i"].to_numpy(np.int64) * self._size + edges["j"].to_numpy(np.int64)

    def csr(self, basis: str = "door_to_door") -> sp.csr_matrix:
        """Return the scenario's seconds as a CSR matrix (parallel edges: the fastest).

        Rows and columns are node indices; a place's sink (where trips end) is its own
        column, so no path runs through a place's centre.
        """
        basis = check_basis(basis)
        if basis not in self._csr:
            weight = self._edges[_WEIGHT[basis]].to_numpy(float)
            self._csr[basis] = min_csr(self._keys, weight, self._size)
        return self._csr[basis]

    def __contains__(self, place: object) -> bool:
        """Whether ``place`` is a place (id) of this router's scenario."""
        return place in self._sink

    def resolve(self, place: str) -> str:
        """Return the id of a place of this scenario named by id or name.

        Raises
        ------
        geo.errors.UnknownPlaceError
            When no place of the scenario has that id or name (with the closest matches).
        """
        if place in self._sink:
            return place
        return self._names.resolve(place)

    def origin_index(self, places: list[str]) -> np.ndarray:
        """Return the node indices where trips from ``places`` start."""
        return np.array([self._origin[p] for p in places], dtype=np.int64)

    def sink_index(self, places: list[str]) -> np.ndarray:
        """Return the node indices where trips to ``places`` end."""
        return np.array([self._sink[p] for p in places], dtype=np.int64)

    def seconds(
        self,
        sources: np.ndarray,
        targets: np.ndarray,
        basis: str = "door_to_door",
        *,
        chunk: int = CHUNK,
    ) -> np.ndarray:
        """Return shortest seconds from node indices to node indices (inf: no path).

        Origins run in chunks and only the target columns are kept, so memory grows
        with sources × targets, not sources × every node.

        Parameters
        ----------
        sources, targets : numpy.ndarray of int
            Node indices (:meth:`origin_index`, :meth:`sink_index`).
        basis : {"door_to_door", "line_haul"}
        chunk : int
            Origins per Dijkstra call.

        Returns
        -------
        numpy.ndarray
            Sources × targets, seconds; ``inf`` = no path.
        """
        return search(self.csr(basis), sources, targets, chunk=chunk)

    def matrix(
        self,
        basis: str = "door_to_door",
        origins: list[str] | None = None,
        destinations: list[str] | None = None,
    ) -> pd.DataFrame:
        """Return minutes from each origin (rows) to each destination (columns).

        Parameters
        ----------
        basis : {"door_to_door", "line_haul"}
        origins, destinations : list of str, optional
            Places by id or name (default: every place of the scenario).

        Returns
        -------
        pandas.DataFrame
            Minutes, index ``origin`` and columns ``destination`` (ids); the diagonal
            is 0 and unreachable pairs are NaN.

        Raises
        ------
        geo.errors.UnknownPlaceError
            For a name that is not a place of this scenario.
        """
        basis = check_basis(basis)
        rows = [self.resolve(p) for p in (self.places if origins is None else origins)]
        cols = [self.resolve(p) for p in (self.places if destinations is None else destinations)]
        minutes = np.full((len(rows), len(cols)), np.nan)
        if rows and cols:
            minutes = self.seconds(self.origin_index(rows), self.sink_index(cols), basis) / 60.0
            minutes[~np.isfinite(minutes)] = np.nan
        frame = pd.DataFrame(
            minutes,
            index=pd.Index(rows, name="origin"),
            columns=pd.Index(cols, name="destination"),
            copy=False,
        )
        for place in set(rows) & set(cols):
            frame.loc[place, place] = 0.0
        return frame

    def route(self, origin: str, destination: str, basis: str = "door_to_door") -> Route:
        """Return the fastest itinerary from ``origin`` to ``destination``.

        Parameters
        ----------
        origin, destination : str
            Places by id or name (English or Chinese, any case).
        basis : {"door_to_door", "line_haul"}

        Returns
        -------
        Route
            ``minutes`` is None when no path exists in this scenario.

        Raises
        ------
        geo.errors.UnknownPlaceError
            For a name that is not a place of this scenario.
        """
        basis = check_basis(basis)
        origin, destination = self.resolve(origin), self.resolve(destination)
        meta = {"scenario": self.scenario, "modes": self.modes}
        if origin == destination:
            return Route(origin, destination, basis, 0.0, (), **meta)
        start = self._origin[origin]
        seconds, pred = dijkstra(
            self.csr(basis), directed=True, indices=start, return_predecessors=True
        )
        target = self._sink[destination]
        if not np.isfinite(seconds[target]):
            return Route(origin, destination, basis, None, (), **meta)
        path = [target]
        while path[-1] != start:
            path.append(int(pred[path[-1]]))
        path.reverse()
        legs = self._legs(path, basis)
        return Route(origin, destination, basis, float(seconds[target]) / 60.0, legs, **meta)

    def _legs(self, path: list[int], basis: str) -> tuple[Leg, ...]:
        edges, weight = self._edges, _WEIGHT[basis]
        keys = self._keys
        values = edges[weight].to_numpy(float)
        legs = []
        for i, j in itertools.pairwise(path):
            key = i * self._size + j
            lo, hi = np.searchsorted(keys, key, "left"), np.searchsorted(keys, key, "right")
            row = edges.iloc[int(lo + np.argmin(values[lo:hi]))]
            if row["kind"] in ("access", "egress") and row[weight] == 0:
                continue  # line-haul: no access or egress, bar the drive out of town
            legs.append(
                Leg(
                    kind=row["kind"],
                    mode=row["mode"],
                    from_place=row["from_place"],
                    to_place=row["to_place"],
                    minutes=float(row[weight]) / 60.0,
                    link_id=row["link_id"],
                    line=row["name"],
                    stops_passed=int(row["stops_passed"]),
                    length_km=float(row["length"]) / 1000.0,
                    project_ids=tuple(p for p in str(row["project_id"]).split(";") if p),
                    under_way=float(row["line_haul"]) / 60.0,
                    elapsed=float(row["travel_time"]) / 60.0,
                )
            )
        return merge_through_rides(legs)


_EDGE_FIELDS = (
    "i",
    "j",
    "travel_time",
    "line_haul",
    "kind",
    "mode",
    "link_id",
    "name",
    "project_id",
    "length",
    "stops_passed",
    "from_place",
    "to_place",
)


__all__ = [
    "BASES",
    "Leg",
    "Route",
    "Router",
    "check_basis",
]
