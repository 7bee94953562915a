"""Compiling a dataset's edges: the rides of every link state, and the local edges.

:class:`EdgeBuilder` turns the dataset, the parameters and every link's states into
the edge table of :class:`~network.compiled.CompiledNetwork` (its docstring gives the
node layout): ride edges between every pair of a link's stops in every state, with the
running time of the segments between them and a dwell per call; access, egress and
transfer edges at every station.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from geo.dataset import Dataset
from geo.measure import link_segments
from geo.progress import Step, no_step
from geo.services import lock_minutes
from network.params import DRIVEN_MODES, TravelTimeParams
from network.states import LinkState

#: Rail lines built for this speed or less are conventional (``conventional_factor``).
CONVENTIONAL_KMH = 120.0
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


class EdgeBuilder:
    """Build the edge table of a dataset once (see the module docstring).

    Parameters
    ----------
    dataset : geo.dataset.Dataset
    params : TravelTimeParams
    states : dict of str to list of LinkState
        Every state of every link (:func:`network.states.link_states`).
    place_pos : dict of str to int
        Index of each dataset node (its origin node).
    """

    def __init__(
        self,
        dataset: Dataset,
        params: TravelTimeParams,
        states: dict[str, list[LinkState]],
        place_pos: dict[str, int],
    ) -> None:
        self.dataset, self.params, self.states = dataset, params, states
        self._place_pos = place_pos
        self.n_places = len(place_pos)
        self.stations: list[tuple[str, str]] = []

    def build(self, step: Step = no_step) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
        """Return the edges (sorted by node) and the stations (place, mode) by index.

        Parameters
        ----------
        step : callable, optional
            Told each stage as it ends (a progress bar).

        Returns
        -------
        tuple of (pandas.DataFrame, list of (str, str))
        """
        rides, self.stations = self._rides()
        step("rides")
        self._n_nodes = self.n_places + 2 * len(self.stations)
        parts = [rides, self._local()]
        step("stations and roads")
        if self.dataset.zones is not None:
            from network.zoneaccess import zone_access_edges

            parts.append(zone_access_edges(self))
        edges = _sorted(pd.concat(parts, ignore_index=True))
        step("edges")
        return edges, self.stations

    def _station_index(self, place: str, mode: str) -> int:
        return self._stations_pos.get((place, mode), -1)

    def _rides(self) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
        dataset, params = self.dataset, self.params
        links = dataset.links
        segments = link_segments(links, dataset.nodes)
        bounds = np.r_[0, np.cumsum(segments.groupby("link_id", sort=False).size().to_numpy())]
        order = {k: n for n, k in enumerate(segments["link_id"].drop_duplicates())}
        # The track mode of every segment: a service's own, else its link's mode.
        track = segments["link_id"].map(links["mode"]).to_numpy(dtype=object)
        for link in links.itertuples():
            modes = tuple(getattr(link, "segment_modes", ()) or ())
            if modes:
                n = order[link.Index]
                track[bounds[n] : bounds[n + 1]] = modes
        self._track = track
        circuity = np.array([params.circuity[m] for m in track], dtype=float)
        km_all = segments["length_km"].fillna(segments["geodesic_km"] * circuity).to_numpy(float)
        locks = lock_minutes(dataset.locks, links) if len(dataset.locks) else {}
        stations = sorted(
            {(s, str(link.mode)) for link in links.itertuples() for s in _served(link)},
            key=lambda sm: (self._place_pos[sm[0]], sm[1]),
        )
        self._stations_pos = {sm: k for k, sm in enumerate(stations)}
        parts: list[dict[str, Any]] = []
        for k, link in enumerate(links.itertuples()):
            n = order[link.Index]
            span = slice(bounds[n], bounds[n + 1])
            run = _Run(km_all[span], track[span], locks.get(str(link.Index), []))
            for s, state in enumerate(self.states[str(link.Index)]):
                parts.append(self._ride_edges(k, s, link, state, run))
        columns = {c: np.concatenate([part[c] for part in parts]) for c in parts[0]}
        return pd.DataFrame(columns), stations

    def _ride_edges(
        self, link_no: int, state_no: int, link: Any, state: LinkState, run: _Run
    ) -> dict[str, Any]:
        """Return the ride edges of one link in one state, as columns (arrays)."""
        params, mode, km = self.params, str(link.mode), run.km
        stops = list(link.stops)
        forward, backward, top = run.running_minutes(state, params)
        accel = params.acceleration[mode]
        stop_loss = top / 3.6 / accel / 60.0 if accel > 0 else 0.0  # v / a, in minutes
        call = params.dwell_minutes[mode] + stop_loss
        passage, wait = run.lock_arrays(len(km))
        cum_f = np.r_[0.0, np.cumsum(forward + passage)]
        cum_r = np.r_[0.0, np.cumsum(backward + passage)]
        cum_wait, cum_km = np.r_[0.0, np.cumsum(wait)], np.r_[0.0, np.cumsum(km)]
        i, j = np.triu_indices(len(stops), 1)
        calls = set(link.express_stops)
        if getattr(link, "service", False):  # a service boards only where it calls
            boards = np.array([s in calls for s in stops], dtype=bool)
            keep = boards[i] & boards[j]
            i, j = i[keep], j[keep]
        passed = _stops_passed(stops, calls, i, j)
        first, last = np.concatenate([i, j]), np.concatenate([j, i])
        running = np.concatenate([cum_f[j] - cum_f[i], cum_r[j] - cum_r[i]])
        under_way = running + stop_loss + call * np.tile(passed, 2)
        seconds = 60.0 * under_way
        elapsed = under_way + np.tile(cum_wait[j] - cum_wait[i], 2)
        hours = getattr(link, "hours_per_day", np.nan)
        if hours == hours and hours < 24:  # no night sailing: a day covers `hours` of it
            elapsed = elapsed + under_way * (24.0 - hours) / hours
        elapsed = elapsed + self._wait(getattr(link, "trains_per_day", np.nan))
        pos = np.array([self._station_index(s, mode) for s in stops], dtype=np.int64)
        assert (pos[i] >= 0).all() and (pos[j] >= 0).all(), f"{link.id}: a ride from no station"
        names = np.array(stops, dtype=object)
        n = len(first)

        def same(value: object) -> np.ndarray:
            return np.full(n, value, dtype=object)

        return {
            "u": self.n_places + 2 * pos[first],
            "v": self.n_places + 2 * pos[last] + 1,
            "travel_time": 60.0 * elapsed,
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

    def _wait(self, trains_per_day: float) -> float:
        """Return the expected wait (minutes) for ``trains_per_day``: half the headway."""
        if trains_per_day != trains_per_day:
            return 0.0
        headway = self.params.service_hours * 60.0 / trains_per_day
        return min(headway / 2.0, self.params.max_wait_minutes)

    def _local(self) -> pd.DataFrame:
        """Access, egress and transfer edges of every station."""
        params, rows = self.params, []
        by_place: dict[str, list[str]] = {}
        for place, mode in self.stations:
            by_place.setdefault(place, []).append(mode)
        for place, modes in by_place.items():
            origin = self._place_pos[place]
            sink = self._n_nodes + origin
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
        zone = frame["at"].map(self.dataset.nodes["kind"]).eq("zone").to_numpy()
        access = np.where(
            zone,
            frame["mode_a"].map(params.boarding_minutes),
            frame["mode_a"].map(params.access_minutes),
        )
        egress = np.where(
            zone,
            frame["mode_a"].map(params.alighting_minutes),
            frame["mode_a"].map(params.egress_minutes),
        )
        change = [
            params.transfer_cost(a, b)
            for a, b in zip(frame["mode_a"], frame["mode_b"], strict=True)
        ]
        # Driven modes: the drive out of town to the interchange (part of the line-haul),
        # from the place's own residents (a zone counting them leaves them its own).
        residents = self.dataset.nodes["residents"].clip(lower=0.0)
        urban = params.urban_minutes * np.sqrt(frame["at"].map(residents).to_numpy(float) / 1e6)
        driven = frame["mode_a"].isin(DRIVEN_MODES).to_numpy() & (frame["kind"] != "transfer")
        urban = np.where(driven & ~zone, urban, 0.0)  # a zone's drive is timed apart
        minutes = np.select(
            [frame["kind"] == "access", frame["kind"] == "egress"], [access, egress], change
        ).astype(float)
        seconds = (minutes + urban) * 60.0
        return frame.assign(
            travel_time=seconds,
            line_haul=np.where(frame["kind"] == "transfer", seconds, urban * 60.0),
            link=-1,
            state=-1,
            key=frame["kind"],
            project_id="",
            length=0.0,
            stops_passed=0,
            from_place=frame["at"],
            to_place=frame["at"],
        ).drop(columns="at")


class _Run:
    """The track of one link: km, track mode and locks of every segment."""

    def __init__(self, km: np.ndarray, track: np.ndarray, locks: list[tuple[int, float, float]]):
        self.km, self.track, self.locks = km, track, locks

    def running_minutes(
        self, state: LinkState, params: TravelTimeParams
    ) -> tuple[np.ndarray, np.ndarray, float]:
        """Return each segment's running minutes (forward, backward) and the top speed.

        Speeds by mode and class (docs/model.md, Segment times); the top running speed
        is in km/h.
        """
        km = self.km
        factor = np.array([params.speed_factor[m] for m in self.track], dtype=float)
        published = np.asarray(state.minutes, dtype=float)
        fixed = published if len(published) == len(km) else np.full(len(km), np.nan)
        speed = np.asarray(state.segment_speeds, dtype=float)
        speed = speed if len(speed) == len(km) else np.full(len(km), state.speed_kmh)
        conventional = (self.track == "rail") & (speed <= CONVENTIONAL_KMH)
        factor = np.where(conventional, factor * params.conventional_factor, factor)
        expressway = self.track == "expressway"
        if expressway.any():  # road class: running speed by design speed
            by_class = np.array([params.expressway_speed(v) for v in speed], dtype=float)
            factor = np.where(expressway, by_class / speed, factor)
        reverse = speed if np.isnan(state.reverse_speed_kmh) else state.reverse_speed_kmh
        forward = np.where(np.isnan(fixed), km / (speed * factor) * 60.0, fixed)
        backward = np.where(np.isnan(fixed), km / (reverse * factor) * 60.0, fixed)
        return forward, backward, float(np.nanmax(speed * factor))

    def lock_arrays(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Return the lock passage and wait minutes of every segment."""
        passage, wait = np.zeros(n), np.zeros(n)
        for segment, through, waiting in self.locks:
            passage[segment] += through
            wait[segment] += waiting
        return passage, wait


def _served(link: Any) -> tuple[str, ...]:
    """Return the stops where a link's trains board: a service's calls, else all."""
    return tuple(link.express_stops) if getattr(link, "service", False) else tuple(link.stops)


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


__all__ = ["EDGE_COLUMNS", "KINDS", "EdgeBuilder"]
