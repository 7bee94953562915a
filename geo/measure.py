"""Geodesic measures on the WGS84 ellipsoid and the segments of a link.

Distances are computed with :class:`pyproj.Geod` (Karney's algorithm), never with
planar degrees. Lengths are kilometres, as the ``_km`` in the names says.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from pyproj import Geod
from shapely.geometry.base import BaseGeometry

GEOD = Geod(ellps="WGS84")

SEGMENT_COLUMNS = (
    "link_id",
    "seq",
    "from_id",
    "to_id",
    "geodesic_km",
    "length_km",
    "minutes",
)


def geodesic_km(
    lon1: ArrayLike, lat1: ArrayLike, lon2: ArrayLike, lat2: ArrayLike
) -> NDArray[np.float64]:
    """Return the geodesic distance in kilometres between point pairs (vectorised).

    Parameters
    ----------
    lon1, lat1, lon2, lat2 : array_like
        WGS84 degrees; scalars or arrays of one shape.

    Returns
    -------
    numpy.ndarray
        Distances in km on the WGS84 ellipsoid.
    """
    arrays = np.broadcast_arrays(*(np.asarray(a, dtype=float) for a in (lon1, lat1, lon2, lat2)))
    flat = [a.ravel() for a in arrays]
    _, _, metres = GEOD.inv(flat[0], flat[1], flat[2], flat[3])
    return np.asarray(metres, dtype=float).reshape(arrays[0].shape) / 1000.0


def geometry_length_km(geometry: BaseGeometry) -> float:
    """Return the geodesic length in km of a WGS84 line (or perimeter of a polygon)."""
    return float(GEOD.geometry_length(geometry)) / 1000.0


def link_segments(links: pd.DataFrame, nodes: pd.DataFrame) -> pd.DataFrame:
    """Split links into stop-to-stop segments with geodesic and published measures.

    Parameters
    ----------
    links : pandas.DataFrame
        Columns ``id``, ``stops`` (tuple of node ids), ``length_km`` and ``minutes``
        (tuples: empty, one total, or one value per segment).
    nodes : pandas.DataFrame
        Indexed by node id with ``lon`` and ``lat``.

    Returns
    -------
    pandas.DataFrame
        One row per segment: ``link_id``, ``seq`` (0-based), ``from_id``, ``to_id``,
        ``geodesic_km``, ``length_km`` (published; a published total is shared out in
        proportion to the geodesic lengths, and never below them: where the stops lie
        off the line, so that their chain is longer than the published total, each
        segment keeps its geodesic length; a published per-segment length below the
        geodesic, which measures a road that starts outside the places, is raised to
        it; NaN when none is published) and
        ``minutes`` (published, else NaN).
    """
    position = {node: i for i, node in enumerate(nodes.index)}
    lon_all = nodes["lon"].to_numpy(dtype=float)
    lat_all = nodes["lat"].to_numpy(dtype=float)
    stops_of = [tuple(s) for s in links["stops"]]
    counts = np.array([max(len(s) - 1, 0) for s in stops_of], dtype=int)
    a = np.array([position[s[i]] for s in stops_of for i in range(len(s) - 1)], dtype=int)
    b = np.array([position[s[i + 1]] for s in stops_of for i in range(len(s) - 1)], dtype=int)
    geodesic = geodesic_km(lon_all[a], lat_all[a], lon_all[b], lat_all[b]) if len(a) else a * 0.0
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]) if len(counts) else counts
    lengths = np.full(len(a), np.nan)
    minutes = np.full(len(a), np.nan)
    for k, (published, timed) in enumerate(zip(links["length_km"], links["minutes"], strict=True)):
        n, start = counts[k], starts[k]
        if n == 0:
            continue
        part = slice(start, start + n)
        if len(published) == n:  # never below the straight line between the places
            lengths[part] = np.maximum(np.asarray(published, dtype=float), geodesic[part])
        elif len(published) == 1:
            chain = geodesic[part].sum()
            lengths[part] = geodesic[part] * max(published[0] / chain, 1.0) if chain else 0.0
        if len(timed) == n:
            minutes[part] = np.asarray(timed, dtype=float)
    return pd.DataFrame(
        {
            "link_id": np.repeat(links["id"].to_numpy(dtype=object), counts),
            "seq": np.concatenate([np.arange(n) for n in counts]) if len(counts) else [],
            "from_id": [s[i] for s in stops_of for i in range(len(s) - 1)],
            "to_id": [s[i + 1] for s in stops_of for i in range(len(s) - 1)],
            "geodesic_km": geodesic,
            "length_km": lengths,
            "minutes": minutes,
        },
        columns=list(SEGMENT_COLUMNS),
    )


__all__ = [
    "GEOD",
    "SEGMENT_COLUMNS",
    "geodesic_km",
    "geometry_length_km",
    "link_segments",
]
