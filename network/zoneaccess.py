"""Zone access: the drive from a zone's seat to the stations that serve it.

A zone (:mod:`geo.zones`) reaches every station, interchange and port inside its
polygon, and the nearest station of each mode within ``access_max_km`` (a county
without an HSR station drives to the next one). Each such pair gets an *access* edge
from the zone to the station and an *egress* edge back, for every mode the place
serves. The drive is timed from geometry: the geodesic times the road ``circuity`` at
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
    from network.edges import EdgeBuilder


def access_pairs(builder: EdgeBuilder) -> list[tuple[str, str, str, float]]:
    """Return every (zone, place, mode, geodesic km) a zone reaches a station by.

    Parameters
    ----------
    builder : network.edges.EdgeBuilder
        After its rides are built (its stations known).

    Returns
    -------
    list of tuple
        Zone id, place id, station mode, geodesic kilometres from the seat.
    """
    import shapely

    dataset, params = builder.dataset, builder.params
    kind = dataset.nodes["kind"]
    modes: dict[str, list[str]] = {}
    for place, mode in builder.stations:
        if kind[place] != "zone":
            modes.setdefault(place, []).append(mode)
    places = list(modes)
    if not places:
        return []
    nodes = dataset.nodes.loc[places]
    lon, lat = nodes["lon"].to_numpy(float), nodes["lat"].to_numpy(float)
    points = shapely.points(lon, lat)
    by_mode = {
        m: np.array([m in modes[p] for p in places]) for m in {m for _, m in builder.stations}
    }
    out = []
    assert dataset.zones is not None
    for zone in dataset.zones.itertuples():
        km = geodesic_km(zone.seat_lon, zone.seat_lat, lon, lat)
        chosen = {
            (k, m)
            for k in np.flatnonzero(shapely.within(points, zone.geometry))
            for m in modes[places[k]]
        }
        for mode, has in by_mode.items():
            if has.any() and not any(m == mode for _, m in chosen):
                k = int(np.argmin(np.where(has, km, np.inf)))
                if km[k] <= params.access_max_km:
                    chosen.add((k, mode))
        out += [(str(zone.id), places[k], m, float(km[k])) for k, m in sorted(chosen)]
    return out


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
    pairs = access_pairs(builder)
    road_km = np.array([km for *_, km in pairs], dtype=float) * params.circuity["road"]
    drive = road_km / (ORDINARY_DESIGN_KMH * params.speed_factor["road"]) * 60.0
    rows = []
    for (zone, place, mode, _), minutes, km in zip(pairs, drive, road_km, strict=True):
        k = builder._station_index(place, mode)
        station, arrival = builder.n_places + 2 * k, builder.n_places + 2 * k + 1
        origin = builder._place_pos[zone]
        sink = builder._n_nodes + origin
        board, alight = params.boarding_minutes[mode], params.alighting_minutes[mode]
        common = {
            "mode": mode,
            "station_a": k,
            "station_b": k,
            "mode_a": mode,
            "mode_b": mode,
            "link": -1,
            "state": -1,
            "project_id": "",
            "length": km * 1000.0,
            "stops_passed": 0,
            "line_haul": minutes * 60.0,
        }
        rows.append(
            {
                **common,
                "kind": "access",
                "u": origin,
                "v": station,
                "key": "access",
                "travel_time": (minutes + board) * 60.0,
                "from_place": zone,
                "to_place": place,
            }
        )
        rows.append(
            {
                **common,
                "kind": "egress",
                "u": arrival,
                "v": sink,
                "key": "egress",
                "travel_time": (minutes + alight) * 60.0,
                "from_place": place,
                "to_place": zone,
            }
        )
    return pd.DataFrame(rows)


__all__ = ["access_pairs", "zone_access_edges"]
