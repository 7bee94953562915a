"""The ordinary-road layer: national and provincial roads between neighbouring places.

Expressways are few and recent; before one opens a county is still reached, over the
national and provincial roads (国道, 省道) that join every town to its neighbours. A
dataset that lists only its expressways can ask for that layer to be generated
(``dataset.toml``: ``[roads] ordinary = true``). The layer joins the places that are
*Gabriel neighbours*: two places are joined when no third place lies inside the circle
whose diameter is the segment between them. The Gabriel graph is a standard proxy for
the road network between settlements (it is planar, connected and joins each place to
its natural neighbours, never across a third town). Its roads have no published length
(the model takes the geodesic times the road circuity), carry the design speed of a
class-2 highway, and are open in every year. Pairs farther apart than ``max_km`` are
not joined (long hull edges of the triangulation are not roads).
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from geo.measure import geodesic_km

#: Design speed of the generated roads: a class-2 highway (JTG B01-2014: 60–80 km/h).
ORDINARY_DESIGN_KMH = 80.0
ORDINARY_SOURCE = (
    "generated: Gabriel graph of the places (geo/roads.py); estimate: national/provincial "
    "road between neighbouring places, class-1/2 highway design speed 80 km/h (JTG B01-2014 "
    "Technical Standard of Highway Engineering), length = geodesic x road circuity"
)


def gabriel_pairs(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Return the Gabriel-graph edges of points in a plane, as sorted index pairs.

    Parameters
    ----------
    x, y : numpy.ndarray
        Planar (metric) coordinates.

    Returns
    -------
    numpy.ndarray
        Shape (m, 2), ``i < j``, rows sorted.
    """
    n = len(x)
    if n < 2:
        return np.empty((0, 2), dtype=np.int64)
    points = np.column_stack([x, y]).astype(float)
    candidates = _delaunay_pairs(points)
    from scipy.spatial import cKDTree

    tree = cKDTree(points)
    keep = []
    for i, j in candidates:
        middle = (points[i] + points[j]) / 2.0
        radius = np.hypot(*(points[i] - points[j])) / 2.0
        inside = tree.query_ball_point(middle, radius * (1.0 - 1e-9))
        if not [k for k in inside if k not in (i, j)]:
            keep.append((i, j))
    return np.array(sorted(keep), dtype=np.int64).reshape(-1, 2)


def _delaunay_pairs(points: np.ndarray) -> list[tuple[int, int]]:
    """Edges of the Delaunay triangulation (every Gabriel edge is one of them)."""
    if len(points) == 2:
        return [(0, 1)]
    from scipy.spatial import Delaunay, QhullError

    try:
        triangles = Delaunay(points).simplices
    except QhullError:  # all points on a line: join each to the next along it
        order = [int(k) for k in np.lexsort((points[:, 1], points[:, 0]))]
        return [_pair(a, b) for a, b in itertools.pairwise(order)]
    pairs = {_pair(int(t[a]), int(t[b])) for t in triangles for a, b in ((0, 1), (1, 2), (0, 2))}
    return sorted(pairs)


def _pair(a: int, b: int) -> tuple[int, int]:
    """Return the index pair in ascending order."""
    return (a, b) if a < b else (b, a)


def ordinary_roads(nodes: pd.DataFrame, crs: object, max_km: float) -> pd.DataFrame:
    """Return the generated ordinary roads between the places of ``nodes``.

    Parameters
    ----------
    nodes : pandas.DataFrame
        Indexed by id, with ``kind``, ``lon``, ``lat`` and ``project_id``; only the
        existing places (kinds city, district, county, town, zone) are joined, and a
        zone only where its seat is not at a place already (:data:`SAME_PLACE_KM`).
    crs : pyproj.CRS or str
        Metric CRS the neighbourhood is judged in.
    max_km : float
        Pairs farther apart (geodesic) are not joined.

    Returns
    -------
    pandas.DataFrame
        Link records: ``id`` ``road_<a>__<b>``, mode ``road``, two stops, no length,
        :data:`ORDINARY_DESIGN_KMH`, no opening year, :data:`ORDINARY_SOURCE`.
    """
    from pyproj import Transformer

    from geo.schema import PLACE_KINDS

    places = nodes[nodes["kind"].isin(PLACE_KINDS) & (nodes["project_id"] == "")]
    places = places[~_beside_a_place(places)]
    ids = [str(i) for i in places.index]
    to_metric = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    x, y = to_metric.transform(places["lon"].to_numpy(float), places["lat"].to_numpy(float))
    pairs = gabriel_pairs(np.asarray(x), np.asarray(y))
    lon, lat = places["lon"].to_numpy(float), places["lat"].to_numpy(float)
    if len(pairs):
        km = geodesic_km(lon[pairs[:, 0]], lat[pairs[:, 0]], lon[pairs[:, 1]], lat[pairs[:, 1]])
        pairs = pairs[km <= max_km]
    rows = [
        road_record(
            f"road_{ids[i]}__{ids[j]}",
            ids[i],
            ids[j],
            f"Road {places.at[ids[i], 'name']}–{places.at[ids[j], 'name']}",
            ORDINARY_DESIGN_KMH,
            ORDINARY_SOURCE,
        )
        for i, j in pairs
    ]
    return pd.DataFrame(rows)


#: A zone's seat this close to a place (km) is reached through that place's roads.
SAME_PLACE_KM = 1.0


def _beside_a_place(places: pd.DataFrame) -> np.ndarray:
    """Return which rows are zones whose seat lies within :data:`SAME_PLACE_KM` of a place.

    Such a zone reaches the place's stations and roads directly (its access), and two
    points at one spot would leave the Gabriel graph without an edge at either.
    """
    zone = (places["kind"] == "zone").to_numpy()
    if not zone.any() or zone.all():
        return np.zeros(len(places), dtype=bool)
    lon, lat = places["lon"].to_numpy(float), places["lat"].to_numpy(float)
    others = np.flatnonzero(~zone)
    out = np.zeros(len(places), dtype=bool)
    for k in np.flatnonzero(zone):
        km = geodesic_km(lon[k], lat[k], lon[others], lat[others])
        out[k] = bool((km <= SAME_PLACE_KM).any())
    return out


def road_record(
    link_id: str, a: str, b: str, name: str, speed_kmh: float, source: str
) -> dict[str, object]:
    """Return the link record of a generated road between nodes ``a`` and ``b``.

    No published length (the model takes the geodesic times the road circuity), open
    in every year, ``name_zh`` 国省道（生成）.

    Parameters
    ----------
    link_id, a, b, name : str
        The link's id, its two stops (node ids) and its English name.
    speed_kmh : float
        Design speed, km/h.
    source : str
        Provenance.

    Returns
    -------
    dict
        One record of ``links.csv`` with ``project_id`` empty.
    """
    return {
        "id": link_id,
        "mode": "road",
        "name": name,
        "name_zh": "国省道（生成）",
        "stops": (a, b),
        "express_stops": (),
        "length_km": (),
        "speed_kmh": speed_kmh,
        "minutes": (),
        "reverse_speed_kmh": np.nan,
        "opened": pd.NA,
        "closed": pd.NA,
        "lanes": pd.NA,
        "trains_per_day": np.nan,
        "hours_per_day": np.nan,
        "source": source,
        "project_id": "",
    }


__all__ = [
    "ORDINARY_DESIGN_KMH",
    "ORDINARY_SOURCE",
    "gabriel_pairs",
    "ordinary_roads",
    "road_record",
]
