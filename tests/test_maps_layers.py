"""geo.maps.layers: tiles and datums (GCJ-02), the base map, GeoJSON layers."""

from __future__ import annotations

import math

import folium
import geopandas as gpd
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, Point

from geo import load_dataset
from geo.chinacrs import gcj02_to_wgs84, wgs84_to_gcj02
from geo.errors import InputError, MapError
from geo.maps import render_html
from geo.maps.escape import facts
from geo.maps.layers import TILES, base_map, bounds_of, datum_of, geojson_layer
from network import maps as netmaps
from network.cache import ScenarioCache
from tests.conftest import TINY


def test_gcj02_known_vector() -> None:
    # The reference pair every open implementation tests (eviltransform, coordtransform).
    lon, lat = wgs84_to_gcj02(116.404, 39.915)
    assert float(lon) == pytest.approx(116.41024449916938, abs=1e-12)
    assert float(lat) == pytest.approx(39.91640428150164, abs=1e-12)
    back = gcj02_to_wgs84(116.41024449916938, 39.91640428150164)
    assert float(back[0]) == pytest.approx(116.404, abs=1e-9)
    assert float(back[1]) == pytest.approx(39.915, abs=1e-9)
    # Outside China there is no shift.
    assert wgs84_to_gcj02(2.35, 48.85) == (2.35, 48.85)


@settings(max_examples=200, deadline=None)
@given(st.floats(73.0, 135.0), st.floats(18.0, 53.0))
def test_gcj02_round_trip(lon: float, lat: float) -> None:
    g_lon, g_lat = wgs84_to_gcj02(lon, lat)
    shift_m = math.hypot(
        (g_lon - lon) * 111_320 * math.cos(math.radians(lat)), (g_lat - lat) * 110_540
    )
    assert shift_m < 1_000  # GCJ-02 moves points by at most several hundred metres
    w_lon, w_lat = gcj02_to_wgs84(g_lon, g_lat)
    assert abs(w_lon - lon) < 1e-8 and abs(w_lat - lat) < 1e-8


def test_gaode_tiles_shift_overlays() -> None:
    ds = load_dataset(TINY)
    wgs = render_html(netmaps.travel_time_map(ScenarioCache(ds), "a", "full"))
    gcj = render_html(netmaps.travel_time_map(ScenarioCache(ds), "a", "full", tiles="gaode"))
    lon, lat = wgs84_to_gcj02(104.0, 30.0)
    # Coordinates are written to 5 decimals (about a metre).
    assert "[104.0,30.0]" in wgs and f"[{round(float(lon), 5)},{round(float(lat), 5)}]" in gcj
    assert "autonavi" in gcj and "autonavi" not in wgs
    assert np.isclose(float(lon) - 104.0, 0.0025, atol=0.002)  # a few hundred metres east


def test_unknown_tiles_is_an_input_error() -> None:
    with pytest.raises(
        InputError, match="unknown tiles 'google': use one of none, osm, gaode"
    ) as info:
        base_map((104.0, 30.0, 105.0, 31.0), tiles="google")
    assert not isinstance(info.value, MapError)  # a user mistake, not a failed analysis


def test_base_map_remembers_the_datum_of_its_tiles() -> None:
    box = (104.0, 30.0, 105.0, 31.0)
    assert [datum_of(base_map(box, tiles=name)) for name in TILES] == ["wgs84", "wgs84", "gcj02"]
    assert datum_of(folium.Map()) == "wgs84"


def test_bounds_of_is_the_wgs84_box_of_every_frame() -> None:
    a = gpd.GeoDataFrame(geometry=[Point(104.0, 30.0)], crs=4326)
    b = gpd.GeoDataFrame(geometry=[Point(106.0, 31.5)], crs=4326).to_crs(32648)
    empty = gpd.GeoDataFrame(geometry=[], crs=4326)
    assert bounds_of(a, b, empty) == pytest.approx((104.0, 30.0, 106.0, 31.5))


def test_geojson_layer_skips_empty_and_escapes_popups() -> None:
    frame = gpd.GeoDataFrame(
        {"name": ["<b>one</b>", "two"]},
        geometry=[LineString([(104.0, 30.0), (104.123456789, 30.5)]), LineString()],
        crs=4326,
    )
    layer = geojson_layer(
        frame,
        "links",
        style=lambda row: {"color": "#123456"},
        popup=lambda row: facts(row["name"], [("name", row["name"])]),
    )
    features = layer.data["features"]
    assert len(features) == 1
    assert features[0]["properties"]["v"] == ["&lt;b&gt;one&lt;/b&gt;"] * 2
    assert list(features[0]["geometry"]["coordinates"][1]) == [104.12346, 30.5]  # 5 decimals
    assert layer.style_function(features[0]) == {"color": "#123456"}
