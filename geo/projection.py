"""Choosing a projected CRS for metric work and projecting GeoDataFrames.

Geodesic measures (:mod:`geo.measure`) need no projection; buffers, areas and
planar overlays do. The UTM zone of the data's centre keeps scale error below
0.1 % across a region the size of a province (EPSG:32648 for Sichuan–Chongqing).
"""

from __future__ import annotations

import math

import geopandas as gpd
from pyproj import CRS


def utm_crs_for(bounds: tuple[float, float, float, float]) -> CRS:
    """Return the WGS84 / UTM CRS of the zone that holds the centre of ``bounds``.

    Parameters
    ----------
    bounds : tuple of float
        ``(min_lon, min_lat, max_lon, max_lat)`` in WGS84 degrees.

    Returns
    -------
    pyproj.CRS
        EPSG:326zz north of the equator, EPSG:327zz south of it.
    """
    min_lon, min_lat, max_lon, max_lat = bounds
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise ValueError(f"bounds {bounds} are not WGS84 (min_lon, min_lat, max_lon, max_lat)")
    lon = (min_lon + max_lon) / 2.0
    lat = (min_lat + max_lat) / 2.0
    zone = min(math.floor((lon + 180.0) / 6.0) + 1, 60)
    return CRS.from_epsg((32600 if lat >= 0 else 32700) + zone)


def project(gdf: gpd.GeoDataFrame, crs: CRS | str | int | None = None) -> gpd.GeoDataFrame:
    """Return ``gdf`` in ``crs``, by default the UTM zone chosen from its own extent.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        With a CRS set.
    crs : pyproj.CRS, str or int, optional
        Anything :meth:`geopandas.GeoDataFrame.to_crs` takes (default:
        :func:`utm_crs_for` of its WGS84 bounds, metres).
    """
    if crs is None:
        crs = utm_crs_for(tuple(gdf.to_crs(4326).total_bounds))
    return gdf.to_crs(crs)


__all__ = [
    "project",
    "utm_crs_for",
]
