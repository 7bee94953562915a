"""geo.maps.io: maps written atomically, boundaries read in WGS84."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import Point

from geo import load_dataset
from geo.errors import InputError, MapError, OutputError
from geo.maps import io as maps_io
from geo.maps.io import load_boundaries, save_map
from network import maps as netmaps
from network.cache import ScenarioCache
from tests.conftest import TINY


def test_boundaries_are_wgs84_and_hold_the_places() -> None:
    ds = load_dataset()
    boundaries = load_boundaries(ds.folder)
    assert boundaries.crs.to_epsg() == 4326
    assert boundaries["level"].value_counts().to_dict() == {
        "district": 38,
        "prefecture": 21,
        "province": 2,
    }
    provinces = boundaries[boundaries["level"] == "province"].union_all()
    metric = gpd.GeoSeries([provinces], crs=4326).to_crs(ds.metric_crs).iloc[0]
    inside = ds.nodes[ds.nodes["province"].isin(["Sichuan", "Chongqing"])].to_crs(ds.metric_crs)
    far = [n for n, p in inside.geometry.items() if metric.distance(p) > 2_000]
    assert far == []
    chengdu = boundaries.set_index("adcode").geometry["510100"]
    assert chengdu.contains(Point(ds.nodes.at["chengdu", "lon"], ds.nodes.at["chengdu", "lat"]))


def test_boundaries_are_optional_and_must_be_wgs84(tmp_path) -> None:
    assert load_boundaries(tmp_path) is None
    outline = gpd.GeoDataFrame({"level": ["province"]}, geometry=[Point(104, 30)], crs=4326)
    outline.to_crs(32648).to_file(tmp_path / "boundaries.geojson", driver="GeoJSON")
    with pytest.raises(InputError, match="not WGS84"):
        load_boundaries(tmp_path)


def test_save_is_atomic(tmp_path, monkeypatch) -> None:
    ds = load_dataset(TINY)
    target = tmp_path / "map.html"
    target.write_text("good map", encoding="utf-8")

    def broken(*args, **kwargs):
        raise MapError("render failed")

    monkeypatch.setattr(maps_io, "render_html", broken)
    with pytest.raises(MapError):
        save_map(netmaps.network_map(ScenarioCache(ds)), target)
    assert target.read_text(encoding="utf-8") == "good map"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html"]


def test_save_needs_an_existing_folder(tmp_path) -> None:
    ds = load_dataset(TINY)
    with pytest.raises(OutputError):
        save_map(netmaps.network_map(ScenarioCache(ds)), tmp_path / "no" / "map.html")
