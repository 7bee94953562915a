"""Zones: the areas where trips start and end (county-level units with their polygons).

A dataset may carry ``zones.geojson`` or ``zones.gpkg``: one polygon per zone, with its
population. Zones then are the residents of every analysis: each becomes a node at its
seat (``seat_lon``/``seat_lat``, else a point inside the polygon), and a node of
``nodes.csv`` that lies inside a zone weighs nothing (its residents are the zone's), so
nobody is counted twice. A zone reaches the network by a drive timed from geometry
to every station, interchange or port inside it and to the nearest station of each
mode (:mod:`network.zoneaccess`); the ordinary-road layer joins its seat to the
neighbouring places and zones. :func:`read_zones` reads and checks the file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from geo.errors import Problem
from geo.limits import Limits, too_large

ZONE_FILES: tuple[str, ...] = ("zones.geojson", "zones.gpkg")
#: Columns: (name, required, kind) with kind text, integer, number or boolean.
ZONE_COLUMNS: tuple[tuple[str, bool, str], ...] = (
    ("id", True, "text"),
    ("name", True, "text"),
    ("population", True, "integer"),
    ("source", True, "text"),
    ("name_zh", False, "text"),
    ("adcode", False, "text"),
    ("province", False, "text"),
    ("prefecture", False, "text"),
    ("part_of", False, "text"),
    ("gdp_100m_cny", False, "number"),
    ("gdp_year", False, "integer"),
    ("employment", False, "integer"),
    ("seat_lon", False, "number"),
    ("seat_lat", False, "number"),
    ("geonames_id", False, "integer"),
    ("partial", False, "boolean"),
    ("circle", False, "boolean"),
)
#: Overlaps and gaps smaller than this (km²) are slivers of digitising, not errors.
SLIVER_KM2 = 0.05
#: A seat may lie this far outside its polygon (km): a simplified coastline or river bank.
SEAT_TOLERANCE_KM = 1.0
#: Part-of sums may differ from the parent's population by this share.
PART_OF_TOLERANCE = 0.01
_ID = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")


def zone_file(folder: Path) -> tuple[Path | None, list[Problem]]:
    """Return the zones file of a dataset folder (or None) and any ambiguity.

    Parameters
    ----------
    folder : pathlib.Path

    Returns
    -------
    path : pathlib.Path or None
    problems : list of Problem
        Two zones files, or one that links outside the folder.
    """
    found = [folder / name for name in ZONE_FILES if (folder / name).exists()]
    if len(found) > 1:
        names = ", ".join(p.name for p in found)
        return found[0], [
            Problem(found[0].name, "", "", f"zones are given twice ({names})", "keep one")
        ]
    if found and not found[0].resolve().is_relative_to(folder.resolve()):
        return None, [
            Problem(
                found[0].name,
                "",
                "",
                "is a link to a file outside the dataset folder",
                "copy the file into the folder instead of linking to it",
            )
        ]
    return (found[0] if found else None), []


def read_zones(folder: Path, limits: Limits | None = None) -> tuple[Any, str, list[Problem]]:
    """Read and check the zones of a dataset folder.

    Parameters
    ----------
    folder : pathlib.Path
    limits : geo.limits.Limits, optional
        The largest file accepted (default: :class:`geo.limits.Limits`).

    Returns
    -------
    zones : geopandas.GeoDataFrame or None
        WGS84 polygons with the columns of :data:`ZONE_COLUMNS` (missing optional
        ones filled), ``seat_lon``/``seat_lat`` always set; None without a zones file
        or when it cannot be read.
    file : str
        The file's name ("" without one).
    problems : list of Problem
    """
    path, problems = zone_file(folder)
    if path is None:
        return None, "", problems
    large = too_large(path, limits or Limits())
    if large is not None:
        return None, path.name, [*problems, large]
    import geopandas as gpd

    try:
        frame = gpd.read_file(path, engine="pyogrio")
    except Exception as error:
        reason = str(error).splitlines()[0][:200]
        fix = "save it again as a GeoJSON FeatureCollection or a GeoPackage of polygons"
        return (
            None,
            path.name,
            [*problems, Problem(path.name, "", "", f"cannot be read: {reason}", fix)],
        )
    file = path.name
    frame, found = _columns(file, frame)
    problems += found
    if frame is None:
        return None, file, problems
    if frame.crs is None:
        fix = "declare the CRS (GeoJSON is WGS84 by definition; a GeoPackage carries it)"
        return None, file, [*problems, Problem(file, "", "geometry", "has no CRS", fix)]
    frame = frame.to_crs("EPSG:4326")
    problems += _check_geometry(file, frame)
    if any(p.field == "geometry" for p in problems):
        return None, file, problems
    problems += _check_seats(file, frame)
    problems += check_coverage(file, frame)
    return frame, file, problems


def _columns(file: str, frame: Any) -> tuple[Any, list[Problem]]:
    """Check and type the attribute columns; fill the optional ones."""
    problems: list[Problem] = []
    n = len(frame)
    if n == 0:
        return None, [Problem(file, "", "", "holds no zones", "add one polygon per zone")]
    labels = [
        str(v) if str(v) not in ("", "None", "nan") else f"row {k + 1}"
        for k, v in enumerate(frame.get("id", pd.Series([""] * n)))
    ]
    for name, required, kind in ZONE_COLUMNS:
        if name not in frame.columns:
            if required:
                problems.append(Problem(file, "", name, "the column is missing", f"add '{name}'"))
                continue
            frame[name] = {"boolean": name == "circle", "text": ""}.get(kind, np.nan)
            continue
        values = frame[name]
        empty = values.isna() | (values.astype(str).str.strip() == "")
        if kind == "text":
            frame[name] = values.where(~empty, "").astype(str).str.strip()
            if required:
                problems += [
                    Problem(file, labels[k], name, "is empty", f"fill '{name}'")
                    for k in np.flatnonzero(empty.to_numpy())
                ]
            continue
        if kind == "boolean":
            text = values.astype(str).str.strip().str.lower()
            bad = ~empty & ~text.isin(["true", "false", "1", "0"])
            problems += [
                Problem(
                    file,
                    labels[k],
                    name,
                    f"'{values.iloc[k]}' is not true/false",
                    "write true or false",
                )
                for k in np.flatnonzero(bad.to_numpy())
            ]
            frame[name] = (
                text.isin(["true", "1"]) if name != "circle" else ~text.isin(["false", "0"])
            )
            continue
        number = pd.to_numeric(values, errors="coerce")
        bad = ~empty & (number.isna() | ~np.isfinite(number.astype(float)))
        if kind == "integer":
            bad |= ~empty & number.notna() & (number % 1 != 0)
        bad |= number < 0
        if required:
            bad |= empty
        problems += [
            Problem(
                file,
                labels[k],
                name,
                f"'{values.iloc[k]}' is not a {kind} >= 0",
                f"write a {kind} of 0 or more",
            )
            for k in np.flatnonzero(bad.to_numpy())
        ]
        frame[name] = number.astype(float)
    if "id" in frame.columns:
        problems += _check_ids(file, frame["id"])
    return (
        None
        if any(p.record == "" and p.message == "the column is missing" for p in problems)
        else frame
    ), problems


def _check_ids(file: str, ids: pd.Series) -> list[Problem]:
    problems = []
    for value in ids:
        if value and not _ID.match(value):
            problems.append(
                Problem(
                    file,
                    value,
                    "id",
                    "is not a slug (a-z, 0-9, _ and -)",
                    "use lower-case ASCII letters, digits, _ and -",
                )
            )
    return problems


def _check_geometry(file: str, frame: Any) -> list[Problem]:
    import shapely

    problems = []
    for zid, geometry in zip(frame["id"], frame.geometry, strict=True):
        if geometry is None or geometry.is_empty:
            problems.append(
                Problem(file, zid, "geometry", "has no polygon", "draw the zone's outline")
            )
        elif geometry.geom_type not in ("Polygon", "MultiPolygon"):
            problems.append(
                Problem(
                    file,
                    zid,
                    "geometry",
                    f"is a {geometry.geom_type}, not a polygon",
                    "give each zone its outline (Polygon or MultiPolygon)",
                )
            )
        elif not geometry.is_valid:
            reason = shapely.is_valid_reason(geometry)
            problems.append(
                Problem(
                    file,
                    zid,
                    "geometry",
                    f"is not a valid polygon ({reason})",
                    "repair it (for example shapely.make_valid or QGIS 'Fix geometries')",
                )
            )
    return problems


def _check_seats(file: str, frame: Any) -> list[Problem]:
    """Fill missing seats with a point inside the polygon; refuse seats far outside it."""
    from geo.measure import geodesic_km

    problems = []
    inside = frame.geometry.representative_point()
    missing = frame["seat_lon"].isna() | frame["seat_lat"].isna()
    frame.loc[missing, "seat_lon"] = inside[missing].x
    frame.loc[missing, "seat_lat"] = inside[missing].y
    for k, row in enumerate(frame.itertuples()):
        lon, lat = float(row.seat_lon), float(row.seat_lat)
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            problems.append(
                Problem(
                    file,
                    row.id,
                    "seat_lon",
                    f"({lon}, {lat}) is not a WGS84 point",
                    "give the seat in degrees of longitude and latitude",
                )
            )
            continue
        polygon = frame.geometry.iloc[k]
        import shapely

        nearest = shapely.ops.nearest_points(polygon, shapely.Point(lon, lat))[0]
        off = float(geodesic_km(nearest.x, nearest.y, lon, lat))
        if off > SEAT_TOLERANCE_KM:
            problems.append(
                Problem(
                    file,
                    row.id,
                    "seat_lon",
                    f"the seat lies {off:.1f} km outside the zone's polygon",
                    "check the seat's coordinates (lon, lat order) or the polygon",
                )
            )
    return problems


def check_coverage(file: str, frame: Any) -> list[Problem]:
    """Return the overlaps and the gaps between zones larger than :data:`SLIVER_KM2`.

    Parameters
    ----------
    file : str
        File name for the messages.
    frame : geopandas.GeoDataFrame
        Zones with ``id`` and WGS84 polygons.

    Returns
    -------
    list of Problem
        One per overlapping pair and per gap (a hole in the union of the zones); areas
        are geodesic (WGS84 ellipsoid), so no projection bends a shared edge.
    """
    import shapely

    geoms = frame.geometry.to_numpy()
    ids = list(frame["id"])
    problems = []
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    for i, j in zip(left, right, strict=True):
        if i < j:
            km2 = area_km2(shapely.intersection(geoms[i], geoms[j]))
            if km2 > SLIVER_KM2:
                problems.append(
                    Problem(
                        file,
                        ids[i],
                        "geometry",
                        f"overlaps zone '{ids[j]}' by {km2:.2f} km²",
                        "give the shared area to one zone (simplify zones as a coverage, "
                        "e.g. shapely.coverage_simplify)",
                    )
                )
    union = shapely.union_all(geoms)
    for part in shapely.get_parts(union):
        for ring in getattr(part, "interiors", []):
            hole = shapely.Polygon(ring)
            km2 = area_km2(hole)
            if km2 > SLIVER_KM2:
                x, y = hole.representative_point().coords[0]
                problems.append(
                    Problem(
                        file,
                        "",
                        "geometry",
                        f"a gap of {km2:.2f} km² near ({x:.4f}, {y:.4f}) belongs to no zone",
                        "add the missing zone or close the gap",
                    )
                )
    return problems


def area_km2(geometry: Any) -> float:
    """Return the geodesic area of a WGS84 geometry in km² (0 for lines and points).

    Parameters
    ----------
    geometry : shapely geometry

    Returns
    -------
    float
    """
    from pyproj import Geod

    if geometry.is_empty or geometry.area == 0:
        return 0.0
    area, _ = Geod(ellps="WGS84").geometry_area_perimeter(geometry)
    return abs(area) / 1e6


def zone_nodes(zones: Any) -> pd.DataFrame:
    """Return the node records of the zones (kind ``zone`` at the seat).

    Parameters
    ----------
    zones : geopandas.GeoDataFrame
        As :func:`read_zones` returns them.

    Returns
    -------
    pandas.DataFrame
        The columns of ``nodes.csv``; ``part_of`` empty (a zone's ``part_of`` is read
        from the zones table, for roll-ups and checks).
    """
    return pd.DataFrame(
        {
            "id": zones["id"].to_numpy(),
            "name": zones["name"].to_numpy(),
            "name_zh": zones["name_zh"].to_numpy(),
            "province": zones["province"].to_numpy(),
            "kind": "zone",
            "population": pd.array(zones["population"].round(), dtype="Int64"),
            "lon": zones["seat_lon"].astype(float).to_numpy(),
            "lat": zones["seat_lat"].astype(float).to_numpy(),
            "geonames_id": pd.array(zones["geonames_id"].round(), dtype="Int64"),
            "part_of": "",
            "circle": zones["circle"].astype(bool).to_numpy(),
            "source": zones["source"].to_numpy(),
        }
    )


def covered_nodes(zones: Any, nodes: pd.DataFrame) -> np.ndarray:
    """Return which ``nodes`` (not zones) lie inside a zone.

    Parameters
    ----------
    zones : geopandas.GeoDataFrame
    nodes : pandas.DataFrame
        With ``lon``, ``lat`` and ``kind``.

    Returns
    -------
    numpy.ndarray of bool
        One per node; zone nodes are never covered.
    """
    import shapely

    points = shapely.points(nodes["lon"].to_numpy(float), nodes["lat"].to_numpy(float))
    tree = shapely.STRtree(zones.geometry.to_numpy())
    hit, _ = tree.query(points, predicate="within")
    out = np.zeros(len(nodes), dtype=bool)
    out[hit] = True
    return out & (nodes["kind"] != "zone").to_numpy()


__all__ = [
    "ZONE_COLUMNS",
    "ZONE_FILES",
    "area_km2",
    "check_coverage",
    "covered_nodes",
    "read_zones",
    "zone_file",
    "zone_nodes",
]
