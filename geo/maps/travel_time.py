"""The travel-time map: places coloured by minutes from an origin, and isochrone bands.

The bands are drawn as given: computing them is an analysis, done by the engine
(:mod:`network.isochrones`) in the dataset's metric CRS.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import folium
import geopandas as gpd
import pandas as pd

from geo.maps.escape import esc
from geo.maps.layers import Bounds, base_map, bounds_of, datum_of, finish, geojson_layer
from geo.maps.markers import minutes_colormap, minutes_colour, minutes_tooltip, places_layer

BAND_SHADES: tuple[str, ...] = ("#31a354", "#a1d99b", "#fdae6b", "#e6550d", "#a63603")
"""Fill of the bands, nearest first (repeated beyond five bands)."""


def _band_style(shade: str) -> Callable[[pd.Series], dict[str, Any]]:
    """Return the style of one band: a thin outline and a light fill of ``shade``."""
    style = {"color": shade, "weight": 1, "fillColor": shade, "fillOpacity": 0.25}
    return lambda row: dict(style)


def _band_layers(
    m: folium.Map, bands: gpd.GeoDataFrame, band_column: str, origin: str, datum: str
) -> None:
    """Add one layer per band polygon, in the order of ``bands``."""
    for i, (_, band) in enumerate(bands.iterrows()):
        shade = BAND_SHADES[i % len(BAND_SHADES)]
        geojson_layer(
            bands.iloc[[i]],
            f"Within {band[band_column]:g} min",
            style=_band_style(shade),
            tooltip=lambda row: f"within {row[band_column]:g} minutes of {esc(origin)}",
            datum=datum,
        ).add_to(m)


def travel_time_map(
    nodes: gpd.GeoDataFrame,
    minutes_column: str,
    origin: str,
    *,
    bands: gpd.GeoDataFrame | None = None,
    band_column: str = "band_min",
    tiles: str = "none",
    boundaries: gpd.GeoDataFrame | None = None,
    view: Bounds | None = None,
    caption: str = "minutes",
) -> folium.Map:
    """Return places coloured by minutes from ``origin``, with a legend and isochrone bands.

    Parameters
    ----------
    nodes : geopandas.GeoDataFrame
        Places, with the minutes from the origin in ``minutes_column``
        (NaN = unreachable, drawn grey).
    minutes_column : str
        Column of ``nodes`` holding minutes.
    origin : str
        The origin's name, shown in layer names and tooltips (escaped here).
    bands : geopandas.GeoDataFrame, optional
        Isochrone band polygons, one row per band, nearest first, in any CRS (as
        :func:`network.isochrones.isochrone_bands` returns them); none drawn when
        omitted.
    band_column : str, default "band_min"
        Column of ``bands`` holding each band's upper limit, minutes.
    tiles : {"none", "osm", "gaode"}, default "none"
        Background tiles.
    boundaries : geopandas.GeoDataFrame, optional
        Province and prefecture outlines.
    view : tuple of float, optional
        ``(min_lon, min_lat, max_lon, max_lat)`` the map opens on (default: everything
        drawn); external places beyond it stay on the map, a pan away.
    caption : str, default "minutes"
        Legend caption (drawn as text, never parsed).

    Returns
    -------
    folium.Map
        One layer per band, the places layer and the minutes legend.
    """
    m = base_map(view or bounds_of(nodes), tiles=tiles, boundaries=boundaries)
    datum = datum_of(m)
    colormap = minutes_colormap(nodes[minutes_column].astype(float), caption)
    if bands is not None:
        _band_layers(m, bands, band_column, origin, datum)
    places_layer(
        m,
        nodes,
        f"Minutes from {esc(origin)}",
        datum=datum,
        colour=lambda row: minutes_colour(colormap, row[minutes_column]),
        tooltip=lambda row: minutes_tooltip(row, row[minutes_column]),
    )
    colormap.caption = caption  # drawn with d3's .text(): shown as text, never parsed
    colormap.add_to(m)
    return finish(m)


__all__ = ["BAND_SHADES", "travel_time_map"]
