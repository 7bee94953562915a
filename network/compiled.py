"""The compiled network: every edge of every scenario as arrays, built once.

A dataset and its parameters compile into one table of edges: the ride edges of every
link in every *state* it can take (each subset of the upgrades that touch it), and the
access, egress and transfer edges of every station. A scenario is then a boolean mask
over that table, not a new graph: :meth:`CompiledNetwork.mask` picks the links open in
the scenario, the state its projects' upgrades put each link in, and the modes asked
for. :meth:`CompiledNetwork.router` turns a mask into a :class:`~network.routing.Router`
(a CSR matrix per time basis) and :meth:`CompiledNetwork.graph` into the OSMnx-style
NetworkX graph of :mod:`network.graph`, on demand.

The graph's semantics (station and arrival nodes, ride edges between every pair of
stops with dwell per call, express stops, line changes and transfers) are documented
in :mod:`network.graph`. Node ids: a place's own id, ``place|mode`` for its station and
``place|mode|arr`` for its arrival node. Index layout: the dataset's nodes first (in
file order), then stations and arrivals, then one *sink* per place (the destination
twin that egress edges lead to, so no trip runs through a place's centre).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from geo.dataset import Dataset
from geo.measure import link_segments
from network.ids import SEP, arrival_id, station_id
from network.modes import mode_set_name, resolve_modes
from network.params import TravelTimeParams
from network.scenario import Scenario
from network.states import LinkState, LinkStates

if TYPE_CHECKING:
    import networkx as nx

    from network.routing import Router

KINDS: tuple[str, ...] = ("ride", "access", "egress", "transfer")
#: Edge columns of :attr:`CompiledNetwork.edges`.
_COLUMNS = "u v travel_time line_haul kind mode link state station_a station_b mode_a mode_b"
EDGE_COLUMNS: tuple[str, ...] = (
    *_COLUMNS.split(),
    "key",
    "project_id",
    "length",
    "stops_passed",
    "from_place",
    "to_place",
)


class CompiledNetwork:
    """Every edge of every scenario of a dataset, as arrays; a scenario is a mask.

    Parameters
    ----------
    dataset : geo.dataset.Dataset
    params : TravelTimeParams, optional
    parts : (pandas.DataFrame, list of (str, str)), optional
        The edges and stations of an earlier compilation of the same dataset and
        parameters (:mod:`network.store` reads them from disk); default: compile.

    Attributes
    ----------
    node_ids : list of str
        Ids of the graph's nodes by index (places, then stations and arrivals).
    n_places : int
        The first ``n_places`` nodes are the dataset's nodes; sink of place k is
        ``len(node_ids) + k``.
    edges : pandas.DataFrame
        One row per edge (:data:`EDGE_COLUMNS`); ``travel_time`` and ``line_haul`` in
        seconds, ``length`` in metres.
    """

    def __init__(
        self,
        dataset: Dataset,
        params: TravelTimeParams | None = None,
        *,
        parts: tuple[pd.DataFrame, list[tuple[str, str]]] | None = None,
    ) -> None:
        self.dataset = dataset
        self.params = params or TravelTimeParams()
        self.places: list[str] = [str(p) for p in dataset.nodes.index]
        self.n_places = len(self.places)
        self._place_pos = {p: i for i, p in enumerate(self.places)}
        self.links: list[str] = [str(i) for i in dataset.links.index]
        self._link_states = LinkStates(dataset)
        self.states = self._link_states.states
        if parts is None:  # compile; ``parts``: edges and stations read back from disk
            rides, stations = self._rides()
        else:
            edges, stations = parts
            self._stations_pos = {sm: k for k, sm in enumerate(stations)}
        self.stations: list[tuple[str, str]] = stations
        self.node_ids: list[str] = self.places + [
            f(p, m) for p, m in stations for f in (station_id, arrival_id)
        ]
        self.size = len(self.node_ids) + self.n_places
        if parts is None:
            edges = _sorted(pd.concat([rides, self._local()], ignore_index=True))
        self.edges = edges

    # --------------------------------------------------------------- compiling

    def place_position(self, place: str) -> int:
        """Return the index of ``place`` among :attr:`places` (its origin node)."""
        return self._place_pos[place]

    def _station_index(self, place: str, mode: str) -> int:
        return self._stations_pos[(place, mode)]

    def _rides(self) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
        dataset, params = self.dataset, self.params
        links = dataset.links
        segments = link_segments(links, dataset.nodes)
        km_all = (
            segments["length_km"]
            .fillna(
                segments["geodesic_km"]
                * segments["link_id"].map(links["mode"]).map(params.circuity)
            )
            .to_numpy(float)
        )
        bounds = np.r_[0, np.cumsum(segments.groupby("link_id", sort=False).size().to_numpy())]
        order = {k: n for n, k in enumerate(segments["link_id"].drop_duplicates())}
        stations = sorted(
            {(s, m) for stops, m in zip(links["stops"], links["mode"], strict=True) for s in stops},
            key=lambda sm: (self._place_pos[sm[0]], sm[1]),
        )
        self._stations_pos = {sm: k for k, sm in enumerate(stations)}
        parts: list[dict[str, Any]] = []
        for k, link in enumerate(links.itertuples()):
            n = order[link.Index]
            km = km_all[bounds[n] : bounds[n + 1]]
            for s, state in enumerate(self.states[str(link.Index)]):
                parts.append(self._ride_edges(k, s, link, state, km))
        columns = {c: np.concatenate([part[c] for part in parts]) for c in parts[0]}
        return pd.DataFrame(columns), stations

    def _ride_edges(
        self, link_no: int, state_no: int, link: Any, state: LinkState, km: np.ndarray
    ) -> dict[str, Any]:
        """Return the ride edges of one link in one state, as columns (arrays)."""
        params, mode = self.params, str(link.mode)
        stops = list(link.stops)
        factor, dwell = params.speed_factor[mode], params.dwell_minutes[mode]
        published = np.asarray(state.minutes, dtype=float)
        fixed = published if len(published) == len(km) else np.full(len(km), np.nan)
        reverse_speed = (
            state.speed_kmh if np.isnan(state.reverse_speed_kmh) else state.reverse_speed_kmh
        )
        forward = np.where(np.isnan(fixed), km / (state.speed_kmh * factor) * 60.0, fixed)
        backward = np.where(np.isnan(fixed), km / (reverse_speed * factor) * 60.0, fixed)
        cum_f, cum_r = np.r_[0.0, np.cumsum(forward)], np.r_[0.0, np.cumsum(backward)]
        cum_km = np.r_[0.0, np.cumsum(km)]
        i, j = np.triu_indices(len(stops), 1)
        passed = _stops_passed(stops, set(link.express_stops), i, j)
        first, last = np.concatenate([i, j]), np.concatenate([j, i])
        seconds = 60.0 * np.concatenate(
            [cum_f[j] - cum_f[i] + dwell * passed, cum_r[j] - cum_r[i] + dwell * passed]
        )
        pos = np.array([self._station_index(s, mode) for s in stops], dtype=np.int64)
        names = np.array(stops, dtype=object)
        n = len(first)

        def same(value: object) -> np.ndarray:
            return np.full(n, value, dtype=object)

        return {
            "u": self.n_places + 2 * pos[first],
            "v": self.n_places + 2 * pos[last] + 1,
            "travel_time": seconds,
            "line_haul": seconds,
            "kind": same("ride"),
            "mode": same(mode),
            "link": np.full(n, link_no, dtype=np.int64),
            "state": np.full(n, state_no, dtype=np.int64),
            "station_a": pos[first],
            "station_b": pos[last],
            "mode_a": same(mode),
            "mode_b": same(mode),
            "key": same(str(link.id)),
            "project_id": same(";".join(state.projects)),
            "length": np.tile((cum_km[j] - cum_km[i]) * 1000.0, 2),
            "stops_passed": np.tile(passed, 2),
            "from_place": names[first],
            "to_place": names[last],
        }

    def _local(self) -> pd.DataFrame:
        """Access, egress and transfer edges of every station."""
        params, rows = self.params, []
        by_place: dict[str, list[str]] = {}
        for place, mode in self.stations:
            by_place.setdefault(place, []).append(mode)
        for place, modes in by_place.items():
            origin = self._place_pos[place]
            sink = len(self.node_ids) + origin
            for mode in modes:
                k = self._station_index(place, mode)
                station, arrival = self.n_places + 2 * k, self.n_places + 2 * k + 1
                rows.append(("access", origin, station, mode, k, k, mode, mode, place))
                rows.append(("egress", arrival, sink, mode, k, k, mode, mode, place))
                for other in modes:
                    kk = self._station_index(place, other)
                    label = mode if other == mode else f"{mode}>{other}"
                    target = self.n_places + 2 * kk
                    rows.append(("transfer", arrival, target, label, k, kk, mode, other, place))
        frame = pd.DataFrame(
            rows,
            columns=["kind", "u", "v", "mode", "station_a", "station_b", "mode_a", "mode_b", "at"],
        )
        access = frame["mode_a"].map(params.access_minutes)
        egress = frame["mode_a"].map(params.egress_minutes)
        change = [
            params.transfer_cost(a, b)
            for a, b in zip(frame["mode_a"], frame["mode_b"], strict=True)
        ]
        minutes = np.select(
            [frame["kind"] == "access", frame["kind"] == "egress"], [access, egress], change
        ).astype(float)
        seconds = minutes * 60.0
        return frame.assign(
            travel_time=seconds,
            line_haul=np.where(frame["kind"] == "transfer", seconds, 0.0),
            link=-1,
            state=-1,
            key=frame["kind"],
            project_id="",
            length=0.0,
            stops_passed=0,
            from_place=frame["at"],
            to_place=frame["at"],
        ).drop(columns="at")

    # --------------------------------------------------------------- scenarios

    def link_state(self, scenario: Scenario) -> np.ndarray:
        """Return each link's state number in ``scenario`` (-1: not open).

        Parameters
        ----------
        scenario : Scenario

        Returns
        -------
        numpy.ndarray of int
            One per link, in dataset order; an index into :attr:`states`.
        """
        return self._link_states.of(scenario)

    def mask(self, scenario: Scenario, modes: str | frozenset[str] | None = "any") -> np.ndarray:
        """Return the edges of ``scenario`` restricted to ``modes`` (a boolean array).

        Stations count only where an open line of an allowed mode calls, so the masked
        edges are exactly the graph :mod:`network.graph` documents for the scenario.

        Parameters
        ----------
        scenario : Scenario
        modes : str or frozenset of str, default "any"

        Returns
        -------
        numpy.ndarray of bool
            One per row of :attr:`edges`.
        """
        allowed = resolve_modes(modes)
        e = self.edges
        state = self.link_state(scenario)
        ride = (e["kind"] == "ride").to_numpy()
        links = e["link"].to_numpy()
        on = ride & (state[np.where(ride, links, 0)] == e["state"].to_numpy())
        on &= e["mode_a"].isin(allowed).to_numpy() & e["mode_b"].isin(allowed).to_numpy()
        active = np.zeros(len(self.stations), dtype=bool)
        active[e["station_a"].to_numpy()[on]] = True
        local = ~ride & active[e["station_a"].to_numpy()] & active[e["station_b"].to_numpy()]
        return on | local

    def active_places(self, scenario: Scenario) -> list[str]:
        """Return the places (dataset nodes) a scenario has: base nodes and its projects'."""
        nodes = self.dataset.nodes
        keep = (nodes["project_id"] == "") | nodes["project_id"].isin(set(scenario.project_ids))
        return [str(p) for p in nodes.index[keep.to_numpy()]]

    def router(self, scenario: Scenario, modes: str | frozenset[str] | None = "any") -> Router:
        """Return the router of a scenario and mode set (CSR matrices from the mask).

        Parameters
        ----------
        scenario : Scenario
        modes : str or frozenset of str, default "any"

        Returns
        -------
        Router
        """
        from network.routing import Router

        chosen = resolve_modes(modes)
        mask = self.mask(scenario, chosen)
        return Router.from_compiled(
            self, mask, self.active_places(scenario), scenario=scenario, modes=chosen
        )

    def edge_table(self, mask: np.ndarray) -> pd.DataFrame:
        """Return the masked edges as a :class:`~network.routing.Router` reads them.

        Node indices ``i``, ``j``, both time bases in seconds, and the attributes an
        itinerary reports (link id and name, projects, length, places).
        """
        chosen = self.edges[mask]
        ride = (chosen["kind"] == "ride").to_numpy()
        link = chosen["link"].to_numpy()
        ids = self.dataset.links.index.to_numpy(dtype=object)
        names = self.dataset.links["name"].to_numpy(dtype=object)

        return pd.DataFrame(
            {
                "i": chosen["u"].to_numpy(),
                "j": chosen["v"].to_numpy(),
                "travel_time": chosen["travel_time"].to_numpy(),
                "line_haul": chosen["line_haul"].to_numpy(),
                "kind": chosen["kind"].to_numpy(),
                "mode": chosen["mode"].to_numpy(),
                "link_id": np.where(ride, ids[np.where(ride, link, 0)], ""),
                "name": np.where(ride, names[np.where(ride, link, 0)], chosen["kind"]),
                "project_id": chosen["project_id"].to_numpy(),
                "length": chosen["length"].to_numpy(),
                "stops_passed": chosen["stops_passed"].to_numpy(),
                "from_place": chosen["from_place"].to_numpy(),
                "to_place": chosen["to_place"].to_numpy(),
            }
        )

    def graph(
        self, scenario: Scenario, modes: str | frozenset[str] | None = "any"
    ) -> nx.MultiDiGraph:
        """Return the scenario's NetworkX graph (see :mod:`network.graph`).

        Parameters
        ----------
        scenario : Scenario
        modes : str or frozenset of str, default "any"

        Returns
        -------
        networkx.MultiDiGraph
        """
        from network.graph import graph_from_edges

        chosen = resolve_modes(modes)
        return graph_from_edges(
            self,
            self.edges[self.mask(scenario, chosen)],
            self.active_places(scenario),
            scenario=scenario,
            modes=mode_set_name(chosen),
        )


def _stops_passed(stops: list[str], express: set[str], i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Return the stops between positions i < j where the fastest train calls (vectorised).

    Between two express stops the express runs, calling only at the express stops in
    between; any other pair is served by the all-stops train.
    """
    is_express = np.array([s in express for s in stops], dtype=int)
    cum = np.r_[0, np.cumsum(is_express)]
    both = (is_express[i] == 1) & (is_express[j] == 1)
    between_express = cum[j] - cum[i + 1]
    return np.where(both, between_express, j - i - 1)


def _sorted(edges: pd.DataFrame) -> pd.DataFrame:
    """Edges ordered by (u, v, kind, key) so that every mask keeps groups contiguous."""
    return edges.sort_values(["u", "v", "kind", "key", "state"], kind="mergesort").reset_index(
        drop=True
    )[list(EDGE_COLUMNS)]


__all__ = [
    "EDGE_COLUMNS",
    "KINDS",
    "SEP",
    "CompiledNetwork",
    "arrival_id",
    "station_id",
]
