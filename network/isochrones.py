"""Isochrone bands: the area reachable from an origin within 60, 120, 180 minutes.

A strategic network knows travel times at places only, so a band is the union of
discs around the places reached within it, the radius being the time left,
travelled locally at :data:`LOCAL_KMH` and capped at :data:`MAX_RADIUS_KM`: the area
a local trip reaches from a place the network reaches. Bands are rings (the
120-minute band excludes the 60-minute one).

Discs are drawn in a metric CRS, where a buffer in metres is a circle. It is
always given: :func:`isochrones` takes the dataset's (``Dataset.metric_crs``, the
UTM zone of the study region unless ``dataset.toml`` names one), so a region in
another zone gets circles, not ellipses, and areas in square metres.
"""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import CRS
from shapely.geometry import Polygon

from geo.dataset import Dataset

DEFAULT_BANDS: tuple[float, ...] = (60.0, 120.0, 180.0)
"""Band limits, minutes: one, two and three hours."""

LOCAL_KMH = 30.0
"""Speed of the local trip from a reached place, km/h."""

MAX_RADIUS_KM = 40.0
"""Cap of a disc's radius, km."""

DISC_QUADRANT_SEGMENTS = 24
"""Segments per quarter circle of a disc (area within 0.1 % of the circle's)."""


def _discs(
    points: gpd.GeoSeries,
    minutes: pd.Series,
    limit: float,
    *,
    local_kmh: float,
    max_radius_km: float,
) -> list[Polygon]:
    """Return the discs (metric CRS) around the places reached within ``limit`` minutes."""
    discs = []
    for place, t in minutes.items():
        if place in points.index and np.isfinite(t) and t <= limit:
            radius_m = min((limit - t) / 60.0 * local_kmh, max_radius_km) * 1000.0
            if radius_m > 0:
                discs.append(points[place].buffer(radius_m, DISC_QUADRANT_SEGMENTS))
    return discs


def isochrone_bands(
    nodes: gpd.GeoDataFrame,
    minutes: pd.Series,
    bands: Sequence[float] = DEFAULT_BANDS,
    *,
    metric_crs: CRS | str | int,
    local_kmh: float = LOCAL_KMH,
    max_radius_km: float = MAX_RADIUS_KM,
) -> gpd.GeoDataFrame:
    """Return isochrone bands as polygons: where the origin's reach ends, per band.

    Parameters
    ----------
    nodes : geopandas.GeoDataFrame
        Places (points, any CRS), indexed by id.
    minutes : pandas.Series
        Minutes from the origin, indexed by place id; NaN = unreachable (left out).
        Ids not in ``nodes`` are ignored.
    bands : sequence of float, default (60, 120, 180)
        Band limits, minutes (any order).
    metric_crs : pyproj.CRS, str or int
        A projected CRS in metres in which the discs are drawn: the dataset's
        (``Dataset.metric_crs``). Required: no zone is right everywhere.
    local_kmh : float, default 30
        Speed of the local trip from a reached place, km/h.
    max_radius_km : float, default 40
        Cap of a disc's radius, km.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per non-empty band, nearest first: ``band_min`` (the band's limit,
        minutes) and the ring's geometry, in WGS84 (EPSG:4326).
    """
    points = nodes.to_crs(metric_crs).geometry
    rows = []
    previous = None
    for limit in sorted(bands):
        discs = _discs(points, minutes, limit, local_kmh=local_kmh, max_radius_km=max_radius_km)
        area = gpd.GeoSeries(discs, crs=metric_crs).union_all() if discs else None
        ring = area.difference(previous) if area is not None and previous is not None else area
        if ring is not None and not ring.is_empty:
            rows.append({"band_min": float(limit), "geometry": ring})
        previous = area if area is not None else previous
    frame = gpd.GeoDataFrame(rows, columns=["band_min", "geometry"], crs=metric_crs)
    return frame.to_crs("EPSG:4326")


def isochrones(
    dataset: Dataset,
    places: gpd.GeoDataFrame,
    minutes: pd.Series,
    bands: Sequence[float] = DEFAULT_BANDS,
    *,
    local_kmh: float = LOCAL_KMH,
    max_radius_km: float = MAX_RADIUS_KM,
) -> gpd.GeoDataFrame:
    """Return the isochrone bands of one origin, drawn in the dataset's metric CRS.

    Parameters
    ----------
    dataset : geo.dataset.Dataset
        Gives the metric CRS (``dataset.metric_crs``).
    places : geopandas.GeoDataFrame
        The scenario's places (a project may add some), indexed by id.
    minutes : pandas.Series
        Minutes from the origin, indexed by place id; NaN = unreachable.
    bands : sequence of float, default (60, 120, 180)
        Band limits, minutes.
    local_kmh : float, default 30
        Speed of the local trip from a reached place, km/h.
    max_radius_km : float, default 40
        Cap of a disc's radius, km.

    Returns
    -------
    geopandas.GeoDataFrame
        As :func:`isochrone_bands`: ``band_min`` (minutes) and the ring, in WGS84.
    """
    return isochrone_bands(
        places,
        minutes,
        bands,
        metric_crs=dataset.metric_crs,
        local_kmh=local_kmh,
        max_radius_km=max_radius_km,
    )


__all__ = [
    "DEFAULT_BANDS",
    "LOCAL_KMH",
    "MAX_RADIUS_KM",
    "isochrone_bands",
    "isochrones",
]
