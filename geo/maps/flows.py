"""The freight flow map: links drawn as wide as the tonnes they carry, before and after."""

from __future__ import annotations

import math

import folium
import geopandas as gpd
import pandas as pd

from geo.maps.classes import ClassScale
from geo.maps.escape import Facts, esc, facts
from geo.maps.layers import Bounds, base_map, bounds_of, datum_of, finish, geojson_layer

#: Colour of each freight layer.
LAYER_COLOURS = {"truck": "#7f7f7f", "rail": "#8c510a", "water": "#2171b5"}
#: Width in pixels of the busiest link.
WIDEST_PX = 16.0


def width_px(tonnes: float, most: float) -> float:
    """Return a link's width in pixels: 1–16 by the square root of its share of the busiest.

    Parameters
    ----------
    tonnes : float
        Tonnes a year on the link.
    most : float
        Tonnes a year on the busiest link of the map (both scenarios).

    Returns
    -------
    float
        Width grows with the square root of the tonnes, so that small flows stay
        visible: a link carrying a quarter of the busiest is half as wide.
    """
    if not most or not tonnes or tonnes != tonnes or tonnes <= 0:
        return 0.0
    return 1.0 + (WIDEST_PX - 1.0) * math.sqrt(tonnes / most)


def flow_map(
    links: gpd.GeoDataFrame,
    columns: tuple[str, str] = ("tonnes_before", "tonnes_after"),
    labels: tuple[str, str] = ("before", "after"),
    *,
    tiles: str = "none",
    boundaries: gpd.GeoDataFrame | None = None,
    view: Bounds | None = None,
) -> folium.Map:
    """Return freight links drawn as wide as their tonnes, one layer per scenario.

    Parameters
    ----------
    links : geopandas.GeoDataFrame
        Links with ``name``, ``layer`` (truck, rail, water) and the two tonnage columns.
    columns : tuple of str
        Tonnes a year before and after.
    labels : tuple of str
        Names of the two scenarios (escaped here); the "after" layer shows first.
    tiles : {"none", "osm", "gaode"}, default "none"
    boundaries : geopandas.GeoDataFrame, optional
    view : tuple of float, optional
        ``(min_lon, min_lat, max_lon, max_lat)`` the map opens on (default: everything
        drawn); external places beyond it stay on the map, a pan away.

    Returns
    -------
    folium.Map
    """
    most = float(pd.concat([links[c] for c in columns]).max() or 0.0)
    m = base_map(view or bounds_of(links), tiles=tiles, boundaries=boundaries)
    for column, label, show in ((columns[0], labels[0], False), (columns[1], labels[1], True)):
        _tonnes_layer(m, links[links[column].fillna(0) > 0], column, label, most, show)
    legend = ClassScale(
        (0, 1, 2),
        tuple(LAYER_COLOURS.values()),
        f"freight a year (widest: {most / 1e6:,.0f} million t)",
        labels=[f"{layer} (width ∝ √tonnes)" for layer in LAYER_COLOURS],
    )
    legend.add_to(m)
    return finish(m)


def _tonnes_layer(
    m: folium.Map, links: gpd.GeoDataFrame, column: str, label: str, most: float, show: bool
) -> None:
    """Add one scenario's links, each as wide as its tonnes."""

    def style(row: pd.Series) -> dict[str, object]:
        colour = LAYER_COLOURS.get(row["layer"], "#444444")
        return {"color": colour, "weight": width_px(float(row[column]), most), "opacity": 0.8}

    def tooltip(row: pd.Series) -> str:
        return f"{esc(row['name'])}<br>{float(row[column]) / 1e6:,.1f} million t a year"

    def popup(row: pd.Series) -> Facts:
        return facts(
            row["name"],
            [("mode", row["layer"]), ("million t a year", f"{row[column] / 1e6:,.2f}")],
        )

    geojson_layer(
        links,
        f"Tonnes, {esc(label)} ({len(links)} links)",
        style=style,
        tooltip=tooltip,
        popup=popup,
        datum=datum_of(m),
        show=show,
    ).add_to(m)


__all__ = ["LAYER_COLOURS", "flow_map", "width_px"]
