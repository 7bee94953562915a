"""Checks that know transport: values no real dataset can hold are refused with the reason.

A speed of a billion km/h parses as a number, and so does a population of 9e15; the
schema's types let them through, the model would then report a 0.0-minute trip. These
checks hold each value to what the mode or the kind of place can physically be:

- a link's design speed (and upstream speed) within its mode's range; ``mixed_traffic``
  only on HSR lines;
- a link's published length not below half the straight line between its ends (a
  road's published length often leaves out the city approaches), nor more than a few
  times the line through its stops;
- published minutes that imply a speed outside the mode's range;
- a place's population within what its kind can hold;
- an upgrade that raises speed and vessel class, never lowers them; one upgrade per link
  per project; a project never upgrades the link it adds itself;
- ids that are ASCII slugs after NFKC normalisation (a Cyrillic look-alike is refused).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import numpy as np
import pandas as pd

from geo.errors import Problem
from geo.measure import geodesic_km

#: Physically plausible speeds by mode, km/h: (lowest, highest).
SPEED_KMH: dict[str, tuple[float, float]] = {
    "hsr": (80.0, 450.0),
    "rail": (15.0, 250.0),
    "metro": (15.0, 200.0),
    "expressway": (40.0, 160.0),
    "road": (10.0, 130.0),
    "waterway": (1.0, 60.0),
}
#: A published length may fall short of the straight line between the ends (a road's
#: length often leaves out the city approaches; the model then takes the straight line),
#: but not below this share of it.
SHORTEST = 0.5
#: A published length may exceed the straight line by this factor at most (rivers meander).
LONGEST = {"waterway": 4.0}
LONGEST_DEFAULT = 3.0
#: Largest population of one node by kind (persons).
POPULATION_MAX = {"city": 40e6, "district": 20e6, "county": 10e6, "town": 5e6, "zone": 20e6}
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")


def _number(value: Any) -> float:
    """Return a cell as a float, NaN when empty or not a number."""
    try:
        return float("nan") if pd.isna(value) else float(value)
    except (TypeError, ValueError):
        return float("nan")


def check_ids(file: str, ids: pd.Series) -> list[Problem]:
    """Return a problem for every id that is not an ASCII slug after NFKC normalisation.

    Parameters
    ----------
    file : str
    ids : pandas.Series

    Returns
    -------
    list of Problem
    """
    problems = []
    for value in ids.astype(str):
        if not value:
            continue
        folded = unicodedata.normalize("NFKC", value)
        if folded != value and _SLUG.match(folded):
            problems.append(
                Problem(
                    file,
                    value,
                    "id",
                    f"is not an ASCII slug: it reads '{folded}' after Unicode normalisation "
                    "(NFKC), and would stand apart from that id",
                    f"write it as '{folded}'",
                )
            )
        elif not _SLUG.match(folded):
            odd = [c for c in folded if not (c.isascii() and (c.isalnum() or c in "_-"))]
            named = ", ".join(f"{c!r} ({unicodedata.name(c, '?')})" for c in odd[:3])
            what = f"holds {named}" if odd else "is not lower-case"
            problems.append(
                Problem(
                    file,
                    value,
                    "id",
                    f"is not an ASCII slug: it {what}",
                    "use lower-case ASCII letters, digits, _ and - (look-alike letters from "
                    "other scripts are refused)",
                )
            )
    return problems


def check_links(
    file: str, links: pd.DataFrame, coords: dict[str, tuple[float, float]]
) -> list[Problem]:
    """Return the implausible speeds, lengths and minutes of ``links``.

    Parameters
    ----------
    file : str
    links : pandas.DataFrame
        Typed rows of links.csv or project_links.csv.
    coords : dict of str to (lon, lat)
        Every node.

    Returns
    -------
    list of Problem
    """
    problems = []
    rows = list(links.itertuples(index=False))
    straight, ends = _straight_lines([tuple(row.stops) for row in rows], coords)
    for row, line, end in zip(rows, straight, ends, strict=True):
        mode = str(row.mode)
        low, high = SPEED_KMH.get(mode, (0.0, np.inf))
        problems += _speeds(file, row.id, row, mode, "give the design or posted speed in km/h")
        if bool(getattr(row, "mixed_traffic", False)) and mode != "hsr":
            problems.append(
                Problem(file, row.id, "mixed_traffic", f"is true on a {mode} link",
                        "leave it empty: it marks HSR lines that carry freight trains too "
                        "(conventional rail always does)")
            )  # fmt: skip
        if line is None:
            continue
        problems += _lengths(file, row, mode, line, end)
        problems += _minutes(file, row, mode, line, low, high)
    return problems


def _straight_lines(
    stop_lists: list[tuple[str, ...]], coords: dict[str, tuple[float, float]]
) -> tuple[list[np.ndarray | None], list[float]]:
    """Return each line's segment straight lines (km) and its ends' straight line (km).

    One vectorised geodesic call for every segment and every pair of ends; a line with
    an unknown stop or fewer than two stops gets None.
    """
    usable = [len(s) >= 2 and all(x in coords for x in s) for s in stop_lists]
    chains = [s for s, ok in zip(stop_lists, usable, strict=True) if ok]
    if not chains:
        return [None] * len(stop_lists), [float("nan")] * len(stop_lists)
    points = np.array([coords[x] for s in chains for x in s], dtype=float).reshape(-1, 2)
    sizes = np.array([len(s) for s in chains], dtype=int)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(int)
    last = np.zeros(len(points), dtype=bool)
    last[starts + sizes - 1] = True
    head, tail = points[:-1][~last[:-1]], points[1:][~last[:-1]]
    segments = geodesic_km(head[:, 0], head[:, 1], tail[:, 0], tail[:, 1]).reshape(-1)
    a, b = points[starts], points[starts + sizes - 1]
    ends = geodesic_km(a[:, 0], a[:, 1], b[:, 0], b[:, 1]).reshape(-1)
    pieces = np.split(segments, np.cumsum(sizes - 1)[:-1]) if len(chains) else []
    lines: list[np.ndarray | None] = []
    end_km: list[float] = []
    k = 0
    for ok in usable:
        if ok:
            lines.append(pieces[k])
            end_km.append(float(ends[k]))
            k += 1
        else:
            lines.append(None)
            end_km.append(float("nan"))
    return lines, end_km


def _lengths(file: str, row: Any, mode: str, straight: np.ndarray, ends_km: float) -> list[Problem]:
    """Return a problem for a published length below half the straight line, or far above it."""
    lengths = np.asarray(row.length_km or (), dtype=float)
    if not len(lengths):
        return []
    per_segment = len(lengths) == len(straight) and len(straight) > 1
    given = lengths if per_segment else np.array([lengths.sum()])
    # A total: at least the straight line between the ends (city stops may lie off the
    # line), at most a few times the chain through the stops.
    line = straight if per_segment else np.array([straight.sum()])
    ends = straight if per_segment else np.array([ends_km])
    longest = LONGEST.get(mode, LONGEST_DEFAULT)
    for k, (length, crow) in enumerate(zip(given, line, strict=True)):
        where = f" (segment {k + 1})" if len(given) > 1 else ""
        if length < SHORTEST * ends[k]:
            return [
                Problem(
                    file,
                    row.id,
                    "length_km",
                    f"{length:g} km{where} is less than half the straight line between its "
                    f"ends ({ends[k]:.1f} km)",
                    "check the length and the stops' coordinates",
                )
            ]
        if length > longest * crow + 5.0:
            return [
                Problem(
                    file,
                    row.id,
                    "length_km",
                    f"{length:g} km{where} is more than {longest:g} times the straight line "
                    f"({crow:.1f} km)",
                    "check the length (km, not m) and the stops",
                )
            ]
    return []


def _minutes(
    file: str, row: Any, mode: str, straight: np.ndarray, low: float, high: float
) -> list[Problem]:
    """Return a problem for published minutes implying a speed the mode cannot run."""
    minutes = np.asarray(row.minutes or (), dtype=float)
    if len(minutes) != len(straight):
        return []
    speed = straight / (minutes / 60.0)
    fast = np.flatnonzero(speed > high * 1.2)
    if len(fast):
        k = int(fast[0])
        return [
            Problem(
                file,
                row.id,
                "minutes",
                f"{minutes[k]:g} min for segment {k + 1} ({straight[k]:.1f} km in a straight "
                f"line) is {speed[k]:.0f} km/h, faster than {mode} runs ({high:g} km/h)",
                "give the published minutes of each segment, in order",
            )
        ]
    return []


def check_population(file: str, nodes: pd.DataFrame) -> list[Problem]:
    """Return the populations no place of their kind can hold.

    Parameters
    ----------
    file : str
    nodes : pandas.DataFrame

    Returns
    -------
    list of Problem
    """
    problems = []
    population = pd.to_numeric(nodes["population"], errors="coerce").astype(float)
    for node_id, kind, value in zip(nodes["id"], nodes["kind"], population, strict=True):
        most = POPULATION_MAX.get(str(kind))
        if most is not None and value == value and value > most:
            problems.append(
                Problem(
                    file,
                    node_id,
                    "population",
                    f"{value:,.0f} residents is more than any {kind} holds (at most {most:,.0f})",
                    "give the resident population in persons",
                )
            )
    return problems


def check_upgrades(file: str, upgrades: pd.DataFrame, links: pd.DataFrame) -> list[Problem]:
    """Return upgrades that lower a speed or class, repeat, or touch their own project's link.

    Parameters
    ----------
    file : str
    upgrades : pandas.DataFrame
        Typed rows of project_upgrades.csv.
    links : pandas.DataFrame
        Every link (base and project), with ``id`` and ``project_id``.

    Returns
    -------
    list of Problem
    """
    problems = []
    by_id = links.drop_duplicates("id").set_index("id")
    seen: set[tuple[str, str]] = set()
    for row in upgrades.itertuples(index=False):
        label = f"{row.project_id} → {row.link_id}"
        if (row.project_id, row.link_id) in seen:
            problems.append(
                Problem(
                    file,
                    label,
                    "link_id",
                    "the project upgrades this link twice",
                    "give one row per link and project, with every new value",
                )
            )
        seen.add((row.project_id, row.link_id))
        if row.link_id not in by_id.index:
            continue
        link = by_id.loc[row.link_id]
        if str(link.get("project_id", "")) == row.project_id:
            problems.append(
                Problem(
                    file,
                    label,
                    "link_id",
                    "a project upgrades the link it adds",
                    "give the link its final speed in project_links.csv",
                )
            )
        fix = "give the design or posted speed after the upgrade, in km/h"
        problems += _speeds(file, label, row, str(link.get("mode", "")), fix)
        for field in ("speed_kmh", "reverse_speed_kmh", "vessel_t"):
            new, old = _number(getattr(row, field, np.nan)), _number(link.get(field, np.nan))
            if new == new and old == old and new < old:
                problems.append(
                    Problem(
                        file,
                        label,
                        field,
                        f"lowers {field} from {old:g} to {new:g}: an upgrade raises it",
                        "give the higher value the project brings",
                    )
                )
    return problems


def _speeds(file: str, label: str, row: Any, mode: str, fix: str) -> list[Problem]:
    """Return a speed (and upstream speed) of ``row`` outside the range of ``mode``."""
    low, high = SPEED_KMH.get(mode, (0.0, np.inf))
    problems = []
    for field in ("speed_kmh", "reverse_speed_kmh"):
        value = _number(getattr(row, field, np.nan))
        if value == value and not low <= value <= high:
            problems.append(
                Problem(
                    file,
                    label,
                    field,
                    f"{value:g} km/h is not plausible for {mode} ({low:g}–{high:g} km/h)",
                    fix,
                )
            )
    return problems


__all__ = [
    "POPULATION_MAX",
    "SPEED_KMH",
    "check_ids",
    "check_links",
    "check_population",
    "check_upgrades",
]
