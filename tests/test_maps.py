"""Maps without a browser: GCJ-02, boundaries, inlining, escaping, atomic writes."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Point

from geo import load_dataset
from geo import maps as geomaps
from geo.chinacrs import gcj02_to_wgs84, wgs84_to_gcj02
from network import maps as netmaps
from network.cli import main
from tests.conftest import REPO, TINY, edit

XSS_NAME = '<img src=x onerror="window.__pwned=1">'
XSS_ZH = "</script><script>window.__pwned=2</script>"
XSS_PROJECT = '<svg onload="window.__pwned=3">'


def xss_dataset(folder: Path) -> Path:
    """The tiny dataset with markup and script in names (a hostile user dataset)."""
    target = folder / "xss"
    shutil.copytree(TINY, target)
    edit(
        target / "nodes.csv",
        "a,Alpha,甲,",
        f'a,"{XSS_NAME.replace(chr(34), chr(34) * 2)}",{XSS_ZH},',
    )
    edit(target / "projects.csv", "p_up,Faster Alpha–Gamma railway,", f"p_up,{XSS_PROJECT},")
    return target


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


def test_boundaries_are_wgs84_and_hold_the_places() -> None:
    ds = load_dataset()
    boundaries = geomaps.load_boundaries(ds.folder)
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


def test_isochrone_bands_by_hand() -> None:
    nodes = gpd.GeoDataFrame(
        {"name": ["o", "p"]},
        geometry=[Point(104.0, 30.0), Point(105.0, 30.0)],
        index=["o", "p"],
        crs=4326,
    )
    bands = geomaps.isochrone_bands(nodes, gpd.pd.Series({"o": 0.0, "p": 50.0}), (60, 120))
    metric = bands.to_crs(32648).set_index("band_min")
    # 60: o at 0 (30 km disc at 30 km/h) plus p at 50 (5 km disc).
    expected_60 = math.pi * (30_000**2 + 5_000**2)
    assert metric.geometry[60.0].area == pytest.approx(expected_60, rel=0.01)
    # 120: capped at 40 km around o, 35 km around p, less the 60-minute band.
    expected_120 = math.pi * (40_000**2 + 35_000**2) - expected_60
    assert metric.geometry[120.0].area == pytest.approx(expected_120, rel=0.01)


def test_self_contained_page_has_no_external_assets() -> None:
    ds = load_dataset(TINY)
    page = geomaps.render_html(netmaps.travel_time_map(ds, "a", "full"))
    summary = geomaps.page_summary(page)
    assert summary["external_scripts"] == [] and summary["external_stylesheets"] == []
    assert "cdn.jsdelivr" not in page and "cdnjs" not in page and "code.jquery" not in page
    assert "L.Control.Fullscreen" in page or "Control.FullScreen" in page
    linked = geomaps.render_html(netmaps.travel_time_map(ds, "a", "full"), inline=False)
    assert geomaps.page_summary(linked)["external_scripts"]


def test_unknown_script_is_refused() -> None:
    page = '<head><script src="https://example.org/evil.js"></script></head>'
    with pytest.raises(geomaps.MapError, match="does not ship"):
        geomaps.inline_assets(page)


def test_markup_in_data_is_escaped(tmp_path) -> None:
    ds = load_dataset(xss_dataset(tmp_path))
    for m in (
        netmaps.network_map(ds),
        netmaps.travel_time_map(ds, "b", "full"),
        netmaps.project_map(ds, "p_up"),
    ):
        page = geomaps.render_html(m)
        for raw in (XSS_NAME, XSS_ZH, XSS_PROJECT, "<img src=x", "window.__pwned=2</script>"):
            assert raw not in page


def test_save_is_atomic(tmp_path, monkeypatch) -> None:
    ds = load_dataset(TINY)
    target = tmp_path / "map.html"
    target.write_text("good map", encoding="utf-8")

    def broken(*args, **kwargs):
        raise geomaps.MapError("render failed")

    monkeypatch.setattr(geomaps, "render_html", broken)
    with pytest.raises(geomaps.MapError):
        geomaps.save_map(netmaps.network_map(ds), target)
    assert target.read_text(encoding="utf-8") == "good map"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html"]


def test_cli_map_kinds_and_bad_output(tmp_path, capsys) -> None:
    for argv in (
        [],
        ["--origin", "Alpha", "--scenario", "full"],
        ["--kind", "before-after", "--side-by-side"],
        ["--project", "p_up", "--tiles", "gaode"],
    ):
        out = tmp_path / "m.html"
        assert main(["map", "--data", str(TINY), *argv, "-o", str(out)]) == 0
        assert geomaps.page_summary(out.read_text(encoding="utf-8"))["external_scripts"] == []
    assert main(["map", "--data", str(TINY), "-o", str(tmp_path / "no" / "m.html")]) == 2
    assert main(["map", "--data", str(TINY), "--kind", "time", "-o", str(out)]) == 2
    assert "needs --origin" in capsys.readouterr().err


def test_gaode_tiles_shift_overlays() -> None:
    ds = load_dataset(TINY)
    wgs = geomaps.render_html(netmaps.travel_time_map(ds, "a", "full"))
    gcj = geomaps.render_html(netmaps.travel_time_map(ds, "a", "full", tiles="gaode"))
    lon, lat = wgs84_to_gcj02(104.0, 30.0)
    # Coordinates are written to 5 decimals (about a metre).
    assert "[104.0, 30.0]" in wgs and f"[{round(float(lon), 5)}, {round(float(lat), 5)}]" in gcj
    assert "autonavi" in gcj and "autonavi" not in wgs
    assert np.isclose(float(lon) - 104.0, 0.0025, atol=0.002)  # a few hundred metres east


def test_maps_ship_in_the_package() -> None:
    vendor = REPO / "geo" / "assets" / "vendor"
    for name in (
        "leaflet.fullscreen-3.0.0",
        "leaflet-measure-2.1.7",
        "leaflet.sync-0.2.4",
        "d3-3.5.5",
    ):
        assert (vendor / name / "LICENSE").is_file()
    for path in geomaps._asset_table().values():
        assert path.is_file(), path
