"""The before/after map: minutes in two scenarios, and the minutes saved, per place.

One map with three layers (before, after, minutes saved; only the last shown at
first), or a synchronised side-by-side pair: before on the left, after on the right
(with the minutes saved as a layer to switch on).
"""

from __future__ import annotations

import folium
import folium.plugins
import geopandas as gpd
import pandas as pd

from geo.maps.classes import ClassScale
from geo.maps.escape import esc
from geo.maps.layers import Bounds, base_map, bounds_of, datum_of, decorate, finish, leaflet_only
from geo.maps.markers import (
    SAVED_BREAKS,
    SAVED_COLOURS,
    UNREACHABLE_COLOUR,
    class_colormap,
    minutes_colormap,
    minutes_colour,
    minutes_tooltip,
    place_tooltip,
    places_layer,
)


def _minutes_layer(
    m: folium.Map,
    nodes: gpd.GeoDataFrame,
    column: str,
    label: str,
    colormap: ClassScale,
    *,
    show: bool,
) -> None:
    """Add the places coloured by the minutes of one scenario."""
    places_layer(
        m,
        nodes,
        f"{esc(label)}",
        datum=datum_of(m),
        colour=lambda row: minutes_colour(colormap, row[column]),
        tooltip=lambda row: minutes_tooltip(row, row[column], label),
        show=show,
    )


def _saved_colormap(saved: pd.Series) -> ClassScale:
    """Return the white-to-dark-blue scale of minutes saved (fixed :data:`SAVED_BREAKS`)."""
    del saved
    return class_colormap(
        SAVED_BREAKS, SAVED_COLOURS, "minutes saved per trip", "min", "bottomleft"
    )


def _saved_layer(
    m: folium.Map,
    nodes: gpd.GeoDataFrame,
    columns: tuple[str, str],
    saved: pd.Series,
    scale: ClassScale,
    *,
    legend: bool = True,
) -> None:
    """Add the places coloured by minutes saved (negative savings drawn as none)."""
    before_column, after_column = columns

    def colour(row: pd.Series) -> str:
        s = row["_saved"]
        return UNREACHABLE_COLOUR if pd.isna(s) else scale(float(max(s, 0.0)))

    def tip(row: pd.Series) -> str:
        s = row["_saved"]
        text = (
            "newly reachable or unreachable"
            if pd.isna(s)
            else f"{float(s):.1f} min saved ({row[before_column]:.0f} → {row[after_column]:.0f})"
        )
        return place_tooltip(row, text)

    places_layer(
        m,
        nodes.assign(_saved=saved),
        "Minutes saved",
        datum=datum_of(m),
        colour=colour,
        tooltip=tip,
        show=legend,
    )
    if legend:
        scale.add_to(m)


def _side_by_side(
    nodes: gpd.GeoDataFrame,
    columns: tuple[str, str],
    labels: tuple[str, str],
    colormap: ClassScale,
    saved: pd.Series,
    *,
    bounds: Bounds,
    tiles: str,
    boundaries: gpd.GeoDataFrame | None,
) -> folium.plugins.DualMap:
    """Return before (left) and after (right), with the minutes saved hidden on the right."""
    dual = folium.plugins.DualMap(tiles=None, control_scale=True)
    for side in (dual.m1, dual.m2):
        leaflet_only(side)
    for side, column, label in zip((dual.m1, dual.m2), columns, labels, strict=True):
        decorate(side, bounds, tiles, boundaries)
        _minutes_layer(side, nodes, column, label, colormap, show=True)
    _saved_layer(dual.m2, nodes, columns, saved, _saved_colormap(saved), legend=False)
    colormap.add_to(dual.m2)
    for side in (dual.m1, dual.m2):
        folium.LayerControl(collapsed=False).add_to(side)
    return dual


def before_after_map(
    nodes: gpd.GeoDataFrame,
    before_column: str,
    after_column: str,
    *,
    tiles: str = "none",
    boundaries: gpd.GeoDataFrame | None = None,
    view: Bounds | None = None,
    side_by_side: bool = False,
    labels: tuple[str, str] = ("before", "after"),
    caption: str = "minutes",
) -> folium.Map | folium.plugins.DualMap:
    """Return the before and after minutes of each place, and the minutes saved.

    Parameters
    ----------
    nodes : geopandas.GeoDataFrame
        Places with minutes before and after (NaN = unreachable, drawn grey).
    before_column, after_column : str
        Columns of ``nodes`` holding minutes in each scenario.
    tiles : {"none", "osm", "gaode"}, default "none"
        Background tiles.
    boundaries : geopandas.GeoDataFrame, optional
        Province and prefecture outlines.
    view : tuple of float, optional
        ``(min_lon, min_lat, max_lon, max_lat)`` the map opens on (default: everything
        drawn); external places beyond it stay on the map, a pan away.
    side_by_side : bool, default False
        False: one map with three layers (before, after, minutes saved; only the
        last shown at first). True: a synchronised pair, before on the left, after
        on the right with the minutes saved as a layer to switch on.
    labels : tuple of str, default ("before", "after")
        Names of the two scenarios (escaped here).
    caption : str, default "minutes"
        Caption of the minutes legend.

    Returns
    -------
    folium.Map or folium.plugins.DualMap
        The map, or the pair with ``side_by_side``.
    """
    columns = (before_column, after_column)
    values = pd.concat([nodes[before_column], nodes[after_column]]).astype(float)
    colormap = minutes_colormap(values, caption)
    saved = (nodes[before_column] - nodes[after_column]).astype(float)
    bounds = view or bounds_of(nodes)
    if side_by_side:
        return _side_by_side(
            nodes,
            columns,
            labels,
            colormap,
            saved,
            bounds=bounds,
            tiles=tiles,
            boundaries=boundaries,
        )
    m = base_map(bounds, tiles=tiles, boundaries=boundaries)
    _minutes_layer(m, nodes, before_column, labels[0], colormap, show=False)
    _minutes_layer(m, nodes, after_column, labels[1], colormap, show=False)
    _saved_layer(m, nodes, columns, saved, _saved_colormap(saved))
    colormap.add_to(m)
    return finish(m)


__all__ = ["before_after_map"]
