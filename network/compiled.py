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

from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from geo.dataset import Dataset
from geo.measure import link_segments
from network.modes import mode_set_name, resolve_modes
from network.params import TravelTimeParams
from network.scenario import Scenario
from network.states import LinkState, link_states, opening_years

if TYPE_CHECKING:
    import networkx as nx

    from network.routing import Router

SEP = "|"
KINDS: tuple[str, ...] = ("ride", "access", "egress", "transfer")
#: Edge columns of :attr:`CompiledNetwork.edges` besides the indices.
EDGE_COLUMNS: tuple[str, ...] = (
    "u",
    "v",
    "travel_time",
    "line_haul",
    "kind",
    "mode",
    "link",
    "state",
    "station_a",
    "station_b",
    "mode_a",
    "mode_b",
    "key",
    "project_id",
    "length",
    "stops_passed",
    "from_place",
    "to_place",
)


def station_id(place: str, mode: str) -> str:
    """Return the id of the station node (boarding) of ``mode`` at ``place``."""
    return f"{place}{SEP}{mode}"


def arrival_id(place: str, mode: str) -> str:
    """Return the id of the arrival node (alighting) of ``mode`` at ``place``."""
    return f"{place}{SEP}{mode}{SEP}arr"


class CompiledNetwork:
    """Every edge of every scenario of a dataset, as arrays; a scenario is a mask.

    Parameters
    ----------
    dataset : geo.dataset.Dataset
    params : TravelTimeParams, optional

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

    def __init__(self, dataset: Dataset, params: TravelTimeParams | None = None) -> None:
        self.dataset = dataset
        self.params = params or TravelTimeParams()
        self.places: list[str] = [str(p) for p in dataset.nodes.index]
        self.n_places = len(self.places)
        self._place_pos = {p: i for i, p in enumerate(self.places)}
        self.links: list[str] = [str(i) for i in dataset.links.index]
        self.states = link_states(dataset)
        rides, stations = self._rides()
        self.stations: list[tuple[str, str]] = stations
        self.node_ids: list[str] = self.places + [
            f(p, m) for p, m in stations for f in (station_id, arrival_id)
        ]
        self.size = len(self.node_ids) + self.n_places
        self.edges = _sorted(pd.concat([rides, self._local()], ignore_index=True))

    # --------------------------------------------------------------- compiling

    def _station_index(self, place: str, mode: str) -> int:
        return self._stations_pos[(place, mode)]

    def _rides(self) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
        dataset, params = self.dataset, self.params
        links = dataset.links
        segments = link_segments(links, dataset.nodes)
        by_link = dict(iter(segments.groupby("link_id", sort=False)))
        stations = sorted(
            {(s, m) for stops, m in zip(links["stops"], links["mode"], strict=True) for s in stops},
            key=lambda sm: (self._place_pos[sm[0]], sm[1]),
        )
        self._stations_pos = {sm: k for k, sm in enumerate(stations)}
        frames = []
        for k, link_id in enumerate(self.links):
            link = links.loc[link_id]
            seg = by_link[link_id]
            km = seg["length_km"].fillna(seg["geodesic_km"] * params.circuity[link["mode"]])
            for s, state in enumerate(self.states[link_id]):
                frames.append(self._ride_edges(k, s, link, state, seg, km.to_numpy(float)))
        return pd.concat(frames, ignore_index=True), stations

    def _ride_edges(
        self,
        link_no: int,
        state_no: int,
        link: pd.Series,
        state: LinkState,
        seg: pd.DataFrame,
        km: np.ndarray,
    ) -> pd.DataFrame:
        params, mode = self.params, str(link["mode"])
        stops = list(link["stops"])
        factor, dwell = params.speed_factor[mode], params.dwell_minutes[mode]
        published = np.asarray(state.minutes, dtype=float)
        fixed = published if len(published) == len(km) else np.full(len(km), np.nan)
        reverse_speed = (
            state.speed_kmh if np.isnan(state.reverse_speed_kmh) else (state.reverse_speed_kmh)
        )
        forward = np.where(np.isnan(fixed), km / (state.speed_kmh * factor) * 60.0, fixed)
        backward = np.where(np.isnan(fixed), km / (reverse_speed * factor) * 60.0, fixed)
        cum_f, cum_r = np.r_[0.0, np.cumsum(forward)], np.r_[0.0, np.cumsum(backward)]
        cum_km = np.r_[0.0, np.cumsum(km)]
        i, j = np.triu_indices(len(stops), 1)
        passed = _stops_passed(stops, set(link["express_stops"]), i, j)
        there = cum_f[j] - cum_f[i] + dwell * passed
        back = cum_r[j] - cum_r[i] + dwell * passed
        first = np.concatenate([i, j])
        last = np.concatenate([j, i])
        minutes = np.concatenate([there, back])
        pos = np.array([self._station_index(s, mode) for s in stops], dtype=np.int64)
        return pd.DataFrame(
            {
                "u": self.n_places + 2 * pos[first],
                "v": self.n_places + 2 * pos[last] + 1,
                "travel_time": minutes * 60.0,
                "line_haul": minutes * 60.0,
                "kind": "ride",
                "mode": mode,
                "link": link_no,
                "state": state_no,
                "station_a": pos[first],
                "station_b": pos[last],
                "mode_a": mode,
                "mode_b": mode,
                "key": str(link["id"]),
                "project_id": ";".join(state.projects),
                "length": np.tile((cum_km[j] - cum_km[i]) * 1000.0, 2),
                "stops_passed": np.tile(passed, 2),
                "from_place": [stops[x] for x in first],
                "to_place": [stops[x] for x in last],
            }
        )

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
        """Return each link's state number in ``scenario`` (-1: not open)."""
        dataset = self.dataset
        links, projects = dataset.links, dataset.projects
        chosen = set(scenario.project_ids)
        horizon = scenario.year if scenario.year is not None else dataset.base_year
        base = links["project_id"] == ""
        opened = links["opened"]
        open_base = base & (opened.isna() | (opened <= horizon) if horizon is not None else True)
        in_project = links["project_id"].isin(chosen)
        if scenario.year is not None:
            year = opened.fillna(links["project_id"].map(opening_years(projects)))
            in_project &= year.notna() & (year <= scenario.year)
        state = np.where(np.asarray(open_base | in_project, dtype=bool), 0, -1)
        applied = self._applied_upgrades(scenario, chosen)
        for k, link_id in enumerate(self.links):
            ups = applied.get(link_id)
            if ups and state[k] == 0:
                state[k] = self._state_no[link_id][ups]
        return state

    @cached_property
    def _state_no(self) -> dict[str, dict[tuple[str, ...], int]]:
        own = dict(zip(self.links, self.dataset.links["project_id"], strict=True))
        out = {}
        for link_id, states in self.states.items():
            skip = 1 if own[link_id] else 0
            out[link_id] = {s.projects[skip:]: n for n, s in enumerate(states)}
        return out

    def _applied_upgrades(self, scenario: Scenario, chosen: set[str]) -> dict[str, tuple]:
        dataset = self.dataset
        opening = opening_years(dataset.projects)
        upgrades = dataset.upgrades[dataset.upgrades["project_id"].isin(chosen)]
        if scenario.year is not None:
            year = upgrades["project_id"].map(opening)
            upgrades = upgrades[year.notna() & (year <= scenario.year)]
        order = upgrades.assign(_y=upgrades["project_id"].map(opening).fillna(0))
        applied: dict[str, tuple] = {}
        for row in order.sort_values(["_y", "project_id"]).itertuples(index=False):
            applied[row.link_id] = (*applied.get(row.link_id, ()), row.project_id)
        return applied

    def mask(self, scenario: Scenario, modes: str | frozenset[str] | None = "any") -> np.ndarray:
        """Return the edges of ``scenario`` restricted to ``modes`` (a boolean array).

        Stations count only where an open line of an allowed mode calls, so the masked
        edges are exactly the graph :mod:`network.graph` documents for the scenario.
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
        """Return the router of a scenario and mode set (CSR matrices from the mask)."""
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
        """Return the scenario's NetworkX graph (see :mod:`network.graph`)."""
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
    "LinkState",
    "arrival_id",
    "link_states",
    "station_id",
]
