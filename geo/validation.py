"""Validation of a dataset folder: every problem at once, each with file, record, field and fix.

:func:`validate_folder` reads the files (:mod:`geo.io`), types every cell according
to :mod:`geo.schema`, then checks what crosses records and files: duplicate ids,
stops that name unknown nodes, zero-length segments, swapped coordinates,
projects that do not exist. It returns typed tables plus the list of problems;
:func:`geo.dataset.load_dataset` refuses a dataset whose list is not empty.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from geo.errors import Problem
from geo.io import find_table_file, read_metadata, read_table
from geo.limits import Limits, read_limits
from geo.measure import geodesic_km
from geo.metadata import check_metadata, check_region
from geo.outlines import check_outlines
from geo.progress import Step, no_step
from geo.schema import (
    LIST_SEPARATOR,
    TABLES,
    Field,
    TableSpec,
)
from geo.unusual import dataset_warnings
from geo.zones import PART_OF_TOLERANCE, read_zones

_TRUE = {"true", "yes", "1", "y", "t"}
_FALSE = {"false", "no", "0", "n", "f"}
#: Default of boolean columns when the column or the cell is empty.
_BOOLEAN_DEFAULTS = {"circle": True, "named": True}
#: A node farther than this from the dataset's median point whose swapped
#: coordinates would lie close to it is reported as swapped.
_SWAP_FAR_KM = 1500.0
_SWAP_NEAR_KM = 500.0


@dataclass
class ValidatedTables:
    """Typed tables of a dataset folder, its metadata, and the problems found."""

    folder: Path
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    limits: Limits = field(default_factory=Limits)


def validate_folder(folder: str | Path, step: Step = no_step) -> ValidatedTables:
    """Read and check every file of a dataset folder.

    Parameters
    ----------
    folder : str or pathlib.Path
        A folder with ``nodes.csv`` (or ``.geojson``/``.gpkg``), ``links.csv`` and
        optionally ``projects.csv``, ``project_links.csv``, ``project_upgrades.csv``,
        ``project_nodes.csv`` and ``dataset.toml``.
    step : callable, optional
        Told the name of each file read and of the checks (a progress bar).

    Returns
    -------
    ValidatedTables
        Typed tables (a table that could not be read is absent), every problem, and
        the warnings (:mod:`geo.unusual`) of a dataset without problems.
    """
    folder = Path(folder)
    result = ValidatedTables(folder=folder)
    if not folder.is_dir():
        result.problems.append(
            Problem(
                str(folder),
                "",
                "",
                "is not a folder",
                "pass the folder that holds nodes.csv and links.csv",
            )
        )
        return result
    result.metadata, problems = read_metadata(folder)
    result.problems += problems
    limits, problems = read_limits(result.metadata)
    result.problems += problems
    result.limits = limits
    for key, spec in TABLES.items():
        path, problems = find_table_file(folder, spec)
        result.problems += problems
        if path is None:
            if spec.required:
                result.problems.append(
                    Problem(
                        f"{spec.stem}.csv",
                        "",
                        "",
                        "the file is missing",
                        f"add {spec.stem}.csv to {folder.name}/ (see the dataset README)",
                    )
                )
            continue
        raw = read_table(path, spec, limits)
        result.problems += raw.problems
        result.files[key] = raw.file
        if raw.frame is None:
            continue
        typed, problems = _type_table(raw.file, raw.frame, spec)
        result.problems += problems
        if typed is not None:
            result.tables[key] = typed
        step(raw.file)
    zones, file, problems = read_zones(folder, limits)
    result.problems += problems
    if file:
        result.files["zones"] = file
    if zones is not None:
        result.tables["zones"] = zones
    result.problems += _check_cross_references(result)
    step("checks")
    if not result.problems:
        result.warnings = dataset_warnings(result.tables, result.files, result.metadata)
    return result


# --------------------------------------------------------------------------- typing


def _type_table(
    file: str, raw: pd.DataFrame, spec: TableSpec
) -> tuple[pd.DataFrame | None, list[Problem]]:
    problems = _misspelled_columns(file, raw, spec)
    missing = [f for f in spec.fields if f.required and f.name not in raw.columns]
    for f in missing:
        problems.append(
            Problem(
                file,
                "",
                f.name,
                "the required column is missing",
                f"add a column '{f.name}' ({f.doc})",
            )
        )
    if len(raw) == 0:
        if spec.required:
            problems.append(
                Problem(
                    file, "", "", "the file has a header but no records", "add at least one record"
                )
            )
        elif not missing:
            return _empty_typed(raw, spec), problems
        return None, problems
    if missing:
        # Without its key columns a table cannot be typed reliably; report and stop here.
        return None, problems
    labels = _record_labels(raw)
    typed = pd.DataFrame(index=raw.index)
    for f in spec.fields:
        values = raw[f.name] if f.name in raw.columns else pd.Series("", index=raw.index)
        typed[f.name], field_problems = _type_column(file, labels, values, f)
        problems += field_problems
    for column in raw.columns:
        if column not in typed.columns:
            typed[column] = raw[column]  # extra columns travel along untouched
    return typed.reset_index(drop=True), problems


def _misspelled_columns(file: str, raw: pd.DataFrame, spec: TableSpec) -> list[Problem]:
    """Return a problem for each extra column whose name is close to an absent known one.

    Extra columns travel along untouched, but ``populaton`` next to no ``population``
    is a typo that would silently leave every value empty.
    """
    absent = [f.name for f in spec.fields if f.name not in raw.columns]
    problems = []
    for column in raw.columns:
        if column in spec.field_names:
            continue
        close = difflib.get_close_matches(str(column), absent, n=1, cutoff=0.8)
        if close:
            problems.append(
                Problem(
                    file,
                    "header",
                    str(column),
                    f"is not a column of {spec.stem}; '{close[0]}' is, and it is absent",
                    f"rename the column to '{close[0]}'",
                )
            )
    return problems


def _empty_typed(raw: pd.DataFrame, spec: TableSpec) -> pd.DataFrame:
    empty = pd.Series([], dtype=object)
    return pd.DataFrame({f.name: _type_column("", [], empty, f)[0] for f in spec.fields})


def _record_labels(raw: pd.DataFrame) -> list[str]:
    """Name each record by its id, else by its row (and what it refers to)."""
    if "id" not in raw.columns and {"project_id", "link_id"} <= set(raw.columns):
        return [
            f"row {n} ({p} → {link})"
            for n, (p, link) in enumerate(
                zip(raw["project_id"], raw["link_id"], strict=True), start=1
            )
        ]
    ids = raw["id"] if "id" in raw.columns else pd.Series("", index=raw.index)
    return [value if value else f"row {n}" for n, value in enumerate(ids, start=1)]


def _type_column(
    file: str, labels: list[str], values: pd.Series, f: Field
) -> tuple[pd.Series, list[Problem]]:
    problems: list[Problem] = []
    out: list[Any] = []
    for label, text in zip(labels, values, strict=True):
        text = "" if text is None else str(text).strip()
        if not text:
            if f.nonempty:
                problems.append(
                    Problem(file, label, f.name, "is empty", f"fill in {f.name} ({f.doc})")
                )
            out.append(_empty_value(f))
            continue
        value, message = _parse(text, f)
        if message:
            problems.append(Problem(file, label, f.name, message, _fix_for(f)))
            value = _empty_value(f)
        out.append(value)
    if f.kind == "integer":
        return pd.Series(out, dtype="Int64"), problems
    if f.kind == "number":
        return pd.Series(out, dtype="float64"), problems
    if f.kind == "boolean":
        return pd.Series(out, dtype=bool), problems
    return pd.Series(out, dtype=object), problems


def _empty_value(f: Field) -> Any:
    return {
        "text": "",
        "integer": pd.NA,
        "number": np.nan,
        "boolean": _BOOLEAN_DEFAULTS.get(f.name, False),
        "id_list": (),
        "number_list": (),
    }[f.kind]


def _parse(text: str, f: Field) -> tuple[Any, str]:
    """Parse one non-empty cell; return (value, error message or '')."""
    if f.kind == "text":
        if f.choices is not None and text not in f.choices:
            return text, f"'{text}' is not one of {', '.join(f.choices)}"
        return text, ""
    if f.kind == "boolean":
        low = text.lower()
        if low in _TRUE:
            return True, ""
        if low in _FALSE:
            return False, ""
        return None, f"'{text}' is not true or false"
    if f.kind == "id_list":
        items = tuple(item.strip() for item in text.split(LIST_SEPARATOR))
        if any(not item for item in items):
            return items, f"'{text}' has an empty item"
        return items, ""
    if f.kind == "number_list":
        numbers = []
        for item in text.split(LIST_SEPARATOR):
            number, message = _parse_number(item.strip(), f)
            if message:
                return (), message
            numbers.append(number)
        return tuple(numbers), ""
    if f.kind == "integer":
        try:
            number = float(text)
        except ValueError:
            return None, f"'{text}' is not a whole number"
        if not number.is_integer():
            return None, f"'{text}' is not a whole number"
        message = _check_range(number, f)
        return int(number), message
    return _parse_number(text, f)


def _parse_number(text: str, f: Field) -> tuple[float, str]:
    try:
        number = float(text)
    except ValueError:
        return np.nan, f"'{text}' is not a number"
    if not np.isfinite(number):
        return np.nan, f"'{text}' is not a finite number"
    return number, _check_range(number, f)


def _check_range(number: float, f: Field) -> str:
    if f.minimum is not None:
        if f.exclusive_minimum and number <= f.minimum:
            return f"{number:g} must be greater than {f.minimum:g}"
        if number < f.minimum:
            return f"{number:g} is below the minimum {f.minimum:g}"
    if f.maximum is not None and number > f.maximum:
        return f"{number:g} is above the maximum {f.maximum:g}"
    return ""


def _fix_for(f: Field) -> str:
    if f.choices is not None:
        return f"use one of: {', '.join(f.choices)}"
    if f.name in ("lon", "lat"):
        return (
            "give WGS84 decimal degrees, lon in [-180, 180] and lat in [-90, 90]; a "
            "latitude above 90 often means lon and lat are swapped, values in the "
            "hundreds of thousands are projected metres to convert to WGS84"
        )
    hints = {
        "integer": "write a whole number (no units, no thousands separators)",
        "number": "write a plain number (no units)",
        "boolean": "write true or false",
        "id_list": f"separate ids with '{LIST_SEPARATOR}'",
        "number_list": f"write one number, or one per segment separated by '{LIST_SEPARATOR}'",
        "text": f"fill in {f.name}",
    }
    bounds = ""
    if f.minimum is not None or f.maximum is not None:
        low = "" if f.minimum is None else f"{'>' if f.exclusive_minimum else '>='} {f.minimum:g}"
        high = "" if f.maximum is None else f"<= {f.maximum:g}"
        bounds = f" ({' and '.join(b for b in (low, high) if b)})"
    return hints[f.kind] + bounds


# ------------------------------------------------------------------ cross-references


def _check_cross_references(result: ValidatedTables) -> list[Problem]:
    t = result.tables
    files = result.files
    problems: list[Problem] = []
    for key, frame in t.items():
        if "id" in frame.columns:
            problems += _duplicate_ids(files[key], frame["id"])
    problems += _duplicates_across(t, files, "nodes", "project_nodes")
    problems += _duplicates_across(t, files, "links", "project_links")
    for key in ("nodes", "project_nodes"):
        if key in t:
            problems += _check_coordinates(files[key], t[key], t.get("nodes"))
    if "nodes" not in t:
        # Without readable nodes every stop would look unknown: report the cause only.
        return problems
    problems += _check_zone_refs(t, files)
    base_nodes = _coordinates(t.get("nodes"))
    if "zones" in t:
        zones = t["zones"]
        seats = zip(zones["seat_lon"].astype(float), zones["seat_lat"].astype(float), strict=True)
        base_nodes.update(zip(zones["id"], seats, strict=True))
    all_nodes = {**base_nodes, **_coordinates(t.get("project_nodes"))}
    project_only = set(all_nodes) - set(base_nodes)
    for key in ("links", "project_links"):
        if key in t:
            problems += _check_links(
                files[key], t[key], all_nodes, project_only if key == "links" else set()
            )
    project_ids = set(t["projects"]["id"]) if "projects" in t else set()
    for key in ("project_links", "project_nodes", "project_upgrades"):
        if key in t:
            problems += _check_project_refs(files[key], t[key], project_ids, "projects" in t)
    if "project_upgrades" in t:
        link_ids = set()
        for key in ("links", "project_links"):
            if key in t:
                link_ids |= set(t[key]["id"])
        problems += _check_upgrades(files["project_upgrades"], t["project_upgrades"], link_ids)
    problems += check_metadata(result.metadata, set(all_nodes))
    problems += check_region(files["nodes"], t["nodes"], t.get("zones"))
    problems += _check_part_of(t, files)
    problems += _check_services_and_locks(t, files, result.metadata)
    problems += _check_facilities(t, files, set(all_nodes), project_ids)
    problems += _check_freight_od(t, files, set(all_nodes))
    problems += _check_plausible(t, files, all_nodes)
    problems += check_outlines(result.folder, all_nodes, result.limits)
    if "project_links" in t and "projects" in t:
        problems += _check_early_links(files["project_links"], t["project_links"], t["projects"])
    return problems


def _check_early_links(file: str, links: pd.DataFrame, projects: pd.DataFrame) -> list[Problem]:
    """Return project links that open before their project, unless marked early."""
    years = dict(zip(projects["id"], projects["opening_year"], strict=True))
    problems = []
    for row in links.itertuples(index=False):
        year = years.get(row.project_id)
        if pd.isna(row.opened) or year is None or pd.isna(year) or row.early_section:
            continue
        if int(row.opened) < int(year):
            problems.append(
                Problem(
                    file,
                    row.id,
                    "opened",
                    f"{int(row.opened)} is before its project '{row.project_id}' opens "
                    f"({int(year)}), so the line would appear in earlier scenarios",
                    "correct the year, or set early_section = true for a section that "
                    "opened ahead of the project",
                )
            )
    return problems


def _check_plausible(
    t: dict[str, pd.DataFrame], files: dict[str, str], coords: dict[str, tuple[float, float]]
) -> list[Problem]:
    """Values no transport dataset can hold (geo.plausible)."""
    from geo import plausible

    problems: list[Problem] = []
    for key, frame in t.items():
        if key != "zones" and "id" in frame.columns:
            problems += plausible.check_ids(files[key], frame["id"])
    for key in ("links", "project_links"):
        if key in t:
            problems += plausible.check_links(files[key], t[key], coords)
    for key in ("nodes", "project_nodes"):
        if key in t:
            problems += plausible.check_population(files[key], t[key])
    if "nodes" in t:
        problems += _check_aliases(files["nodes"], t)
    if "project_upgrades" in t:
        frames = [
            t[k].assign(project_id=t[k].get("project_id", ""))
            for k in ("links", "project_links")
            if k in t
        ]
        if frames:
            every = pd.concat(frames, ignore_index=True)
            problems += plausible.check_upgrades(
                files["project_upgrades"], t["project_upgrades"], every
            )
    return problems


def _check_aliases(file: str, t: dict[str, pd.DataFrame]) -> list[Problem]:
    """Return the aliases that name another place, or that two places share."""
    from geo.places import fold

    frames = [t[k] for k in ("nodes", "project_nodes", "zones") if k in t]
    owner: dict[str, str] = {}
    for frame in frames:
        for column in ("id", "name", "name_zh"):
            if column in frame:
                for place, value in zip(frame["id"], frame[column], strict=True):
                    if value:
                        owner.setdefault(fold(str(value)), str(place))
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    nodes = t["nodes"]
    for place, given in zip(
        nodes["id"], nodes.get("aliases", pd.Series("", nodes.index)), strict=True
    ):
        for alias in (a.strip() for a in str(given or "").split(";") if a.strip()):
            key = fold(alias)
            other = owner.get(key, seen.get(key))
            if other is not None and other != place:
                problems.append(
                    Problem(
                        file,
                        place,
                        "aliases",
                        f"'{alias}' already names '{other}', so a lookup would be ambiguous",
                        "drop the alias, or give it to one place only",
                    )
                )
            seen.setdefault(key, place)
    return problems


def _check_freight_od(
    t: dict[str, pd.DataFrame], files: dict[str, str], nodes: set[str]
) -> list[Problem]:
    """Every origin and destination of a freight OD table is a node or a zone."""
    if "freight_od" not in t:
        return []
    frame, file = t["freight_od"], files["freight_od"]
    problems = []
    for k, row in enumerate(frame.itertuples(index=False)):
        for column in ("origin", "destination"):
            value = getattr(row, column)
            if value not in nodes:
                fix = f"name a node or a zone{_suggest(value, nodes)}"
                problems.append(
                    Problem(file, f"row {k + 1}", column, f"'{value}' is not a node or zone", fix)
                )
    return problems


def _check_facilities(
    t: dict[str, pd.DataFrame], files: dict[str, str], nodes: set[str], projects: set[str]
) -> list[Problem]:
    """Freight facilities stand at a node; a project's facility names a known project."""
    if "facilities" not in t:
        return []
    frame, file = t["facilities"], files["facilities"]
    problems = []
    for row in frame.itertuples(index=False):
        if row.place not in nodes:
            fix = f"name a node of nodes.csv or project_nodes.csv{_suggest(row.place, nodes)}"
            problems.append(Problem(file, row.id, "place", f"'{row.place}' is not a node", fix))
        if row.project_id and row.project_id not in projects:
            fix = f"name a project of projects.csv{_suggest(row.project_id, projects)}"
            problems.append(
                Problem(file, row.id, "project_id", f"'{row.project_id}' is not a project", fix)
            )
    return problems


def _check_zone_refs(t: dict[str, pd.DataFrame], files: dict[str, str]) -> list[Problem]:
    """Zone ids that are also node ids; zone ``part_of`` unknown or not matching its sum."""
    if "zones" not in t:
        return []
    zones, file, nodes = t["zones"], files["zones"], t["nodes"]
    problems = [
        Problem(file, z, "id", "is also a node id in nodes.csv", "give the zone its own id")
        for z in sorted(set(zones["id"]) & set(nodes["id"]))
    ]
    population = dict(zip(nodes["id"], pd.to_numeric(nodes["population"]), strict=True))
    for parent, members in zones[zones["part_of"] != ""].groupby("part_of"):
        first = str(members["id"].iloc[0])
        if parent not in population:
            fix = f"name a node of nodes.csv{_suggest(str(parent), population)}"
            problems.append(Problem(file, first, "part_of", f"'{parent}' is not a node", fix))
            continue
        total, whole = float(members["population"].sum()), population[parent]
        if whole == whole and abs(total - whole) > PART_OF_TOLERANCE * whole:
            problems.append(
                Problem(
                    file,
                    first,
                    "population",
                    f"the {len(members)} zones part_of '{parent}' hold {total:,.0f} residents, "
                    f"but nodes.csv gives '{parent}' {whole:,.0f} (more than 1 % apart)",
                    "correct the populations, or leave part_of empty for a zone outside it",
                )
            )
    return problems


def _check_services_and_locks(
    t: dict[str, pd.DataFrame], files: dict[str, str], metadata: dict[str, Any]
) -> list[Problem]:
    """Services and locks refer to links: check them against every link (geo.services)."""
    from geo.services import check_locks, check_services

    frames = []
    for key in ("links", "project_links"):
        if key in t:
            frame = t[key]
            project = frame["project_id"] if "project_id" in frame.columns else ""
            frames.append(frame[["id", "mode", "stops"]].assign(project_id=project))
    if not frames or not ({"services", "locks"} & set(t)):
        return []
    links = pd.concat(frames, ignore_index=True)
    problems: list[Problem] = []
    if "services" in t:
        problems += _duplicates_with_links(files["services"], t["services"], links)
        mode_of = dict(zip(links["id"], links["mode"], strict=True))
        fixed = _fixed_links(t)
        opened = {
            str(i): float(y)
            for i, y in zip(t["links"]["id"], t["links"]["opened"], strict=True)
            if pd.notna(y)
        }
        base_year = metadata.get("base_year")
        year = float(base_year) if isinstance(base_year, int) else float("inf")
        problems += check_services(
            files["services"], t["services"], links, mode_of, fixed, opened, year
        )
    if "locks" in t:
        problems += check_locks(files["locks"], t["locks"], links)
    return problems


def _fixed_links(t: dict[str, pd.DataFrame]) -> set[str]:
    """Links with published minutes or an upstream speed, themselves or by an upgrade."""
    fixed: set[str] = set()
    for key in ("links", "project_links", "project_upgrades"):
        frame = t.get(key)
        if frame is None:
            continue
        column = "link_id" if key == "project_upgrades" else "id"
        timed = frame["minutes"].map(len) > 0
        upstream = frame["reverse_speed_kmh"].notna()
        fixed |= set(frame.loc[timed | upstream, column])
    return fixed


def _duplicates_with_links(file: str, services: pd.DataFrame, links: pd.DataFrame) -> list[Problem]:
    taken = set(links["id"])
    return [
        Problem(file, str(i), "id", "the id is also a link id", "give the service its own id")
        for i in services["id"]
        if i in taken
    ]


def _check_part_of(t: dict[str, pd.DataFrame], files: dict[str, str]) -> list[Problem]:
    """``part_of`` names a node with a population that holds this node's population."""
    frames = [(files[k], t[k]) for k in ("nodes", "project_nodes") if k in t]
    population = {
        node_id: pop
        for _, frame in frames
        for node_id, pop in zip(frame["id"], frame["population"], strict=True)
    }
    parent_of = {
        node_id: parent
        for _, frame in frames
        for node_id, parent in zip(frame["id"], frame["part_of"], strict=True)
        if parent
    }
    problems = []
    for file, frame in frames:
        for label, node_id, parent, pop in zip(
            _record_labels(frame), frame["id"], frame["part_of"], frame["population"], strict=True
        ):
            if not parent:
                continue
            fix = "give the id of the node whose population includes this one, or leave it empty"
            if parent == node_id:
                message = "names the node itself"
            elif parent not in population:
                message = f"'{parent}' is not a node id{_suggest(parent, population)}"
            elif parent in parent_of:
                message = f"'{parent}' is itself part of '{parent_of[parent]}' (one level only)"
                fix = f"name '{parent_of[parent]}' instead"
            elif pd.isna(population[parent]) or pd.isna(pop):
                message = "this node and the node it is part of both need a population"
                fix = "fill in both populations, or leave part_of empty"
            else:
                continue
            problems.append(Problem(file, label, "part_of", message, fix))
    totals: dict[str, float] = {}
    for node_id, parent in parent_of.items():
        if parent in population and not pd.isna(population.get(node_id)):
            totals[parent] = totals.get(parent, 0) + float(population[node_id])
    for parent, total in totals.items():
        own = population[parent]
        if not pd.isna(own) and parent not in parent_of and total > float(own):
            problems.append(
                Problem(
                    files["nodes"],
                    parent,
                    "population",
                    f"{int(own):,} is less than the {int(total):,} of the nodes part of it",
                    "check the populations, or the part_of of the nodes inside it",
                )
            )
    return problems


def _duplicate_ids(file: str, ids: pd.Series) -> list[Problem]:
    problems = []
    counts = ids[ids != ""].value_counts()
    for value, count in counts[counts > 1].items():
        rows = ", ".join(str(i + 1) for i in np.flatnonzero(ids.to_numpy() == value))
        problems.append(
            Problem(
                file,
                str(value),
                "id",
                f"the id is used by {count} records (rows {rows})",
                "give every record its own id",
            )
        )
    return problems


def _duplicates_across(
    t: dict[str, pd.DataFrame], files: dict[str, str], first: str, second: str
) -> list[Problem]:
    if first not in t or second not in t:
        return []
    shared = sorted(set(t[first]["id"]) & set(t[second]["id"]) - {""})
    return [
        Problem(
            files[second],
            value,
            "id",
            f"the id is also used in {files[first]}",
            "ids must be unique across the base network and the projects",
        )
        for value in shared
    ]


def _coordinates(nodes: pd.DataFrame | None) -> dict[str, tuple[float, float]]:
    if nodes is None:
        return {}
    return {
        node_id: (lon, lat)
        for node_id, lon, lat in zip(nodes["id"], nodes["lon"], nodes["lat"], strict=True)
        if node_id
    }


def _check_coordinates(
    file: str, nodes: pd.DataFrame, reference: pd.DataFrame | None
) -> list[Problem]:
    """Explain out-of-range coordinates and spot latitude/longitude swaps."""
    problems: list[Problem] = []
    labels = _record_labels(nodes)
    lon = nodes["lon"].to_numpy(dtype=float)
    lat = nodes["lat"].to_numpy(dtype=float)
    ok = np.isfinite(lon) & np.isfinite(lat)
    ref = reference if reference is not None else nodes
    ref_lon = ref["lon"].to_numpy(dtype=float)
    ref_lat = ref["lat"].to_numpy(dtype=float)
    ref_ok = np.isfinite(ref_lon) & np.isfinite(ref_lat)
    if ref_ok.sum() < 3:
        return problems
    centre_lon = float(np.median(ref_lon[ref_ok]))
    centre_lat = float(np.median(ref_lat[ref_ok]))
    for i in np.flatnonzero(ok):
        far = _km(lon[i], lat[i], centre_lon, centre_lat)
        if far <= _SWAP_FAR_KM or not (-90 <= lon[i] <= 90):
            continue
        if _km(lat[i], lon[i], centre_lon, centre_lat) < _SWAP_NEAR_KM:
            problems.append(
                Problem(
                    file,
                    labels[i],
                    "lon",
                    f"lon {lon[i]:g}, lat {lat[i]:g} lies {far:,.0f} km from the other nodes; "
                    "latitude and longitude look swapped",
                    "swap the lon and lat values",
                )
            )
    return problems


def _km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    return float(geodesic_km(lon1, lat1, lon2, lat2))


def _suggest(value: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(candidates), n=3, cutoff=0.6)
    return f"; did you mean {', '.join(close)}?" if close else ""


def _check_links(
    file: str, links: pd.DataFrame, nodes: dict[str, tuple[float, float]], project_only: set[str]
) -> list[Problem]:
    problems = []
    for label, row in zip(_record_labels(links), links.itertuples(index=False), strict=True):
        stops: tuple[str, ...] = row.stops
        if not stops:
            continue  # already reported as empty or malformed
        if len(stops) < 2:
            problems.append(
                Problem(
                    file,
                    label,
                    "stops",
                    "a link needs at least two stops",
                    "list the node ids the link joins, in order",
                )
            )
            continue
        for stop in stops:
            if stop in project_only:
                problems.append(
                    Problem(
                        file,
                        label,
                        "stops",
                        f"stop '{stop}' is added by a project (project_nodes), "
                        "not the base network",
                        "move the link to project_links.csv, or the node to nodes.csv",
                    )
                )
            elif stop not in nodes:
                problems.append(
                    Problem(
                        file,
                        label,
                        "stops",
                        f"stop '{stop}' is not a node id{_suggest(stop, nodes)}",
                        "use an id from the nodes file, or add the node",
                    )
                )
        for position, (a, b) in enumerate(pairwise(stops), start=1):
            if a == b:
                problems.append(
                    Problem(
                        file,
                        label,
                        "stops",
                        f"stop '{a}' follows itself (segment {position} has zero length)",
                        "remove the repeated stop",
                    )
                )
            elif a in nodes and b in nodes and nodes[a] == nodes[b]:
                problems.append(
                    Problem(
                        file,
                        label,
                        "stops",
                        f"stops '{a}' and '{b}' have the same coordinates "
                        f"(segment {position} has zero length)",
                        "correct the coordinates of one of the nodes, or merge them",
                    )
                )
        inner = stops[:-1] if stops[0] == stops[-1] else stops
        repeated = sorted({s for s in inner if inner.count(s) > 1})
        if repeated and all(a != b for a, b in pairwise(stops)):
            problems.append(
                Problem(
                    file,
                    label,
                    "stops",
                    f"the line passes {', '.join(repeated)} more than once",
                    "list the stops in their order along the line; split a branching line in two",
                )
            )
        problems.extend(_check_express(file, label, stops, row.express_stops))
        segments = len(stops) - 1
        if row.length_km and len(row.length_km) not in (1, segments):
            problems.append(
                Problem(
                    file,
                    label,
                    "length_km",
                    f"has {len(row.length_km)} values for {segments} segments",
                    f"give one total length or one length per segment ({segments})",
                )
            )
        if row.minutes and len(row.minutes) != segments:
            problems.append(
                Problem(
                    file,
                    label,
                    "minutes",
                    f"has {len(row.minutes)} values for {segments} segments",
                    f"give one published time per segment ({segments})",
                )
            )
        if np.isnan(row.speed_kmh) and len(row.minutes) != segments:
            problems.append(
                Problem(
                    file,
                    label,
                    "speed_kmh",
                    "is empty and the link has no published minutes for every segment",
                    "give the design or posted speed in km/h",
                )
            )
    return problems


def _check_express(
    file: str, label: str, stops: tuple[str, ...], express: tuple[str, ...]
) -> list[Problem]:
    """Express stops must be at least two of the line's stops, in the line's order."""
    if not express:
        return []
    fix = "list at least two of the line's stops, in the order of stops"
    unknown = [s for s in express if s not in stops]
    if unknown:
        return [
            Problem(
                file,
                label,
                "express_stops",
                f"'{unknown[0]}' is not one of the line's stops{_suggest(unknown[0], stops)}",
                fix,
            )
        ]
    if len(express) < 2:
        return [Problem(file, label, "express_stops", "names fewer than two stops", fix)]
    positions = [stops.index(s) for s in express]
    if any(b <= a for a, b in pairwise(positions)):
        return [
            Problem(
                file,
                label,
                "express_stops",
                f"'{';'.join(express)}' is not in the order of stops",
                fix,
            )
        ]
    return []


def _check_project_refs(
    file: str, frame: pd.DataFrame, project_ids: set[str], have_projects: bool
) -> list[Problem]:
    problems = []
    labels = _record_labels(frame)
    for label, project_id in zip(labels, frame["project_id"], strict=True):
        if project_id and project_id not in project_ids:
            fix = (
                "add the project to projects.csv"
                if have_projects
                else "add a projects.csv that lists it"
            )
            problems.append(
                Problem(
                    file,
                    label,
                    "project_id",
                    f"project '{project_id}' is not in projects.csv"
                    f"{_suggest(project_id, project_ids)}",
                    fix,
                )
            )
    return problems


def _check_upgrades(file: str, upgrades: pd.DataFrame, link_ids: set[str]) -> list[Problem]:
    problems = []
    rows = upgrades.itertuples(index=False)
    for label, row in zip(_record_labels(upgrades), rows, strict=True):
        if row.link_id and row.link_id not in link_ids:
            problems.append(
                Problem(
                    file,
                    label,
                    "link_id",
                    f"link '{row.link_id}' is not in links.csv or project_links.csv"
                    f"{_suggest(row.link_id, link_ids)}",
                    "use the id of the link the project upgrades",
                )
            )
        vessel = getattr(row, "vessel_t", np.nan)
        if (
            np.isnan(row.speed_kmh)
            and not row.minutes
            and np.isnan(row.reverse_speed_kmh)
            and np.isnan(vessel)
        ):
            problems.append(
                Problem(
                    file,
                    label,
                    "speed_kmh",
                    "the upgrade changes nothing (no speed, minutes or vessel class given)",
                    "give the new speed_kmh, minutes, reverse_speed_kmh or vessel_t",
                )
            )
    return problems


__all__ = [
    "ValidatedTables",
    "validate_folder",
]
