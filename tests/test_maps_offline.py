"""geo.maps.offline: every asset inlined, so a map opens with no network."""

from __future__ import annotations

import pytest

from geo import load_dataset
from geo.errors import MapError
from geo.maps import offline
from geo.maps.offline import ASSETS, inline_assets, page_summary, render_html
from network import maps as netmaps
from network.cache import ScenarioCache
from tests.conftest import REPO, TINY


def test_self_contained_page_has_no_external_assets() -> None:
    ds = load_dataset(TINY)
    page = render_html(netmaps.travel_time_map(ScenarioCache(ds), "a", "full"))
    summary = page_summary(page)
    assert summary["external_scripts"] == [] and summary["external_stylesheets"] == []
    assert "cdn.jsdelivr" not in page and "cdnjs" not in page and "code.jquery" not in page
    assert "L.Control.Fullscreen" in page or "Control.FullScreen" in page
    linked = render_html(netmaps.travel_time_map(ScenarioCache(ds), "a", "full"), inline=False)
    assert page_summary(linked)["external_scripts"]


def test_unknown_script_is_refused() -> None:
    page = '<head><script src="https://example.org/evil.js"></script></head>'
    with pytest.raises(MapError, match="does not ship"):
        inline_assets(page)


def test_unknown_stylesheet_is_refused() -> None:
    page = '<head><link rel="stylesheet" href="https://example.org/evil.css"/></head>'
    with pytest.raises(MapError, match="does not ship"):
        inline_assets(page)


def test_maps_ship_in_the_package() -> None:
    vendor = REPO / "geo" / "assets" / "vendor"
    assert vendor == ASSETS
    for name in (
        "leaflet.fullscreen-3.0.0",
        "leaflet-measure-2.1.7",
        "leaflet.sync-0.2.4",
        "d3-3.5.5",
    ):
        assert (vendor / name / "LICENSE").is_file()
    for path in offline._asset_table().values():
        assert path.is_file(), path


def test_the_same_map_gives_the_same_bytes(tmp_path) -> None:
    """Folium's random element ids are numbered in order, so two runs write one file."""
    import hashlib
    import re

    from geo import load_dataset
    from geo import maps as geomaps
    from network import maps as netmaps
    from network.cache import ScenarioCache
    from tests.conftest import TINY

    digests, pages = [], []
    for k in range(2):
        ds = load_dataset(TINY)  # built afresh each time: new random ids inside Folium
        path = geomaps.save_map(netmaps.before_after_map(ScenarioCache(ds)), tmp_path / f"{k}.html")
        digests.append(hashlib.sha256(path.read_bytes()).hexdigest())
        pages.append(path.read_text(encoding="utf-8"))
    assert digests[0] == digests[1]
    ids = re.findall(r"\bmap_([0-9a-f]{32})\b", pages[0])
    assert ids and ids[0] == f"{1:032x}"
