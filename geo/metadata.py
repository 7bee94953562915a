"""Checks of ``dataset.toml`` and of what the whole dataset must hold for every command.

Everything a later command reads from the metadata is checked here, so that
``corridor validate`` fails whenever a command would: known keys only (a misspelt key is
refused with the close match), the base year, the core places and key pairs, the
metric CRS (it must exist, be projected and measure in metres), the currency, the
``[roads]`` table, and a study region with residents.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

import pandas as pd

from geo.errors import Problem
from geo.schema import METADATA_FILE

#: Every top-level key of dataset.toml (the data README describes each).
KNOWN_KEYS = (
    "name",
    "name_zh",
    "base_year",
    "core",
    "key_pairs",
    "freight_pairs",
    "targets",
    "freight_targets",
    "air_markets",
    "roads",
    "parameters",
    "freight",
    "appraisal",
    "metric_crs",
    "currency",
    "limits",
)
#: Years a base network can describe.
BASE_YEARS = (1900, 2100)
_CURRENCY = re.compile(r"^[A-Z]{3}$")


def check_metadata(metadata: dict[str, Any], node_ids: set[str]) -> list[Problem]:
    """Return every problem of ``dataset.toml`` that the tables do not show.

    Parameters
    ----------
    metadata : dict
        The parsed ``dataset.toml``.
    node_ids : set of str
        Every node and zone id of the dataset.

    Returns
    -------
    list of Problem
    """
    problems = _unknown_keys(metadata) + _check_roads(metadata) + _check_text(metadata)
    problems += _check_base_year(metadata) + _check_crs(metadata)
    core = metadata.get("core", [])
    if not isinstance(core, list) or not all(isinstance(c, str) for c in core):
        fix = 'write e.g. core = ["chengdu", "chongqing"]'
        problems.append(Problem(METADATA_FILE, "", "core", "is not a list of node ids", fix))
        core = []
    problems += [_unknown(node_id, "core", node_ids) for node_id in core if node_id not in node_ids]
    for key in ("key_pairs", "freight_pairs"):
        problems += _check_pairs(metadata, key, node_ids)
    return problems


def check_region(file: str, nodes: pd.DataFrame, zones: pd.DataFrame | None) -> list[Problem]:
    """Return a problem for a study region without places or residents, or core outside it.

    Parameters
    ----------
    file : str
        The nodes file.
    nodes : pandas.DataFrame
        Typed nodes with ``id``, ``circle`` and ``population``.
    zones : pandas.DataFrame or None
        Typed zones (their residents count too).

    Returns
    -------
    list of Problem
    """
    region = nodes[nodes["circle"].astype(bool)]
    if zones is not None and len(zones):
        return []  # zones are the residents (read_zones checks their populations)
    if region.empty:
        return [
            Problem(
                file,
                "",
                "circle",
                "every place lies outside the study region (circle is false everywhere), so "
                "there is nobody to measure access for",
                "set circle = true on the places of the region (empty means true)",
            )
        ]
    people = pd.to_numeric(region["population"], errors="coerce").fillna(0).sum()
    if people <= 0:
        return [
            Problem(
                file,
                "",
                "population",
                "no place of the study region has residents, so every average is empty",
                "give the population of the region's places (or of its zones)",
            )
        ]
    return []


def _unknown_keys(metadata: dict[str, Any]) -> list[Problem]:
    problems = []
    for key in metadata:
        if key not in KNOWN_KEYS:
            close = difflib.get_close_matches(key, KNOWN_KEYS, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            fix = f"use the keys of the data README ({', '.join(KNOWN_KEYS)})"
            problems.append(Problem(METADATA_FILE, "", key, f"is not a known key{hint}", fix))
    return problems


def _check_text(metadata: dict[str, Any]) -> list[Problem]:
    problems = []
    for key in ("name", "name_zh"):
        if key in metadata and not isinstance(metadata[key], str):
            fix = f'write {key} = "…" in quotes'
            problems.append(Problem(METADATA_FILE, "", key, "is not text", fix))
    currency = metadata.get("currency", "CNY")
    if not isinstance(currency, str) or not _CURRENCY.match(currency):
        fix = 'write the ISO 4217 code of the amounts, e.g. currency = "CNY" or "EUR"'
        message = f"{currency!r} is not a three-letter currency code"
        problems.append(Problem(METADATA_FILE, "", "currency", message, fix))
    return problems


def _check_base_year(metadata: dict[str, Any]) -> list[Problem]:
    year = metadata.get("base_year")
    if year is None:
        return []
    low, high = BASE_YEARS
    if isinstance(year, bool) or not isinstance(year, int) or not low <= year <= high:
        message = f"{year!r} is not a year from {low} to {high}"
        return [Problem(METADATA_FILE, "", "base_year", message, "write e.g. base_year = 2020")]
    return []


def _check_crs(metadata: dict[str, Any]) -> list[Problem]:
    """``metric_crs``: a CRS that exists, is projected and measures in metres."""
    if "metric_crs" not in metadata:
        return []
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    given = metadata["metric_crs"]
    fix = 'give a projected CRS in metres, e.g. metric_crs = "EPSG:32648" (UTM 48N)'
    if not isinstance(given, str):
        return [Problem(METADATA_FILE, "", "metric_crs", f"{given!r} is not text", fix)]
    try:
        crs = CRS.from_user_input(given)
    except CRSError:
        return [Problem(METADATA_FILE, "", "metric_crs", f"'{given}' is not a known CRS", fix)]
    units = {axis.unit_name for axis in crs.axis_info}
    if not crs.is_projected or units - {"metre"}:
        what = "geographic (degrees)" if crs.is_geographic else f"in {', '.join(sorted(units))}"
        message = f"'{given}' is {what}, not a projected CRS in metres"
        return [Problem(METADATA_FILE, "", "metric_crs", message, fix)]
    return []


def _check_roads(metadata: dict[str, Any]) -> list[Problem]:
    """``[roads]``: ``ordinary`` true or false, ``max_km`` a distance > 0."""
    roads = metadata.get("roads", {})
    fix = "write [roads] with ordinary = true and max_km = 120 (see the data README)"
    if not isinstance(roads, dict):
        return [Problem(METADATA_FILE, "roads", "", "is not a table", fix)]
    problems = []
    if not isinstance(roads.get("ordinary", False), bool):
        problems.append(Problem(METADATA_FILE, "roads", "ordinary", "is not true or false", fix))
    max_km = roads.get("max_km", 120.0)
    if isinstance(max_km, bool) or not isinstance(max_km, int | float) or not max_km > 0:
        problems.append(
            Problem(METADATA_FILE, "roads", "max_km", f"{max_km!r} is not a distance > 0", fix)
        )
    return problems


def _check_pairs(metadata: dict[str, Any], key: str, node_ids: set[str]) -> list[Problem]:
    given = metadata.get(key, [])
    fix = f'write e.g. {key} = [["chengdu", "chongqing"]]'
    if not isinstance(given, list):
        return [Problem(METADATA_FILE, "", key, "is not a list of pairs", fix)]
    problems = []
    for pair in given:
        texts = isinstance(pair, list) and all(isinstance(p, str) for p in pair)
        if not (texts and len(pair) == 2):
            problems.append(Problem(METADATA_FILE, "", key, f"{pair!r} is not a pair of ids", fix))
            continue
        if pair[0] == pair[1]:
            message = f"{pair!r} joins a place to itself"
            problems.append(Problem(METADATA_FILE, "", key, message, "give two different places"))
        problems += [_unknown(p, key, node_ids) for p in pair if p not in node_ids]
    return problems


def _unknown(node_id: str, key: str, node_ids: set[str]) -> Problem:
    close = difflib.get_close_matches(node_id, sorted(node_ids), n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    message = f"'{node_id}' is not a node id{hint}"
    return Problem(METADATA_FILE, "", key, message, "list ids from the nodes file")


__all__ = ["BASE_YEARS", "KNOWN_KEYS", "check_metadata", "check_region"]
