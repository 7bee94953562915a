"""geo.maps.markers: place circles sized by population, the colour scale of minutes."""

from __future__ import annotations

import math

import folium
import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from geo.maps.classes import ClassScale
from geo.maps.markers import (
    MINUTE_BREAKS,
    UNREACHABLE_COLOUR,
    minutes_colormap,
    minutes_colour,
    minutes_tooltip,
    place_tooltip,
    places_layer,
    radius_px,
)


def test_radius_grows_with_the_square_root_of_population() -> None:
    assert radius_px(None) == radius_px(math.nan) == radius_px(0) == 3.0
    assert radius_px(1_000_000) == pytest.approx(4.0)  # √1e6 / 250
    assert radius_px(100_000_000) == 18.0  # capped
    assert radius_px(10_000) == 3.0  # √1e4 / 250 = 0.4, raised to the smallest


def test_minutes_scale_has_fixed_labelled_classes() -> None:
    # The same classes whatever the values, so that before and after maps read alike.
    scale = minutes_colormap(pd.Series([5.0, 95.0, math.nan]), "m")
    other = minutes_colormap(pd.Series([500.0]), "m")
    assert list(scale.breaks) == list(other.breaks) == list(MINUTE_BREAKS)
    assert scale.labels("min")[:2] == ["0–30 min", "30–60 min"]
    assert scale.labels("min")[-1] == "720+ min"
    assert [scale.index(v) for v in (-1.0, 0.0, 29.9, 30.0, 719.0, 720.0, 5000.0)] == [
        0, 0, 0, 1, 8, 9, 9,
    ]  # fmt: skip
    assert minutes_colour(scale, math.nan) == UNREACHABLE_COLOUR
    assert minutes_colour(scale, 0.0) == scale(0.0) == "#1a9850"


def test_class_legend_is_escaped_and_placed_clear_of_the_controls() -> None:
    scale = ClassScale((0, 1_000_000), ("#fff", "#000"), "<b>residents</b>", corner="bottomleft")
    assert scale.labels() == ["0–1 M", "1 M+"]
    m = folium.Map()
    scale.add_to(m)
    page = m.get_root().render()
    assert "&lt;b&gt;residents&lt;/b&gt;" in page and "<b>residents</b>" not in page
    assert "bottom:60px;left:10px" in page
    with pytest.raises(ValueError, match="one colour per class"):
        ClassScale((0, 1), ("#fff",), "x")


def test_tooltips_escape_names_and_say_unreachable() -> None:
    row = pd.Series({"name": "<Alpha>", "name_zh": "甲"})
    assert place_tooltip(row) == "&lt;Alpha&gt; 甲"
    assert place_tooltip(row, "12 min") == "&lt;Alpha&gt; 甲<br>12 min"
    assert minutes_tooltip(row, 12.4) == "&lt;Alpha&gt; 甲<br>12 min"
    assert (
        minutes_tooltip(row, math.nan, "<after>")
        == "&lt;Alpha&gt; 甲<br>&lt;after&gt;: unreachable"
    )


def test_places_layer_counts_and_sizes_places() -> None:
    nodes = gpd.GeoDataFrame(
        {"name": ["a", "b"], "population": [1_000_000, None]},
        geometry=[Point(104.0, 30.0), Point(105.0, 30.0)],
        crs=4326,
    )
    m = folium.Map()
    places_layer(m, nodes, "Places", datum="wgs84")
    (layer,) = [c for c in m._children.values() if isinstance(c, folium.GeoJson)]
    assert layer.layer_name == "Places (2)"
    radii = [layer.style_function(f)["radius"] for f in layer.data["features"]]
    assert radii == pytest.approx([4.0, 3.0])
