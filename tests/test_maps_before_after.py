"""geo.maps.before_after: minutes in two scenarios and the minutes saved."""

from __future__ import annotations

import math

import folium
import folium.plugins
import geopandas as gpd
from shapely.geometry import Point

from geo.maps.before_after import before_after_map


def places() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"name": ["o", "p", "q"], "before": [0.0, 80.0, math.nan], "after": [0.0, 50.0, 70.0]},
        geometry=[Point(104.0, 30.0), Point(105.0, 30.0), Point(106.0, 30.0)],
        crs=4326,
    )


def layers(m: folium.Map) -> dict[str, folium.GeoJson]:
    return {c.layer_name: c for c in m._children.values() if isinstance(c, folium.GeoJson)}


def test_one_map_shows_the_minutes_saved_first() -> None:
    m = before_after_map(places(), "before", "after", labels=("<b>", "a"))
    drawn = layers(m)
    assert list(drawn) == ["&lt;b&gt; (3)", "a (3)", "Minutes saved (3)"]
    assert [layer.show for layer in drawn.values()] == [False, False, True]
    tips = [f["properties"]["t"] for f in drawn["Minutes saved (3)"].data["features"]]
    assert tips == [
        "o<br>0.0 min saved (0 → 0)",
        "p<br>30.0 min saved (80 → 50)",
        "q<br>newly reachable or unreachable",
    ]
    before = [f["properties"]["t"] for f in drawn["&lt;b&gt; (3)"].data["features"]]
    assert before[2] == "q<br>&lt;b&gt;: unreachable"


def test_side_by_side_pairs_before_and_after() -> None:
    dual = before_after_map(places(), "before", "after", side_by_side=True)
    assert isinstance(dual, folium.plugins.DualMap)
    assert list(layers(dual.m1)) == ["before (3)"]
    assert list(layers(dual.m2)) == ["after (3)", "Minutes saved (3)"]
    assert not layers(dual.m2)["Minutes saved (3)"].show
