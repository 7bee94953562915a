"""The network map: links coloured by mode, project links by category and status.

Existing links are one layer per mode; project links are drawn in their category's
colour, dashed until the project is open, with the project's facts in the popup.
Places are sized by population.
"""

from __future__ import annotations

from typing import Any

import folium
import geopandas as gpd
import pandas as pd

from geo.maps.escape import esc, facts
from geo.maps.layers import (
    CATEGORY_COLOURS,
    MODE_COLOURS,
    Bounds,
    base_map,
    bounds_of,
    datum_of,
    finish,
    geojson_layer,
)
from geo.maps.markers import POPULATION_BREAKS, POPULATION_COLOURS, class_colormap, places_layer
from geo.roads import ORDINARY_SOURCE

OPEN_STATUSES: tuple[str, ...] = ("open",)
"""Project statuses drawn with a solid line; any other status is dashed."""


def _existing_layers(
    m: folium.Map, existing: gpd.GeoDataFrame, mode_column: str, datum: str
) -> None:
    """Add one layer per mode of the existing network; generated roads apart, hidden."""
    generated = existing.get("source", pd.Series("", index=existing.index)) == ORDINARY_SOURCE
    if generated.any():
        geojson_layer(
            existing[generated],
            f"Ordinary roads, generated ({int(generated.sum())})",
            style=lambda row: {"color": "#8c8c8c", "weight": 1, "opacity": 0.7},
            tooltip=lambda row: f"{esc(row.get('name'))} (generated ordinary road)",
            datum=datum,
            show=False,
        ).add_to(m)
    existing = existing[~generated]
    for mode in sorted(existing[mode_column].unique()):
        subset = existing[existing[mode_column] == mode]
        geojson_layer(
            subset,
            f"Existing: {mode} ({len(subset)})",
            style=lambda row: {
                "color": MODE_COLOURS.get(row[mode_column], "#333333"),
                "weight": 3 if row[mode_column] in ("hsr", "expressway") else 2,
                "opacity": 0.85,
            },
            tooltip=lambda row: (
                f"{esc(row.get('name'))} {esc(row.get('name_zh'))}"
                f"<br>{esc(row[mode_column])}, {esc(row.get('speed_kmh'))} km/h"
            ),
            popup=lambda row: facts(
                row.get("name"),
                [
                    ("Chinese name", row.get("name_zh")),
                    ("mode", row[mode_column]),
                    ("speed km/h", row.get("speed_kmh")),
                    ("opened", row.get("opened")),
                    ("source", row.get("source")),
                ],
            ),
            datum=datum,
        ).add_to(m)


def _project_links_layer(
    added: gpd.GeoDataFrame,
    catalogue: pd.DataFrame,
    *,
    project_column: str,
    mode_column: str,
    datum: str,
) -> folium.GeoJson:
    """Return the project links, each with the facts of its project from ``catalogue``."""

    def fact(row: pd.Series, key: str) -> Any:
        pid = row[project_column]
        if pid in catalogue.index and key in catalogue.columns:
            return catalogue.at[pid, key]
        return None

    return geojson_layer(
        added,
        f"Projects: new links ({len(added)})",
        style=lambda row: {
            "color": CATEGORY_COLOURS.get(fact(row, "category") or "", "#e67e22"),
            "weight": 5,
            "opacity": 0.9,
            "dashArray": None if fact(row, "status") in OPEN_STATUSES else "8 6",
        },
        tooltip=lambda row: (
            f"{esc(fact(row, 'name') or row.get('name'))}"
            f"<br>{esc(fact(row, 'status'))} {esc(fact(row, 'opening_year'))}"
        ),
        popup=lambda row: facts(
            fact(row, "name") or row.get("name"),
            [
                ("Chinese name", fact(row, "name_zh")),
                ("project", row[project_column]),
                ("category", fact(row, "category")),
                ("subtype", fact(row, "subtype")),
                ("status", fact(row, "status")),
                ("opening year", fact(row, "opening_year")),
                ("investment, RMB bn", fact(row, "investment_cny_bn")),
                ("link", row.get("name")),
                ("mode", row[mode_column]),
                ("length km", row.get("length_km") or row.get("geodesic_km")),
                ("speed km/h", row.get("speed_kmh")),
                ("source", fact(row, "source") or row.get("source")),
            ],
        ),
        datum=datum,
    )


def network_map(
    nodes: gpd.GeoDataFrame,
    links: gpd.GeoDataFrame,
    projects: pd.DataFrame | None = None,
    *,
    tiles: str = "none",
    boundaries: gpd.GeoDataFrame | None = None,
    view: Bounds | None = None,
    project_column: str = "project_id",
    mode_column: str = "mode",
    population_column: str = "population",
    zones: gpd.GeoDataFrame | None = None,
) -> folium.Map:
    """Return the network: links by mode, project links by category and status, places.

    Parameters
    ----------
    nodes : geopandas.GeoDataFrame
        Places to draw, sized by ``population_column`` (residents).
    links : geopandas.GeoDataFrame
        Links with ``mode_column``, ``name``, ``name_zh``, ``speed_kmh`` (km/h),
        ``opened`` and ``source``. Rows with an empty ``project_column`` are the
        existing network (one layer per mode); the others belong to the project of
        that id in ``projects``.
    projects : pandas.DataFrame, optional
        The project catalogue indexed by id (name, name_zh, category, subtype, status,
        opening_year, investment_cny_bn in RMB billions, source).
    tiles : {"none", "osm", "gaode"}, default "none"
        Background tiles.
    boundaries : geopandas.GeoDataFrame, optional
        Province and prefecture outlines (:func:`geo.maps.io.load_boundaries`).
    view : tuple of float, optional
        ``(min_lon, min_lat, max_lon, max_lat)`` the map opens on (default: everything
        drawn); external places beyond it stay on the map, a pan away.
    project_column, mode_column, population_column : str
        Column names in ``links`` and ``nodes``.
    zones : geopandas.GeoDataFrame, optional
        Zone polygons with ``name``, ``name_zh`` and ``population_column``, drawn
        beneath the network coloured by residents (fixed classes).

    Returns
    -------
    folium.Map
        Project links in their category's colour, dashed until open.
    """
    m = base_map(view or bounds_of(nodes, links), tiles=tiles, boundaries=boundaries)
    datum = datum_of(m)
    if zones is not None and len(zones):
        scale = class_colormap(
            POPULATION_BREAKS, POPULATION_COLOURS, "zone residents (2020)", "", "bottomleft"
        )
        places_layer(
            m,
            zones,
            "Zones",
            population_column=population_column,
            datum=datum,
            colour=lambda row: scale(float(row.get(population_column) or 0.0)),
        )
        scale.add_to(m)
    _existing_layers(m, links[links[project_column].fillna("") == ""], mode_column, datum)
    added = links[links[project_column].fillna("") != ""]
    if len(added):
        _project_links_layer(
            added,
            projects if projects is not None else pd.DataFrame(),
            project_column=project_column,
            mode_column=mode_column,
            datum=datum,
        ).add_to(m)
    places_layer(m, nodes, "Places", population_column=population_column, datum=datum)
    return finish(m)


__all__ = ["OPEN_STATUSES", "network_map"]
