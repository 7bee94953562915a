"""The optional ``boundaries.geojson`` of a dataset: administrative outlines for maps.

Checked by ``corridor validate`` (and before every command) so that a map never fails
on it later: the file lies inside the dataset folder, parses as GeoJSON, holds at least
one feature, only polygons, in WGS84, and covers at least one of the dataset's places.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from geo.errors import Problem
from geo.io import inside_folder, outside_problem
from geo.limits import Limits, too_large

BOUNDARIES_FILE = "boundaries.geojson"
_POLYGONS = {"Polygon", "MultiPolygon"}


def read_outlines(folder: Path, limits: Limits | None = None) -> tuple[Any, list[Problem]]:
    """Read and check ``boundaries.geojson``; return the outlines (or None) and problems.

    Parameters
    ----------
    folder : pathlib.Path
        The dataset folder.
    limits : geo.limits.Limits, optional
        The largest file accepted (default: :class:`geo.limits.Limits`).

    Returns
    -------
    outlines : geopandas.GeoDataFrame or None
        None when the folder has no boundaries file or it cannot be used.
    problems : list of Problem
    """
    path = folder / BOUNDARIES_FILE
    if not (path.exists() or path.is_symlink()):
        return None, []
    if not inside_folder(path, folder):
        return None, [outside_problem(path)]
    large = too_large(path, limits or Limits())
    if large is not None:
        return None, [large]
    import geopandas as gpd

    fix = "write a GeoJSON FeatureCollection of (Multi)Polygons in WGS84, or remove the file"
    try:
        frame = gpd.read_file(path, engine="pyogrio")
    except Exception as exc:  # pyogrio raises several DataSource errors
        reason = str(exc).splitlines()[0][:200]
        return None, [Problem(BOUNDARIES_FILE, "", "", f"cannot be read ({reason})", fix)]
    if frame.empty:
        return None, [Problem(BOUNDARIES_FILE, "", "", "holds no outlines", fix)]
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        message = f"is in {frame.crs.to_string()}, not WGS84 (EPSG:4326)"
        return None, [Problem(BOUNDARIES_FILE, "", "geometry", message, fix)]
    problems = []
    for number, geom in enumerate(frame.geometry, start=1):
        kind = "no geometry" if geom is None or geom.is_empty else geom.geom_type
        if kind not in _POLYGONS:
            message = f"is a {kind}, not a polygon"
            problems.append(Problem(BOUNDARIES_FILE, f"feature {number}", "geometry", message, fix))
    return (None if problems else frame), problems


def check_outlines(
    folder: Path, coords: dict[str, tuple[float, float]], limits: Limits | None = None
) -> list[Problem]:
    """Return the problems of ``boundaries.geojson``, including one far from every place.

    Parameters
    ----------
    folder : pathlib.Path
    coords : dict of str to (lon, lat)
        The dataset's places.
    limits : geo.limits.Limits, optional

    Returns
    -------
    list of Problem
    """
    outlines, problems = read_outlines(folder, limits)
    if outlines is None or not coords:
        return problems
    import shapely

    points = shapely.points([list(c) for c in coords.values()])
    if not shapely.intersects(outlines.union_all(), points).any():
        message = "covers none of the dataset's places (another region, or lat/lon swapped)"
        fix = "give the outlines of the study region, in WGS84 (lon, lat)"
        return [Problem(BOUNDARIES_FILE, "", "geometry", message, fix)]
    return []


__all__ = ["BOUNDARIES_FILE", "check_outlines", "read_outlines"]
