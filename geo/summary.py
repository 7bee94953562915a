"""A dataset summary: counts by mode and category, extent, investment, catalogue.

This is what ``corridor info`` prints. It is plain data (dicts and lists of
numbers and strings) so that the command line can render it as a table or JSON.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from geo.dataset import Dataset
from geo.plain import to_jsonable

CATALOGUE_COLUMNS = (
    "id",
    "name",
    "name_zh",
    "category",
    "subtype",
    "investment_cny_bn",
    "status",
    "opening_year",
    "named",
    "has_network_effect",
    "seed",
    "source",
)


def summarize(dataset: Dataset) -> dict[str, Any]:
    """Return the dataset summary as nested plain data.

    Parameters
    ----------
    dataset : geo.dataset.Dataset

    Returns
    -------
    dict
        ``dataset``, ``base_year``, ``extent``, ``metric_crs``, ``nodes`` (counts by
        kind), ``links`` (counts and km by mode: in the baseline, opened after the
        base year, added by projects), ``projects`` (counts and investment by
        category, the ids with no network effect) and ``catalogue`` (every project).
    """
    min_lon, min_lat, max_lon, max_lat = dataset.bounds
    return {
        "dataset": dataset.name,
        "folder": str(dataset.folder),
        "base_year": dataset.base_year,
        "currency": dataset.currency,
        "core": list(dataset.core),
        "extent": {"min_lon": min_lon, "min_lat": min_lat, "max_lon": max_lon, "max_lat": max_lat},
        "metric_crs": dataset.metric_crs.to_string(),
        "nodes": _nodes(dataset),
        "links": _links(dataset),
        "projects": _projects(dataset.projects),
        "catalogue": _catalogue(dataset.projects),
    }


def _nodes(dataset: Dataset) -> dict[str, Any]:
    nodes = dataset.nodes
    base = nodes[nodes["project_id"] == ""]
    return {
        "total": len(nodes),
        "base": len(base),
        "added_by_projects": len(nodes) - len(base),
        "by_kind": _counts(nodes["kind"]),
    }


def _links(dataset: Dataset) -> dict[str, Any]:
    links = dataset.links
    km = links["length_km"].map(lambda v: sum(v) if v else np.nan)
    km = km.fillna(links["geodesic_km"])
    baseline_ids = set(dataset.baseline_links.index)
    status = np.where(
        links["project_id"] != "",
        "project",
        np.where(links.index.isin(list(baseline_ids)), "baseline", "opened_after_base_year"),
    )
    frame = pd.DataFrame({"mode": links["mode"], "status": status, "km": km})
    by_mode: dict[str, Any] = {}
    for mode, group in frame.groupby("mode", sort=True):
        by_mode[str(mode)] = {
            key: {
                "count": int((group["status"] == key).sum()),
                "km": round(float(group.loc[group["status"] == key, "km"].sum()), 1),
            }
            for key in ("baseline", "opened_after_base_year", "project")
        }
    return {
        "total": len(links),
        "baseline": len(baseline_ids),
        "opened_after_base_year": int((status == "opened_after_base_year").sum()),
        "added_by_projects": int((status == "project").sum()),
        "by_mode": by_mode,
    }


def _projects(projects: pd.DataFrame) -> dict[str, Any]:
    if projects.empty:
        return {
            "total": 0,
            "named": 0,
            "placeholders": 0,
            "by_category": {},
            "investment_cny_bn": {"known_total": 0.0, "projects_with_known": 0},
            "without_network_effect": [],
        }
    named = projects["named"] if "named" in projects else pd.Series(True, index=projects.index)
    invest = projects.get("investment_cny_bn", pd.Series(np.nan, index=projects.index))
    by_category: dict[str, Any] = {}
    for category, group in projects.groupby("category", sort=True):
        amounts = invest[group.index]
        by_category[str(category)] = {
            "count": len(group),
            "named": int(named[group.index].sum()),
            "with_network_effect": int(group["has_network_effect"].sum()),
            "investment_cny_bn_known": round(float(amounts.sum(skipna=True)), 2),
            "projects_with_known_investment": int(amounts.notna().sum()),
            "by_subtype": _counts(group["subtype"]) if "subtype" in group else {},
        }
    return {
        "total": len(projects),
        "named": int(named.sum()),
        "placeholders": int((~named).sum()),
        "by_category": by_category,
        "investment_cny_bn": {
            "known_total": round(float(invest.sum(skipna=True)), 2),
            "projects_with_known": int(invest.notna().sum()),
        },
        "with_network_effect": int(projects["has_network_effect"].sum()),
        "without_network_effect": sorted(projects.index[~projects["has_network_effect"]]),
    }


def _catalogue(projects: pd.DataFrame) -> list[dict[str, Any]]:
    columns = [c for c in CATALOGUE_COLUMNS if c in projects.columns]
    return [
        {column: to_jsonable(row[column]) for column in columns}
        for _, row in projects[columns].iterrows()
    ]


def _counts(values: pd.Series) -> dict[str, int]:
    counts = values[values != ""].value_counts()
    return {str(k): int(v) for k, v in sorted(counts.items())}


__all__ = [
    "CATALOGUE_COLUMNS",
    "summarize",
]
