"""network.isochrones: band polygons, drawn in the dataset's metric CRS."""

from __future__ import annotations

import math

import geopandas as gpd
import pandas as pd
import pytest
from pyproj import CRS
from shapely.geometry import Point

from geo import load_dataset
from network import isochrones as iso
from network import maps as netmaps
from network.cache import ScenarioCache
from network.isochrones import DEFAULT_BANDS, isochrone_bands, isochrones
from tests.conftest import write_dataset


def test_isochrone_bands_by_hand() -> None:
    nodes = gpd.GeoDataFrame(
        {"name": ["o", "p"]},
        geometry=[Point(104.0, 30.0), Point(105.0, 30.0)],
        index=["o", "p"],
        crs=4326,
    )
    bands = isochrone_bands(nodes, pd.Series({"o": 0.0, "p": 50.0}), (60, 120), metric_crs=32648)
    metric = bands.to_crs(32648).set_index("band_min")
    # 60: o at 0 (30 km disc at 30 km/h) plus p at 50 (5 km disc).
    expected_60 = math.pi * (30_000**2 + 5_000**2)
    assert metric.geometry[60.0].area == pytest.approx(expected_60, rel=0.01)
    # 120: capped at 40 km around o, 35 km around p, less the 60-minute band.
    expected_120 = math.pi * (40_000**2 + 35_000**2) - expected_60
    assert metric.geometry[120.0].area == pytest.approx(expected_120, rel=0.01)


def test_bands_are_rings_in_wgs84_without_unreachable_places() -> None:
    nodes = gpd.GeoDataFrame(
        geometry=[Point(104.0, 30.0), Point(106.0, 30.0)], index=["o", "far"], crs=4326
    )
    minutes = pd.Series({"o": 0.0, "far": math.nan, "absent": 10.0})
    bands = isochrone_bands(nodes, minutes, (120, 60), metric_crs=32648)
    assert bands.crs.to_epsg() == 4326
    assert list(bands["band_min"]) == [60.0, 120.0]  # nearest first, whatever the order given
    assert not bands.geometry[0].intersects(bands.geometry[1].buffer(-1e-9))
    assert bands.union_all().distance(Point(106.0, 30.0)) > 1.0  # NaN: no disc
    assert DEFAULT_BANDS == (60.0, 120.0, 180.0)


def test_the_metric_crs_is_required() -> None:
    nodes = gpd.GeoDataFrame(geometry=[Point(104.0, 30.0)], index=["o"], crs=4326)
    with pytest.raises(TypeError, match="metric_crs"):
        isochrone_bands(nodes, pd.Series({"o": 0.0}), (60,))  # type: ignore[call-arg]


@pytest.fixture
def zone_50(tmp_path):
    """Two places near Nanjing (116.5–117 E): UTM zone 50, not Chengdu's zone 48."""
    nodes = [("o", 116.5, 30.0), ("p", 117.0, 30.0)]
    links = [{"id": "l1", "mode": "road", "stops": "o;p", "speed_kmh": 60}]
    return load_dataset(write_dataset(tmp_path, nodes, links))


def test_bands_use_the_metric_crs_of_the_dataset(zone_50) -> None:
    assert zone_50.metric_crs == CRS.from_epsg(32650)
    bands = isochrones(zone_50, zone_50.nodes, pd.Series({"o": 0.0}), (60,))
    (disc,) = bands.geometry
    # A 30 km disc (60 minutes at 30 km/h), a circle in its own zone: π r², less the
    # 0.07 % a 96-sided polygon misses.
    circle = math.pi * 30_000**2
    area_50 = gpd.GeoSeries([disc], crs=4326).to_crs(32650).iloc[0].area
    assert area_50 == pytest.approx(circle * 0.99929, rel=2e-4)
    # Chengdu's zone 48 (central meridian 105° E, 11.5° west) stretches it by the
    # transverse Mercator scale k ≈ 1 + (Δλ cos φ)² / 2, so its area by k² ≈ 3 %: had the
    # bands been built there, their area here would be off by as much.
    stretch = (math.radians(116.5 - 105.0) * math.cos(math.radians(30.0))) ** 2
    area_48 = gpd.GeoSeries([disc], crs=4326).to_crs(32648).iloc[0].area
    assert area_48 / area_50 == pytest.approx(1.0 + stretch, abs=1e-3)


def test_travel_time_map_draws_bands_in_the_dataset_crs(zone_50, monkeypatch) -> None:
    used = []
    real = iso.isochrone_bands

    def spy(*args, **kwargs):
        used.append(kwargs["metric_crs"])
        return real(*args, **kwargs)

    monkeypatch.setattr(iso, "isochrone_bands", spy)
    netmaps.travel_time_map(ScenarioCache(zone_50), "o")
    assert used == [CRS.from_epsg(32650)]
