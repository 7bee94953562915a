"""Places drawn as circles sized by population, and the colour scale of minutes.

Shared by the map kinds: every kind shows the places of a scenario, coloured by
what that kind measures (minutes from an origin, minutes saved, nothing).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import branca.colormap as cm
import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from geo.maps.escape import esc, facts
from geo.maps.layers import geojson_layer

UNREACHABLE_COLOUR = "#bbbbbb"
"""Fill of a place with no travel time (unreachable, or not in the scenario)."""


def radius_px(population: Any, *, smallest: float = 3.0) -> float:
    """Return a place's circle radius in pixels: √population / 250, from 3 to 18.

    Parameters
    ----------
    population : float or None
        Persons; None, NaN or not positive give ``smallest``.
    smallest : float, default 3.0
        Smallest radius, pixels.
    """
    if population is None or pd.isna(population) or float(population) <= 0:
        return smallest
    return float(max(smallest, min(18.0, math.sqrt(float(population)) / 250.0)))


def place_tooltip(row: pd.Series, extra: str = "") -> str:
    """Return a place's tooltip: its escaped names, then ``extra`` (HTML) on a new line.

    Parameters
    ----------
    row : pandas.Series
        The place, with ``name`` and ``name_zh``.
    extra : str, optional
        HTML, inserted as it is (escape it first).
    """
    name = esc(row.get("name"))
    zh = esc(row.get("name_zh"))
    label = f"{name} {zh}".strip()
    return f"{label}{'<br>' + extra if extra else ''}"


def minutes_tooltip(row: pd.Series, minutes: Any, label: str | None = None) -> str:
    """Return a place's tooltip with its minutes (``unreachable`` for NaN), after ``label``.

    Parameters
    ----------
    row : pandas.Series
        The place, with ``name`` and ``name_zh``.
    minutes : float
        Minutes, shown rounded to whole minutes; NaN or None = unreachable.
    label : str, optional
        Text before the minutes (escaped).
    """
    shown = "unreachable" if pd.isna(minutes) else f"{float(minutes):.0f} min"
    return place_tooltip(row, shown if label is None else f"{esc(label)}: {shown}")


def places_layer(
    m: folium.Map,
    nodes: gpd.GeoDataFrame,
    name: str,
    *,
    population_column: str = "population",
    datum: str,
    colour: Callable[[pd.Series], str] | None = None,
    tooltip: Callable[[pd.Series], str] | None = None,
    show: bool = True,
) -> None:
    """Add ``nodes`` to ``m`` as one layer of circles sized by population.

    Parameters
    ----------
    m : folium.Map
        The map to draw on.
    nodes : geopandas.GeoDataFrame
        Places: ``name``, ``name_zh``, ``kind``, ``province``, ``source`` and the
        population column (residents) feed the tooltip and popup.
    name : str
        Layer name (HTML: escape data in it); the count of places is appended.
    population_column : str, default "population"
        Residents, which set the radius (:func:`radius_px`).
    datum : {"wgs84", "gcj02"}
        The datum of the map's tiles.
    colour : callable, optional
        Row → fill colour (default white).
    tooltip : callable, optional
        Row → tooltip HTML, escaped by the caller (default :func:`place_tooltip`).
    show : bool, default True
        Whether the layer is on when the page opens.
    """
    geojson_layer(
        nodes,
        f"{name} ({len(nodes)})",
        style=lambda row: {
            "radius": radius_px(row.get(population_column)),
            "color": "#222222",
            "weight": 1,
            "fill": True,
            "fillColor": colour(row) if colour else "#ffffff",
            "fillOpacity": 0.9,
        },
        tooltip=tooltip or (lambda row: place_tooltip(row)),
        popup=lambda row: facts(
            row.get("name"),
            [
                ("Chinese name", row.get("name_zh")),
                ("kind", row.get("kind")),
                ("province", row.get("province")),
                ("population", row.get(population_column)),
                ("source", row.get("source")),
            ],
        ),
        datum=datum,
        show=show,
    ).add_to(m)


def minutes_colormap(values: pd.Series, caption: str) -> cm.LinearColormap:
    """Return the green-to-dark-red scale of minutes.

    Parameters
    ----------
    values : pandas.Series
        Minutes (NaN and infinities ignored).
    caption : str
        Legend caption (drawn as text, never parsed).

    Returns
    -------
    branca.colormap.LinearColormap
        From 0 to the largest finite value rounded up to 30 minutes (at least 60).
    """
    finite = values[np.isfinite(values.astype(float))]
    top = float(finite.max()) if len(finite) else 60.0
    top = max(60.0, math.ceil(top / 30.0) * 30.0)
    return cm.LinearColormap(
        ["#1a9850", "#fee08b", "#d73027", "#67001f"],
        vmin=0.0,
        vmax=top,
        caption=caption,
    )


def minutes_colour(colormap: cm.LinearColormap, minutes: Any) -> str:
    """Return the colour of ``minutes`` on ``colormap`` (grey when NaN).

    Parameters
    ----------
    colormap : branca.colormap.LinearColormap
        E.g. from :func:`minutes_colormap`.
    minutes : float
        Minutes; NaN or None give :data:`UNREACHABLE_COLOUR`.
    """
    return UNREACHABLE_COLOUR if pd.isna(minutes) else colormap(float(minutes))


__all__ = [
    "UNREACHABLE_COLOUR",
    "minutes_colormap",
    "minutes_colour",
    "minutes_tooltip",
    "place_tooltip",
    "places_layer",
    "radius_px",
]
