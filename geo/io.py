"""Reading the raw files of a dataset folder, with every failure turned into a Problem.

Only safe parsers are used: Python's csv module, pyogrio for GeoJSON/GeoPackage
and tomllib for the metadata file. Values come back as stripped strings; typing
and checking them is the job of :mod:`geo.validation`.
"""

from __future__ import annotations

import csv
import io
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from geo.errors import Problem
from geo.limits import Limits, too_large
from geo.schema import METADATA_FILE, SPATIAL_SUFFIXES, WGS84, TableSpec

UTF8_FIX = (
    "save the file as UTF-8 (in Excel choose 'CSV UTF-8'; or convert it, e.g. "
    "`iconv -f GBK -t UTF-8 in.csv > out.csv`)"
)


@dataclass
class RawTable:
    """A file read as text: its name, string cells (or ``None`` if unreadable) and problems."""

    file: str
    frame: pd.DataFrame | None
    problems: list[Problem] = field(default_factory=list)


def find_table_file(folder: Path, spec: TableSpec) -> tuple[Path | None, list[Problem]]:
    """Return the file that holds table ``spec`` in ``folder`` (or None) and any ambiguity.

    Parameters
    ----------
    folder : pathlib.Path
        The dataset folder.
    spec : geo.schema.TableSpec
        The table: ``<stem>.csv``, or for spatial tables also ``.geojson``/``.gpkg``.

    Returns
    -------
    path : pathlib.Path or None
        None when no file holds the table; with several, the first of
        :data:`geo.schema.SPATIAL_SUFFIXES` order.
    problems : list of Problem
        One problem when the table is given in more than one file, else empty.
    """
    suffixes = SPATIAL_SUFFIXES if spec.spatial else (".csv",)
    found = [folder / f"{spec.stem}{suffix}" for suffix in suffixes]
    found = [path for path in found if path.is_file()]
    outside = [path for path in found if not inside_folder(path, folder)]
    if outside:
        return None, [outside_problem(outside[0])]
    if len(found) > 1:
        names = ", ".join(path.name for path in found)
        return found[0], [
            Problem(
                found[0].name,
                "",
                "",
                f"the table '{spec.stem}' is given twice ({names})",
                "keep one of these files and remove the others",
            )
        ]
    return (found[0] if found else None), []


def inside_folder(path: Path, folder: Path) -> bool:
    """Return whether ``path`` (after following links) lies inside ``folder``.

    Parameters
    ----------
    path : pathlib.Path
    folder : pathlib.Path

    Returns
    -------
    bool
    """
    return path.resolve().is_relative_to(folder.resolve())


def outside_problem(path: Path) -> Problem:
    """Return the problem of a dataset file that is a link to a file outside the folder.

    Parameters
    ----------
    path : pathlib.Path

    Returns
    -------
    Problem
    """
    return Problem(
        path.name,
        "",
        "",
        "is a link to a file outside the dataset folder (its hash and location would "
        "not describe the dataset)",
        "copy the file into the folder instead of linking to it",
    )


def read_table(path: Path, spec: TableSpec, limits: Limits | None = None) -> RawTable:
    """Read one dataset file into a DataFrame of stripped strings.

    Parameters
    ----------
    path : pathlib.Path
        A ``.csv`` file, or for spatial tables a ``.geojson``/``.gpkg`` file with
        point geometries in WGS84.
    spec : geo.schema.TableSpec
        The table the file holds.
    limits : geo.limits.Limits, optional
        The largest file, cell and table accepted (default: :class:`geo.limits.Limits`).

    Returns
    -------
    RawTable
        ``frame`` is None when the file cannot be read at all; ``problems`` says why.
    """
    limits = limits or Limits()
    problem = too_large(path, limits)
    if problem is not None:
        return RawTable(path.name, None, [problem])
    raw = _read_csv(path, limits) if path.suffix.lower() == ".csv" else _read_spatial(path)
    if raw.frame is not None and len(raw.frame) > limits.max_rows:
        message = f"has {len(raw.frame):,} records, more than the limit of {limits.max_rows:,}"
        raw.problems.append(Problem(raw.file, "", "", message, limits.fix("max_rows")))
        raw.frame = None
    return raw


def _read_csv(path: Path, limits: Limits) -> RawTable:
    name = path.name
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = data[exc.start : exc.start + 1].hex()
        return RawTable(
            name,
            None,
            [Problem(name, f"line {line}", "", f"is not UTF-8 text (byte 0x{byte})", UTF8_FIX)],
        )
    if not text.strip():
        return RawTable(
            name,
            None,
            [
                Problem(
                    name,
                    "",
                    "",
                    "the file is empty",
                    "add a header row and one record per line (see the dataset README)",
                )
            ],
        )
    rows, problem = _csv_rows(name, text, limits)
    if problem is not None:
        return RawTable(name, None, [problem])
    header = [cell.strip() for cell in rows[0]]
    problems = _header_problems(name, header)
    if problems:
        return RawTable(name, None, problems)
    records: list[list[str]] = []
    for number, row in enumerate(rows[1:], start=1):
        if not any(cell.strip() for cell in row):
            continue  # blank line
        if len(row) != len(header):
            problems.append(
                Problem(
                    name,
                    f"row {number}",
                    "",
                    f"has {len(row)} fields but the header has {len(header)}",
                    "quote cells that contain commas, and give every row the header's columns",
                )
            )
            row = (row + [""] * len(header))[: len(header)]
        records.append([cell.strip() for cell in row])
    frame = pd.DataFrame(records, columns=header, dtype=object)
    return RawTable(name, frame, problems)


def _csv_rows(name: str, text: str, limits: Limits) -> tuple[list[list[str]], Problem | None]:
    """Parse CSV text; a cell longer than the limit is a problem that names its line."""
    reader = csv.reader(io.StringIO(text, newline=""))
    previous = csv.field_size_limit(limits.max_cell_chars)
    rows: list[list[str]] = []
    try:
        rows.extend(reader)
    except csv.Error as exc:
        line = f"line {reader.line_num}"
        if "field larger" in str(exc):
            message = f"a cell is longer than {limits.max_cell_chars:,} characters"
            return rows, Problem(name, line, "", message, limits.fix("max_cell_chars"))
        return rows, Problem(name, line, "", f"is not valid CSV ({exc})", "check the quoting")
    finally:
        csv.field_size_limit(previous)
    return rows, None


def _header_problems(name: str, header: list[str]) -> list[Problem]:
    """Return a problem for each column name given twice in the header."""
    seen: set[str] = set()
    problems = []
    for column in header:
        if column in seen:
            problems.append(
                Problem(name, "header", column, "the column is given twice", "keep one of them")
            )
        seen.add(column)
    return problems


def _read_spatial(path: Path) -> RawTable:
    import pyogrio
    from pyproj import CRS

    name = path.name
    try:
        gdf = pyogrio.read_dataframe(path)
    except Exception as exc:  # pyogrio raises several DataSource errors
        return RawTable(
            name,
            None,
            [
                Problem(
                    name,
                    "",
                    "",
                    f"cannot be read as a vector file ({exc})",
                    "check that the file is a valid GeoJSON or GeoPackage",
                )
            ],
        )
    if gdf.crs is not None and not CRS.from_user_input(gdf.crs).equals(
        CRS.from_user_input(WGS84), ignore_axis_order=True
    ):
        crs_name = CRS.from_user_input(gdf.crs).to_string()
        return RawTable(
            name,
            None,
            [
                Problem(
                    name,
                    "",
                    "geometry",
                    f"the coordinate reference system is {crs_name}, not WGS84 (EPSG:4326)",
                    "reproject to WGS84 first, e.g. `ogr2ogr -t_srs EPSG:4326 out.geojson "
                    f"{name}` or GeoDataFrame.to_crs(4326)",
                )
            ],
        )
    if len(gdf) == 0:
        return RawTable(
            name,
            None,
            [Problem(name, "", "", "the file has no features", "add one point feature per record")],
        )
    problems: list[Problem] = []
    lon: list[str] = []
    lat: list[str] = []
    for number, geom in enumerate(gdf.geometry, start=1):
        if geom is None or geom.is_empty or geom.geom_type != "Point":
            kind = "no geometry" if geom is None or geom.is_empty else geom.geom_type
            problems.append(
                Problem(
                    name,
                    f"row {number}",
                    "geometry",
                    f"has {kind}; nodes must be points",
                    "give each node a Point geometry",
                )
            )
            lon.append("")
            lat.append("")
        else:
            lon.append(repr(geom.x))
            lat.append(repr(geom.y))
    frame = pd.DataFrame(
        {
            column: [_cell(value) for value in gdf[column]]
            for column in gdf.columns
            if column != gdf.geometry.name
        },
        dtype=object,
    )
    frame["lon"] = lon
    frame["lat"] = lat
    return RawTable(name, frame, problems)


def _cell(value: Any) -> str:
    """Render one attribute value as the string a CSV would have held."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_toml_file(path: str | Path, what: str, error: type[Exception]) -> dict[str, Any]:
    """Read a user's TOML file (safe parser), raising ``error`` that names the file.

    Parameters
    ----------
    path : str or Path
    what : str
        The file's role in the messages ("parameters file", "targets file").
    error : type of Exception
        Raised for a missing file, non-UTF-8 text or invalid TOML.

    Returns
    -------
    dict
        The parsed TOML document.
    """
    path = Path(path)
    try:
        return tomllib.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise error(f"{path}: the {what} does not exist") from None
    except IsADirectoryError:
        raise error(f"{path}: is a folder; give the {what} itself") from None
    except OSError as exc:
        raise error(f"{path}: cannot read the {what} ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise error(f"{path}: is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path}: is not valid TOML ({exc})") from None


def read_metadata(folder: Path) -> tuple[dict[str, Any], list[Problem]]:
    """Read ``dataset.toml`` if present (safe TOML parser); return it and any problem.

    Returns
    -------
    metadata : dict
        The parsed file; empty when it is absent or unreadable.
    problems : list of Problem
        One problem for a file that is not UTF-8 or not valid TOML, else empty.
    """
    path = folder / METADATA_FILE
    if not path.is_file():
        return {}, []
    try:
        return tomllib.loads(path.read_bytes().decode("utf-8")), []
    except UnicodeDecodeError:
        return {}, [Problem(METADATA_FILE, "", "", "is not UTF-8 text", UTF8_FIX)]
    except tomllib.TOMLDecodeError as exc:
        return {}, [
            Problem(
                METADATA_FILE,
                "",
                "",
                f"is not valid TOML ({exc})",
                "correct the TOML syntax (see the dataset README)",
            )
        ]


__all__ = [
    "UTF8_FIX",
    "RawTable",
    "find_table_file",
    "read_metadata",
    "read_table",
    "read_toml_file",
]
