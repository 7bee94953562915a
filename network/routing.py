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
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, Literal

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

from geo.errors import ModeSetError
from geo.places import PlaceIndex

Basis = Literal["line_haul", "door_to_door"]
BASES: tuple[str, ...] = ("line_haul", "door_to_door")
_WEIGHT = {"line_haul": "line_haul", "door_to_door": "travel_time"}


def check_basis(basis: str) -> str:
    """Return ``basis`` normalised (``line-haul`` → ``line_haul``) or raise."""
    normal = basis.replace("-", "_").lower()
    if normal not in BASES:
        raise ModeSetError(f"unknown time basis '{basis}': use line_haul or door_to_door")
    return normal


@dataclass(frozen=True)
class Leg:
    """One leg of an itinerary: a ride on a line, or an access, egress or transfer."""

    kind: str
    mode: str
    from_place: str
    to_place: str
    minutes: float
    link_id: str = ""
    line: str = ""
    stops_passed: int = 0
    length_km: float = 0.0
    project_ids: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form (JSON)."""
        return {
            "kind": self.kind,
            "mode": self.mode,
            "line": self.line,
            "link_id": self.link_id,
            "from": self.from_place,
            "to": self.to_place,
            "minutes": self.minutes,
            "stops_passed": self.stops_passed,
            "length_km": self.length_km,
            "project_ids": list(self.project_ids),
        }


@dataclass(frozen=True)
class Route:
    """The fastest itinerary between two places (``minutes`` None if unreachable)."""

    origin: str
    destination: str
    basis: str
    minutes: float | None
    legs: tuple[Leg, ...] = field(default_factory=tuple)
    scenario: str = ""
    modes: str = ""

    @property
    def reachable(self) -> bool:
        """Whether any path exists."""
        return self.minutes is not None

    @property
    def project_ids(self) -> tuple[str, ...]:
        """Projects whose links or upgrades the itinerary uses, in order of use."""
        seen: dict[str, None] = {}
        for leg in self.legs:
            for project in leg.project_ids:
                seen[project] = None
        return tuple(seen)

    @property
    def length_km(self) -> float:
        """Length ridden, km (model lengths)."""
        return float(sum(leg.length_km for leg in self.legs))

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form (JSON): ``minutes`` is null when unreachable."""
        return {
            "from": self.origin,
            "to": self.destination,
            "scenario": self.scenario,
            "modes": self.modes,
            "basis": self.basis,
            "minutes": self.minutes,
            "reachable": self.reachable,
            "length_km": self.length_km if self.legs else None,
            "project_ids": list(self.project_ids),
            "legs": [leg.to_dict() for leg in self.legs],
        }


class Router:
    """Dijkstra on a compiled graph; build once per graph, query many times.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        From :func:`network.graph.build_graph`.
    """

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph
        self.places: list[str] = [n for n, d in graph.nodes(data=True) if d["kind"] == "place"]
        nodes = list(graph.nodes)
        self._index = {node: i for i, node in enumerate(nodes)}
        self._nodes = nodes
        # Destination twin of every place: egress edges point there, so paths never
        # run through a place's centre.
        self._sink = {place: len(nodes) + k for k, place in enumerate(self.places)}
        self._size = len(nodes) + len(self.places)
        self._sink_place = {i: place for place, i in self._sink.items()}
        self._names = PlaceIndex(
            (p, graph.nodes[p].get("name", ""), graph.nodes[p].get("name_zh", ""))
            for p in self.places
        )

    @cached_property
    def _edges(self) -> pd.DataFrame:
        rows = []
        for u, v, key, data in self.graph.edges(keys=True, data=True):
            target = self._sink[v] if data["kind"] == "egress" else self._index[v]
            rows.append((self._index[u], target, u, v, key, data["travel_time"], data["line_haul"]))
        return pd.DataFrame(rows, columns=["i", "j", "u", "v", "key", "travel_time", "line_haul"])

    def _matrix(self, basis: str) -> sp.csr_matrix:
        return self._matrices[basis]

    @cached_property
    def _matrices(self) -> dict[str, sp.csr_matrix]:
        out = {}
        edges = self._edges
        for basis, weight in _WEIGHT.items():
            best = edges.groupby(["i", "j"], sort=True)[weight].min().reset_index()
            out[basis] = sp.csr_matrix(
                (best[weight].to_numpy(float), (best["i"].to_numpy(), best["j"].to_numpy())),
                shape=(self._size, self._size),
            )
        return out

    def __contains__(self, place: object) -> bool:
        """Whether ``place`` is a place of this graph."""
        return place in self._sink

    def _origins(self, places: list[str]) -> np.ndarray:
        return np.array([self._index[p] for p in places], dtype=int)

    def resolve(self, place: str) -> str:
        """Return the id of a place of this graph named by id or name.

        Raises
        ------
        geo.errors.UnknownPlaceError
            When no place of the graph has that id or name (with the closest matches).
        """
        if place in self._sink:
            return place
        return self._names.resolve(place)

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
            Places by id or name (default: every place of the graph).

        Returns
        -------
        pandas.DataFrame
            Minutes, index ``origin`` and columns ``destination`` (ids); the diagonal
            is 0 and unreachable pairs are NaN.

        Raises
        ------
        geo.errors.UnknownPlaceError
            For a name that is not a place of this graph.
        """
        basis = check_basis(basis)
        origins = [self.resolve(p) for p in (self.places if origins is None else origins)]
        destinations = [
            self.resolve(p) for p in (self.places if destinations is None else destinations)
        ]
        if not origins or not destinations:
            return pd.DataFrame(
                index=pd.Index(origins, name="origin"),
                columns=pd.Index(destinations, name="destination"),
                dtype=float,
            )
        seconds = dijkstra(self._matrix(basis), directed=True, indices=self._origins(origins))
        cols = [self._sink[d] for d in destinations]
        minutes = seconds[:, cols] / 60.0
        minutes[~np.isfinite(minutes)] = np.nan
        frame = pd.DataFrame(
            minutes,
            index=pd.Index(origins, name="origin"),
            columns=pd.Index(destinations, name="destination"),
        )
        for place in set(origins) & set(destinations):
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
            ``minutes`` is None when no path exists in this graph.

        Raises
        ------
        geo.errors.UnknownPlaceError
            For a name that is not a place of this graph.
        """
        basis = check_basis(basis)
        origin, destination = self.resolve(origin), self.resolve(destination)
        meta = {
            "scenario": self.graph.graph.get("scenario", ""),
            "modes": self.graph.graph.get("modes", ""),
        }
        if origin == destination:
            return Route(origin, destination, basis, 0.0, (), **meta)
        seconds, pred = dijkstra(
            self._matrix(basis),
            directed=True,
            indices=self._index[origin],
            return_predecessors=True,
        )
        target = self._sink[destination]
        if not np.isfinite(seconds[target]):
            return Route(origin, destination, basis, None, (), **meta)
        path = [target]
        while path[-1] != self._index[origin]:
            path.append(int(pred[path[-1]]))
        path.reverse()
        legs = self._legs(path, basis)
        return Route(origin, destination, basis, float(seconds[target]) / 60.0, legs, **meta)

    def _legs(self, path: list[int], basis: str) -> tuple[Leg, ...]:
        weight = _WEIGHT[basis]
        legs = []
        for i, j in itertools.pairwise(path):
            u = self._nodes[i]
            v = self._sink_place[j] if j in self._sink_place else self._nodes[j]
            _key, data = min(self.graph[u][v].items(), key=lambda kv: kv[1][weight])
            minutes = data[weight] / 60.0
            if data["kind"] in ("access", "egress") and basis == "line_haul":
                continue
            projects = tuple(p for p in data["project_id"].split(";") if p)
            legs.append(
                Leg(
                    kind=data["kind"],
                    mode=data["mode"],
                    from_place=data["from_place"],
                    to_place=data["to_place"],
                    minutes=minutes,
                    link_id=data["link_id"],
                    line=data["name"],
                    stops_passed=int(data["stops_passed"]),
                    length_km=data["length"] / 1000.0,
                    project_ids=projects,
                )
            )
        return _merge_through_rides(legs)


def _merge_through_rides(legs: list[Leg]) -> tuple[Leg, ...]:
    """Join ride → free transfer → ride on the same link into one ride.

    Where staying on costs nothing extra (roads: no dwell, no line change), a
    shortest path may split one drive at an intermediate place; the itinerary
    shows it as the one ride it is.
    """
    out: list[Leg] = []
    for leg in legs:
        if (
            leg.kind == "ride"
            and len(out) >= 2
            and out[-1].kind == "transfer"
            and out[-1].minutes == 0.0
            and out[-2].kind == "ride"
            and out[-2].link_id == leg.link_id
        ):
            first = out[-2]
            out[-2:] = [
                replace(
                    first,
                    to_place=leg.to_place,
                    minutes=first.minutes + leg.minutes,
                    stops_passed=first.stops_passed + leg.stops_passed + 1,
                    length_km=first.length_km + leg.length_km,
                )
            ]
        else:
            out.append(leg)
    return tuple(out)


__all__ = [
    "BASES",
    "Leg",
    "Route",
    "Router",
    "check_basis",
]
