"""The project map: one project's footprint and the places it helps most."""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd

from geo.maps.escape import Facts, esc, facts
from geo.maps.layers import base_map, bounds_of, datum_of, finish, geojson_layer
from geo.maps.markers import (
    SAVED_BREAKS,
    SAVED_COLOURS,
    class_colormap,
    place_tooltip,
    places_layer,
)

FOOTPRINT_COLOUR = "#e67e22"
"""Colour of the project's own links and facilities."""


def _project_facts(project: pd.Series) -> Facts:
    """Return the popup of the project's links and facilities."""
    return facts(
        project.get("name"),
        [
            ("Chinese name", project.get("name_zh")),
            ("id", project["id"]),
            ("category", project.get("category")),
            ("subtype", project.get("subtype")),
            ("status", project.get("status")),
            ("opening year", project.get("opening_year")),
            ("investment, RMB bn", project.get("investment_cny_bn")),
            ("source", project.get("source")),
        ],
    )


def _footprint_layers(
    m: folium.Map,
    own_links: gpd.GeoDataFrame,
    own_nodes: gpd.GeoDataFrame,
    project: pd.Series,
    datum: str,
) -> None:
    """Add the project's links (thick lines) and facilities (white circles)."""
    pid = project["id"]
    popup = _project_facts(project)
    if len(own_links):
        geojson_layer(
            own_links,
            f"Footprint: {esc(pid)}",
            style=lambda row: {"color": FOOTPRINT_COLOUR, "weight": 6, "opacity": 0.95},
            tooltip=lambda row: esc(row.get("name")),
            popup=lambda row: popup,
            datum=datum,
        ).add_to(m)
    if len(own_nodes):
        geojson_layer(
            own_nodes,
            f"Facilities: {esc(pid)}",
            style=lambda row: {
                "radius": 8,
                "color": FOOTPRINT_COLOUR,
                "weight": 3,
                "fill": True,
                "fillColor": "#ffffff",
                "fillOpacity": 1,
            },
            tooltip=lambda row: place_tooltip(row),
            popup=lambda row: popup,
            datum=datum,
        ).add_to(m)


def _saved_layer(
    m: folium.Map, nodes: gpd.GeoDataFrame, others: gpd.GeoDataFrame, saved_column: str, top: int
) -> None:
    """Add the places coloured by minutes saved per trip, naming the ``top`` helped most."""
    saved = nodes[saved_column].astype(float).fillna(0.0)
    best = set(saved[saved > 0].sort_values(ascending=False).index[:top])
    scale = class_colormap(
        SAVED_BREAKS, SAVED_COLOURS, "minutes saved per trip", "min", "bottomleft"
    )

    def colour(row: pd.Series) -> str:
        return scale(float(max(row[saved_column] or 0.0, 0.0)))

    def tip(row: pd.Series) -> str:
        value = row[saved_column]
        mark = " (among the places helped most)" if row.name in best else ""
        return place_tooltip(row, f"{float(value or 0):.1f} min saved per trip{mark}")

    places_layer(m, others, "Minutes saved per trip", datum=datum_of(m), colour=colour, tooltip=tip)
    scale.add_to(m)


def project_map(
    nodes: gpd.GeoDataFrame,
    links: gpd.GeoDataFrame,
    project: pd.Series,
    saved_column: str,
    *,
    top: int = 10,
    tiles: str = "none",
    boundaries: gpd.GeoDataFrame | None = None,
    project_column: str = "project_id",
) -> folium.Map:
    """Return one project's footprint and the places it helps most.

    Parameters
    ----------
    nodes : geopandas.GeoDataFrame
        Places, and the project's own facilities (``project_column`` equal to its
        id), with minutes saved per trip of a resident in ``saved_column``.
    links : geopandas.GeoDataFrame
        Links; the project's own carry its id in ``project_column``.
    project : pandas.Series
        The catalogue row: ``id``, name, name_zh, category, subtype, status,
        opening_year, investment_cny_bn (RMB billions), source.
    saved_column : str
        Column of ``nodes`` holding minutes saved per trip (NaN counts as 0).
    top : int, default 10
        How many of the places helped most are named in their tooltips.
    tiles : {"none", "osm", "gaode"}, default "none"
        Background tiles.
    boundaries : geopandas.GeoDataFrame, optional
        Province and prefecture outlines.
    project_column : str, default "project_id"
        Column naming the project a link or node belongs to.

    Returns
    -------
    folium.Map
        The footprint (links, facilities) and the places coloured by minutes saved.
    """
    pid = project["id"]
    own_links = links[links[project_column] == pid]
    own_nodes = nodes[nodes[project_column] == pid] if project_column in nodes else nodes.iloc[:0]
    frames = [f for f in (own_links, own_nodes) if len(f)] or [nodes]
    m = base_map(bounds_of(*frames, nodes), tiles=tiles, boundaries=boundaries)
    _footprint_layers(m, own_links, own_nodes, project, datum_of(m))
    others = nodes[nodes[project_column] != pid] if project_column in nodes else nodes
    _saved_layer(m, nodes, others, saved_column, top)
    return finish(m)


__all__ = ["FOOTPRINT_COLOUR", "project_map"]
