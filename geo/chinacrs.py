"""GCJ-02, the obfuscated datum of Chinese web maps, to and from WGS84.

Map providers in mainland China (AutoNavi/Gaode, Tencent) publish tiles and
boundaries in GCJ-02, which shifts WGS84 positions by a few hundred metres with a
published closed-form formula (the one every open implementation uses, on the
Krasovsky 1940 ellipsoid). :func:`wgs84_to_gcj02` applies it; the inverse has no
closed form, so :func:`gcj02_to_wgs84` inverts it by fixed-point iteration to well
under a millimetre. Outside mainland China the offset is zero, as the providers do.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

_A = 6378245.0  # Krasovsky 1940 semi-major axis (m)
_EE = 0.00669342162296594323  # its first eccentricity squared


def _outside_china(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    return (lon < 72.004) | (lon > 137.8347) | (lat < 0.8293) | (lat > 55.8271)


def _offset(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x, y = lon - 105.0, lat - 35.0
    d_lat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    d_lat += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    d_lat += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    d_lat += (160.0 * np.sin(y / 12.0 * np.pi) + 320 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    d_lon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    d_lon += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    d_lon += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    d_lon += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    rad = lat / 180.0 * np.pi
    magic = 1 - _EE * np.sin(rad) ** 2
    sqrt_magic = np.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * np.pi)
    d_lon = (d_lon * 180.0) / (_A / sqrt_magic * np.cos(rad) * np.pi)
    outside = _outside_china(lon, lat)
    return np.where(outside, 0.0, d_lon), np.where(outside, 0.0, d_lat)


def wgs84_to_gcj02(lon: ArrayLike, lat: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Shift WGS84 lon/lat (degrees, scalars or arrays) to GCJ-02.

    Parameters
    ----------
    lon, lat : float or array-like
        WGS84 longitude and latitude, degrees.

    Returns
    -------
    lon, lat : numpy.ndarray or numpy.float64
        GCJ-02 longitude and latitude, degrees (numpy floats for scalars); unchanged
        outside mainland China.
    """
    lon_a, lat_a = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    d_lon, d_lat = _offset(lon_a, lat_a)
    return lon_a + d_lon, lat_a + d_lat


def gcj02_to_wgs84(
    lon: ArrayLike, lat: ArrayLike, *, tolerance: float = 1e-10, max_iter: int = 30
) -> tuple[np.ndarray, np.ndarray]:
    """Invert :func:`wgs84_to_gcj02` by fixed-point iteration (degrees in, degrees out).

    Parameters
    ----------
    lon, lat : float or array-like
        GCJ-02 longitude and latitude, degrees.
    tolerance : float, default 1e-10
        Stop when the largest residual is below this, degrees.
    max_iter : int, default 30
        Most iterations.

    Returns
    -------
    lon, lat : numpy.ndarray or numpy.float64
        WGS84 longitude and latitude, degrees (numpy floats for scalars).
    """
    g_lon, g_lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    w_lon, w_lat = g_lon.copy(), g_lat.copy()
    for _ in range(max_iter):
        f_lon, f_lat = wgs84_to_gcj02(w_lon, w_lat)
        e_lon, e_lat = f_lon - g_lon, f_lat - g_lat
        w_lon, w_lat = w_lon - e_lon, w_lat - e_lat
        if max(np.max(np.abs(e_lon), initial=0.0), np.max(np.abs(e_lat), initial=0.0)) < tolerance:
            break
    return w_lon, w_lat


def transform_geometry(geometry, to: str):
    """Return a shapely geometry moved ``to`` ``"gcj02"`` (from WGS84) or ``"wgs84"``.

    Parameters
    ----------
    geometry : shapely geometry or array of them
        Lon/lat coordinates, degrees.
    to : {"gcj02", "wgs84"}
        Any other value means ``"wgs84"`` (from GCJ-02).
    """
    import shapely

    func = wgs84_to_gcj02 if to == "gcj02" else gcj02_to_wgs84

    def move(coords: np.ndarray) -> np.ndarray:
        lon, lat = func(coords[:, 0], coords[:, 1])
        return np.column_stack([lon, lat])

    return shapely.transform(geometry, move)


__all__ = [
    "gcj02_to_wgs84",
    "transform_geometry",
    "wgs84_to_gcj02",
]
