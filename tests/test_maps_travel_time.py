"""geo.maps.travel_time: places coloured by minutes, and the bands it is given."""

from __future__ import annotations

import math

import folium
import geopandas as gpd
from shapely.geometry import Point

from geo.maps.markers import UNREACHABLE_COLOUR
from geo.maps.travel_time import BAND_SHADES, travel_time_map


def places() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"name": ["o", "p", "q"], "minutes": [0.0, 50.0, math.nan]},
        geometry=[Point(104.0, 30.0), Point(105.0, 30.0), Point(106.0, 30.0)],
        crs=4326,
    )


def layers(m: folium.Map) -> dict[str, folium.GeoJson]:
    return {c.layer_name: c for c in m._children.values() if isinstance(c, folium.GeoJson)}


def test_draws_the_bands_it_is_given_in_order() -> None:
    bands = gpd.GeoDataFrame(
        {"band_min": [60.0, 120.0]},
        geometry=[Point(104.0, 30.0).buffer(0.2), Point(104.0, 30.0).buffer(0.4)],
        crs=4326,
    )
    drawn = layers(travel_time_map(places(), "minutes", "<o>", bands=bands))
    assert list(drawn) == ["Within 60 min", "Within 120 min", "Minutes from &lt;o&gt; (3)"]
    for layer, shade in zip(list(drawn.values())[:2], BAND_SHADES, strict=False):
        (feature,) = layer.data["features"]
        assert layer.style_function(feature)["fillColor"] == shade
        assert feature["properties"]["t"].endswith("minutes of &lt;o&gt;")


def test_without_bands_only_places_are_drawn_unreachable_grey() -> None:
    drawn = layers(travel_time_map(places(), "minutes", "o"))
    (layer,) = drawn.values()
    fills = [layer.style_function(f)["fillColor"] for f in layer.data["features"]]
    assert fills[2] == UNREACHABLE_COLOUR and fills[0] != fills[1]
    assert [f["properties"]["t"] for f in layer.data["features"]] == [
        "o<br>0 min",
        "p<br>50 min",
        "q<br>unreachable",
    ]
