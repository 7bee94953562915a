"""Warnings: values that a real dataset can hold but that are usually a mistake.

Errors (:mod:`geo.validation`, :mod:`geo.plausible`) stop every command; warnings do not.
``corridor validate`` lists them apart, and ``corridor validate --strict`` treats them
as errors (for a pipeline that wants a clean dataset):

- a place of the region on no link, with no ordinary-road layer to reach it;
- two places with the same name (a name lookup must then ask which);
- a named transport or logistics project without a network record (it ranks at 0);
- a link longer than twice the line through its stops (a mountain railway can be,
  a typo in kilometres usually is);
- a city, district or county with no residents;
- a core place outside the study region.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from geo.errors import Problem
from geo.measure import geodesic_km
from geo.schema import METADATA_FILE

#: A link longer than this many times the line through its stops gets a warning.
CIRCUITOUS = 2.0
#: Kinds of place that always have residents.
INHABITED = ("city", "district", "county")
#: Project categories that act on the network.
ACTING = ("transport", "logistics")


def dataset_warnings(
    tables: dict[str, pd.DataFrame], files: dict[str, str], metadata: dict[str, Any]
) -> list[Problem]:
    """Return the warnings of a dataset whose tables passed validation.

    Parameters
    ----------
    tables : dict of str to pandas.DataFrame
        The typed tables (:class:`geo.validation.ValidatedTables`).
    files : dict of str to str
        The file name of each table.
    metadata : dict
        The parsed ``dataset.toml``.

    Returns
    -------
    list of Problem
    """
    nodes = tables["nodes"]
    links = pd.concat([tables[k] for k in ("links", "project_links") if k in tables])
    warnings = _names(files["nodes"], nodes) + _residents(files["nodes"], nodes)
    roads = metadata.get("roads", {})
    if "zones" not in tables and not (isinstance(roads, dict) and roads.get("ordinary")):
        warnings += _isolated(files["nodes"], nodes, links)
    if "projects" in tables:
        warnings += _idle_projects(files["projects"], tables)
    coords = dict(zip(nodes["id"], zip(nodes["lon"], nodes["lat"], strict=True), strict=True))
    if "project_nodes" in tables:
        frame = tables["project_nodes"]
        points = zip(frame["lon"], frame["lat"], strict=True)
        coords |= dict(zip(frame["id"], points, strict=True))
    for key in ("links", "project_links"):
        if key in tables:
            warnings += _circuitous(files[key], tables[key], coords)
    region = set(nodes.loc[nodes["circle"].astype(bool), "id"])
    core = metadata.get("core", [])
    for place in core if isinstance(core, list) else []:
        if place in set(nodes["id"]) and place not in region:
            warnings.append(
                Problem(
                    METADATA_FILE,
                    "",
                    "core",
                    f"'{place}' is a core place outside the study region (circle = false)",
                    "set circle = true on it, or choose core places of the region",
                )
            )
    return warnings


def _names(file: str, nodes: pd.DataFrame) -> list[Problem]:
    repeated = nodes[nodes["name"].duplicated(keep=False) & (nodes["name"] != "")]
    return [
        Problem(
            file,
            ", ".join(group["id"]),
            "name",
            f"'{name}' names {len(group)} places: a lookup by name must ask which",
            "give each place its own name (add the province or county)",
        )
        for name, group in repeated.groupby("name", sort=True)
    ]


def _residents(file: str, nodes: pd.DataFrame) -> list[Problem]:
    population = pd.to_numeric(nodes["population"], errors="coerce")
    empty = nodes[nodes["kind"].isin(INHABITED) & (population == 0)]
    return [
        Problem(
            file,
            row.id,
            "population",
            f"a {row.kind} with no residents weighs nothing in any average",
            "give its population (empty means unknown, 0 means nobody lives there)",
        )
        for row in empty.itertuples(index=False)
    ]


def _isolated(file: str, nodes: pd.DataFrame, links: pd.DataFrame) -> list[Problem]:
    served = {stop for stops in links["stops"] for stop in stops}
    lonely = nodes[nodes["circle"].astype(bool) & ~nodes["id"].isin(served)]
    return [
        Problem(
            file,
            row.id,
            "id",
            "is on no link and the dataset has no ordinary-road layer: it is unreachable",
            "add its links, or [roads] ordinary = true in dataset.toml",
        )
        for row in lonely.itertuples(index=False)
    ]


def _idle_projects(file: str, tables: dict[str, pd.DataFrame]) -> list[Problem]:
    used: set[str] = set()
    for key in ("project_links", "project_nodes", "project_upgrades", "facilities"):
        if key in tables and "project_id" in tables[key]:
            used |= set(tables[key]["project_id"])
    projects = tables["projects"]
    named = projects["named"].astype(bool) if "named" in projects else True
    idle = projects[projects["category"].isin(ACTING) & ~projects["id"].isin(used) & named]
    if "services" in tables:
        idle = idle[~idle["id"].isin(_service_projects(tables["services"]))]
    return [
        Problem(
            file,
            row.id,
            "id",
            f"a {row.category} project with no link, node, upgrade or facility: it ranks at 0",
            "add its records to project_links.csv, project_upgrades.csv or project_nodes.csv",
        )
        for row in idle.itertuples(index=False)
    ]


def _service_projects(services: pd.DataFrame) -> set[str]:
    return set(services["project_id"]) if "project_id" in services else set()


def _circuitous(
    file: str, links: pd.DataFrame, coords: dict[str, tuple[float, float]]
) -> list[Problem]:
    warnings = []
    for row in links.itertuples(index=False):
        lengths = np.asarray(row.length_km or (), dtype=float)
        if not len(lengths) or not all(s in coords for s in row.stops):
            continue
        lon, lat = (np.array([coords[s][k] for s in row.stops], dtype=float) for k in (0, 1))
        line = float(np.sum(geodesic_km(lon[:-1], lat[:-1], lon[1:], lat[1:])))
        if lengths.sum() > CIRCUITOUS * line + 5.0:
            warnings.append(
                Problem(
                    file,
                    row.id,
                    "length_km",
                    f"{lengths.sum():g} km is {lengths.sum() / line:.1f} times the line through "
                    f"its stops ({line:.1f} km)",
                    "check the length (km) and the stops; a winding mountain line can be this long",
                )
            )
    return warnings


__all__ = ["CIRCUITOUS", "dataset_warnings"]
