"""The reference graph builder: one NetworkX graph built from pandas rows per scenario.

This is how Corridor built a scenario before the network was compiled once into arrays
(:mod:`network.compiled`). It is kept as the *reference* of the benchmarks ("today's
method", rebuilt per scenario) and as an independent implementation that the tests
hold the compiled network equal to. Its semantics are those documented below.

The graph follows OSMnx's conventions where they overlap: nodes carry ``x``/``y``
(lon/lat, WGS84), edges ``length`` in metres and ``travel_time`` in seconds, so
NetworkX and OSMnx-style tools work on it. Structure:

- a **place** node per place (id ``chengdu``), the origin and destination of trips;
- a **station** node per (place, mode) (id ``chengdu|hsr``), where trips board, and its
  **arrival** twin (``chengdu|hsr|arr``), where rides end;
- **access** edges place → station and **egress** edges arrival → place (door-to-door
  minutes from the parameters);
- **ride** edges station → arrival between every pair of stops i < j of a line, in both
  directions, whose time is the running time of the segments between them plus a dwell
  for every stop passed where the train calls (alighting anywhere is exact). Between two
  of a line's ``express_stops`` the fastest train calls only at the express stops in
  between; every other pair is served by the all-stops train;
- **transfer** edges arrival → station at one place: to another mode (the transfer
  penalty) or to another line of the same mode (the line-change penalty, never below the
  dwell, so alighting and re-boarding never beats staying on).

Each edge also has ``line_haul`` (seconds, station to station: zero on access/egress),
``minutes``, ``mode``, ``link_id``, ``project_id`` (``;``-joined ids of the projects
that add or upgrade the link, '' for none) and ``kind``.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from geo.dataset import Dataset
from geo.measure import SEGMENT_COLUMNS, geodesic_km
from network.modes import mode_set_name, resolve_modes
from network.params import TravelTimeParams, dataset_params
from network.scenario import Scenario, active_network, resolve_scenario

SEP = "|"


def station_id(place: str, mode: str) -> str:
    """Id of the station node (boarding) of ``mode`` at ``place``."""
    return f"{place}{SEP}{mode}"


def arrival_id(place: str, mode: str) -> str:
    """Id of the arrival node (alighting) of ``mode`` at ``place``."""
    return f"{place}{SEP}{mode}{SEP}arr"


def segment_minutes(
    segments: pd.DataFrame, links: pd.DataFrame, params: TravelTimeParams
) -> pd.DataFrame:
    """Add running minutes (forward and reverse) and model lengths to link segments.

    Segment time = published minutes where given, else length / (speed × mode
    speed factor); length = published (shared out over segments) or geodesic ×
    mode circuity. Reverse uses ``reverse_speed_kmh`` where given.
    """
    seg = segments.copy()
    mode = seg["link_id"].map(links["mode"]).astype(object)
    speed = seg["link_id"].map(links["speed_kmh"]).astype(float)
    for link_id in seg["link_id"].unique():  # a service: per-segment track mode and speed
        where = (seg["link_id"] == link_id).to_numpy()
        modes = tuple(links.at[link_id, "segment_modes"] or ())
        if modes:
            mode[where] = list(modes)
            speed[where] = list(links.at[link_id, "segment_speeds"])
    reverse = seg["link_id"].map(links["reverse_speed_kmh"]).astype(float).fillna(speed)
    factor = mode.map(params.speed_factor).astype(float)
    factor = factor.where(
        ~((mode == "rail") & (speed <= 120.0)), factor * params.conventional_factor
    )
    for k in seg.index[mode == "expressway"]:
        factor[k] = params.expressway_speed(speed[k]) / speed[k]
    circuity = mode.map(params.circuity).astype(float)
    seg["mode"] = mode
    seg["model_km"] = seg["length_km"].fillna(seg["geodesic_km"] * circuity)
    seg["length_source"] = np.where(seg["length_km"].notna(), "published", "geodesic×circuity")
    seg["run_kmh"] = speed * factor
    seg["forward_min"] = seg["minutes"].fillna(seg["model_km"] / (speed * factor) * 60.0)
    seg["reverse_min"] = seg["minutes"].fillna(seg["model_km"] / (reverse * factor) * 60.0)
    return seg


def link_segments_reference(links: pd.DataFrame, nodes: pd.DataFrame) -> pd.DataFrame:
    """Return the stop-to-stop segments as :func:`geo.measure.link_segments` does, link by link.

    The per-link pandas look-ups of Corridor before compilation, kept so that the
    reference builds a scenario the way it was built then (and as an independent
    implementation of the same segments).
    """
    rows: list[tuple[object, ...]] = []
    for link in links.itertuples(index=False):
        stops = link.stops
        lon = nodes.loc[list(stops), "lon"].to_numpy(dtype=float)
        lat = nodes.loc[list(stops), "lat"].to_numpy(dtype=float)
        geodesic = geodesic_km(lon[:-1], lat[:-1], lon[1:], lat[1:])
        n = len(stops) - 1
        published = tuple(link.length_km)
        if len(published) == n:
            lengths = np.maximum(np.asarray(published, dtype=float), geodesic)
        elif len(published) == 1:  # shared out, never below the geodesic
            lengths = geodesic * max(published[0] / geodesic.sum(), 1.0)
        else:
            lengths = np.full(n, np.nan)
        minutes = (
            np.asarray(link.minutes, dtype=float) if len(link.minutes) == n else np.full(n, np.nan)
        )
        for i in range(n):
            rows.append(
                (link.id, i, stops[i], stops[i + 1], float(geodesic[i]), float(lengths[i]),
                 float(minutes[i]))
            )  # fmt: skip
    return pd.DataFrame(rows, columns=list(SEGMENT_COLUMNS))


def build_graph_reference(
    dataset: Dataset,
    scenario: str | Scenario | None = "baseline",
    *,
    params: TravelTimeParams | None = None,
    modes: str | frozenset[str] | None = "any",
) -> nx.MultiDiGraph:
    """Return the multimodal graph of a scenario.

    Parameters
    ----------
    dataset : geo.dataset.Dataset
        From :func:`geo.load_dataset`.
    scenario : str or Scenario, default "baseline"
        See :mod:`network.scenario` for the specification strings.
    params : TravelTimeParams, optional
        Model parameters (default: the documented defaults).
    modes : str, default "any"
        Mode set (``rail``, ``road``, ``water``, ``any``, ``freight``) or modes.

    Returns
    -------
    networkx.MultiDiGraph
        Graph attributes ``crs``, ``scenario``, ``modes``, ``project_ids``, ``dataset``.
    """
    params = params or dataset_params(dataset.metadata)
    chosen = resolve_scenario(dataset, scenario)
    mode_set = resolve_modes(modes)
    links, nodes = active_network(dataset, chosen)
    links = links[links["mode"].isin(mode_set)]
    graph = nx.MultiDiGraph(
        crs="EPSG:4326",
        dataset=dataset.name,
        scenario=chosen.name,
        modes=mode_set_name(mode_set),
        project_ids=";".join(chosen.project_ids),
    )
    for node in nodes.itertuples(index=False):
        population = node.population
        graph.add_node(
            node.id,
            kind="place",
            place=node.id,
            x=float(node.lon),
            y=float(node.lat),
            name=node.name,
            name_zh=node.name_zh,
            node_kind=node.kind,
            population=None if pd.isna(population) else int(population),
            circle=bool(node.circle),
            project_id=node.project_id,
        )
    if links.empty:
        return graph
    segments = segment_minutes(link_segments_reference(links, nodes), links, params)
    for link_id, seg in segments.groupby("link_id", sort=False):
        _add_line(graph, links.loc[link_id], seg, params, dataset.locks)
    _add_stations(graph, nodes, params)
    if dataset.zones is not None:
        _add_zone_access(graph, dataset, params)
    return graph


def _add_zone_access(graph: nx.MultiDiGraph, dataset: Dataset, params: TravelTimeParams) -> None:
    """Add each zone's drive to the stations it reaches (the pairs of network.zoneaccess).

    The drive: the ellipsoidal distance (pyproj) × road circuity at 80 km/h × the road
    speed factor; door to door plus the boarding (alighting) minutes of the mode.
    """
    from pyproj import Geod

    from geo.roads import ORDINARY_DESIGN_KMH
    from network.zoneaccess import access_pairs

    geod = Geod(ellps="WGS84")
    speed = ORDINARY_DESIGN_KMH * params.speed_factor["road"]
    for zone, place, mode, _ in access_pairs(dataset, params):
        station, arrival = station_id(place, mode), arrival_id(place, mode)
        if zone not in graph or station not in graph:
            continue
        seat = dataset.zones.loc[zone]
        to = dataset.nodes.loc[place]
        metres = geod.inv(seat.seat_lon, seat.seat_lat, to.lon, to.lat)[2]
        km = metres / 1000.0 * params.circuity["road"]
        drive = km / speed * 60.0
        for kind, u, v, extra in (
            ("access", zone, station, params.boarding_minutes[mode]),
            ("egress", arrival, zone, params.alighting_minutes[mode]),
        ):
            graph.add_edge(
                u, v, key=kind, kind=kind, mode=mode, link_id="", name=kind, project_id="",
                length=km * 1000.0, travel_time=(drive + extra) * 60.0, line_haul=drive * 60.0,
                minutes=drive + extra, stops_passed=0,
                from_place=zone if kind == "access" else place,
                to_place=place if kind == "access" else zone,
            )  # fmt: skip


def _add_line(
    graph: nx.MultiDiGraph,
    link: pd.Series,
    seg: pd.DataFrame,
    params: TravelTimeParams,
    locks: pd.DataFrame,
) -> None:
    mode = link["mode"]
    stops = list(link["stops"])
    km = seg["model_km"].to_numpy()
    # Locks: passage under way, wait in the elapsed time only.
    passage, wait = np.zeros(len(km)), np.zeros(len(km))
    for lock in locks.itertuples(index=False):
        if lock.link_id == link["id"]:
            passage[stops.index(lock.after_stop)] += lock.passage_minutes
            waiting = lock.wait_minutes
            wait[stops.index(lock.after_stop)] += 0.0 if np.isnan(waiting) else waiting
    forward = seg["forward_min"].to_numpy() + passage
    reverse = seg["reverse_min"].to_numpy() + passage
    # Start/stop loss: running speed / acceleration, once a run and once a call.
    accel = params.acceleration[mode]
    top = float(np.nanmax(seg["run_kmh"]))
    loss = top / 3.6 / accel / 60.0 if accel > 0 else 0.0
    dwell = params.dwell_minutes[mode] + loss
    project_id = ";".join(link["project_ids"])
    cum_f = np.concatenate([[0.0], np.cumsum(forward)])
    cum_r = np.concatenate([[0.0], np.cumsum(reverse)])
    cum_w = np.concatenate([[0.0], np.cumsum(wait)])
    cum_km = np.concatenate([[0.0], np.cumsum(km)])
    express = set(link["express_stops"])
    service = bool(link.get("service", False))
    hours = link.get("hours_per_day", np.nan)
    per_day = link.get("trains_per_day", np.nan)
    schedule = (
        min(params.service_hours * 60.0 / per_day / 2.0, params.max_wait_minutes)
        if per_day == per_day
        else 0.0
    )
    for i in range(len(stops)):
        for j in range(i + 1, len(stops)):
            if service and not (stops[i] in express and stops[j] in express):
                continue  # a service boards only where it calls
            passed = _stops_passed(stops, i, j, express)
            length_m = float(cum_km[j] - cum_km[i]) * 1000.0
            for a, b, minutes in (
                (stops[i], stops[j], cum_f[j] - cum_f[i] + loss + dwell * passed),
                (stops[j], stops[i], cum_r[j] - cum_r[i] + loss + dwell * passed),
            ):
                elapsed = minutes + cum_w[j] - cum_w[i]
                if hours == hours and hours < 24:
                    elapsed += minutes * (24.0 - hours) / hours
                elapsed += schedule
                seconds = float(minutes) * 60.0
                graph.add_edge(
                    station_id(a, mode),
                    arrival_id(b, mode),
                    key=link["id"],
                    kind="ride",
                    mode=mode,
                    link_id=link["id"],
                    name=link["name"],
                    project_id=project_id,
                    length=length_m,
                    travel_time=float(elapsed) * 60.0,
                    line_haul=seconds,
                    minutes=float(elapsed),
                    stops_passed=passed,
                    from_place=a,
                    to_place=b,
                )


def _stops_passed(stops: list[str], i: int, j: int, express: set[str]) -> int:
    """Count the stops between positions i and j where the fastest train calls.

    Between two express stops the express runs, calling only at the express stops in
    between; any other pair is served by the all-stops train.
    """
    if stops[i] in express and stops[j] in express:
        return sum(1 for stop in stops[i + 1 : j] if stop in express)
    return j - i - 1


def _add_stations(graph: nx.MultiDiGraph, nodes: pd.DataFrame, params: TravelTimeParams) -> None:
    coords = nodes.set_index("id")[["lon", "lat", "residents", "kind"]]
    by_place: dict[str, set[str]] = {}
    for node in [n for n in graph.nodes if SEP in n]:
        place, mode = node.split(SEP)[:2]
        by_place.setdefault(place, set()).add(mode)
    for place, modes in by_place.items():
        x, y = float(coords.at[place, "lon"]), float(coords.at[place, "lat"])
        for mode in sorted(modes):
            station, arrival = station_id(place, mode), arrival_id(place, mode)
            graph.add_node(station, kind="station", place=place, mode=mode, x=x, y=y)
            graph.add_node(arrival, kind="arrival", place=place, mode=mode, x=x, y=y)
            urban = 0.0
            zone = coords.at[place, "kind"] == "zone"
            if mode in ("expressway", "road") and not zone:  # the drive out of town
                residents = max(float(coords.at[place, "residents"]), 0.0)
                urban = params.urban_minutes * (residents / 1e6) ** 0.5
            board = params.boarding_minutes if zone else params.access_minutes
            alight = params.alighting_minutes if zone else params.egress_minutes
            _add_local(graph, "access", place, station, mode, board[mode], urban)
            _add_local(graph, "egress", arrival, place, mode, alight[mode], urban)
            for other in sorted(modes):
                _add_local(
                    graph,
                    "transfer",
                    arrival,
                    station_id(place, other),
                    mode if other == mode else f"{mode}>{other}",
                    params.transfer_cost(mode, other),
                )


def _add_local(
    graph: nx.MultiDiGraph,
    kind: str,
    u: str,
    v: str,
    mode: str,
    minutes: float,
    urban: float = 0.0,
) -> None:
    """Add an access, egress or transfer edge (no length; line-haul: the urban drive)."""
    place = graph.nodes[u]["place"] if u in graph else graph.nodes[v]["place"]
    minutes = minutes + urban
    seconds = float(minutes) * 60.0
    graph.add_edge(
        u,
        v,
        key=kind,
        kind=kind,
        mode=mode,
        link_id="",
        name=kind,
        project_id="",
        length=0.0,
        travel_time=seconds,
        line_haul=urban * 60.0 if kind in ("access", "egress") else seconds,
        minutes=float(minutes),
        stops_passed=0,
        from_place=place,
        to_place=place,
    )


__all__ = [
    "SEP",
    "arrival_id",
    "build_graph_reference",
    "link_segments_reference",
    "segment_minutes",
    "station_id",
]
