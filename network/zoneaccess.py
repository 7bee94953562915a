"""Zone access: the drive from a zone's seat to the stations that serve it.

A zone (:mod:`geo.zones`) reaches every station, interchange and port inside its
polygon, and the nearest station of each mode within ``access_max_km`` (a county
without an HSR station drives to the next one), the nearest of the base network too.
Each such pair gets an *access* edge from the zone to the station and an *egress*
edge back. The drive is timed from geometry: the geodesic times the road ``circuity`` at
the ordinary-road running speed (the class-1/2 highway design speed of
:data:`geo.roads.ORDINARY_DESIGN_KMH` times the road ``speed_factor``). Door to door it
adds ``boarding_minutes`` (or ``alighting_minutes``) of the mode; the line-haul basis
counts the drive only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from geo.measure import geodesic_km
from geo.roads import ORDINARY_DESIGN_KMH

if TYPE_CHECKING:
    from geo.dataset import Dataset
    from network.edges import EdgeBuilder
    from network.params import TravelTimeParams


def access_pairs(dataset: Dataset, params: TravelTimeParams) -> list[tuple[str, str, str, float]]:
    """Return every (zone, place, mode, geodesic km) a zone reaches a station by.

    A zone reaches every station inside its polygon, and for each mode the nearest
    station of that mode and the nearest one of the base network (a project's station
    may be nearer but not yet built) within ``access_max_km``. The pairs depend on
    geometry only, not on the scenario: a scenario uses those whose station it has.

    Parameters
    ----------
    dataset : geo.dataset.Dataset
        With zones.
    params : TravelTimeParams

    Returns
    -------
    list of tuple
        Zone id, place id, station mode, geodesic kilometres from the seat; sorted.
    """
    import shapely

    if dataset.zones is None:
        return []
    served = _served(dataset)
    places = sorted({p for p, _ in served})
    if not places:
        return []
    nodes = dataset.nodes.loc[places]
    lon, lat = nodes["lon"].to_numpy(float), nodes["lat"].to_numpy(float)
    points = shapely.points(lon, lat)
    position = {p: k for k, p in enumerate(places)}
    out: set[tuple[str, str, str, float]] = set()
    pools = {
        (mode, base_only): np.array(
            [
                position[p]
                for (p, m), base in served.items()
                if m == mode and (base or not base_only)
            ],
            dtype=np.int64,
        )
        for mode in sorted({m for _, m in served})
        for base_only in (False, True)
    }
    names = np.array(places, dtype=object)  # for the inside test
    for zone in dataset.zones.itertuples():
        km = geodesic_km(zone.seat_lon, zone.seat_lat, lon, lat)
        inside = set(names[shapely.within(points, zone.geometry)])
        chosen = {(p, m) for p, m in served if p in inside}
        for (mode, _), pool in pools.items():
            if len(pool):
                best = min(pool.tolist(), key=lambda k: (km[k], places[k]))  # nearest, then id
                if km[best] <= params.access_max_km:
                    chosen.add((places[best], mode))
        out |= {(str(zone.id), p, m, float(km[position[p]])) for p, m in chosen}
    return sorted(out)


def _served(dataset: Dataset) -> dict[tuple[str, str], bool]:
    """Return every (place, mode) a link serves, and whether a base link serves it."""
    kind = dataset.nodes["kind"]
    served: dict[tuple[str, str], bool] = {}
    for link in dataset.links.itertuples():
        calls = link.express_stops if link.service else link.stops
        for stop in calls:
            if kind[stop] != "zone":
                key = (str(stop), str(link.mode))
                served[key] = served.get(key, False) or link.project_id == ""
    return served


def zone_access_edges(builder: EdgeBuilder) -> pd.DataFrame:
    """Return the access and egress edges of every zone (the columns of ``_local``).

    Parameters
    ----------
    builder : network.edges.EdgeBuilder

    Returns
    -------
    pandas.DataFrame
        Two rows per (zone, place, mode) of :func:`access_pairs`: ``access`` from the
        zone to the station, ``egress`` from the station's arrival node to the zone's
        sink; seconds in ``travel_time`` (with terminal minutes) and ``line_haul``
        (the drive only); ``length`` in metres of road.
    """
    params = builder.params
    pairs = access_pairs(builder.dataset, params)
    road_km = np.array([km for *_, km in pairs], dtype=float) * params.circuity["road"]
    drive = road_km / (ORDINARY_DESIGN_KMH * params.speed_factor["road"]) * 60.0
    rows = []
    for (zone, place, mode, _), minutes, km in zip(pairs, drive, road_km, strict=True):
        k = builder._station_index(place, mode)
        origin = builder._place_pos[zone]
        common = dict(mode=mode, station_a=k, station_b=k, mode_a=mode, mode_b=mode, link=-1)
        common.update(state=-1, project_id="", length=km * 1000.0, stops_passed=0)
        common.update(line_haul=minutes * 60.0)
        board = (minutes + params.boarding_minutes[mode]) * 60.0
        alight = (minutes + params.alighting_minutes[mode]) * 60.0
        station = builder.n_places + 2 * k
        rows += [
            {**common, "kind": "access", "key": "access", "u": origin, "v": station,
             "travel_time": board, "from_place": zone, "to_place": place},
            {**common, "kind": "egress", "key": "egress", "u": station + 1,
             "v": builder._n_nodes + origin, "travel_time": alight, "from_place": place,
             "to_place": zone},
        ]  # fmt: skip
    return pd.DataFrame(rows)


__all__ = ["access_pairs", "zone_access_edges"]
