"""Every map kind in headless Chromium, from a file, with the network blocked.

Checks that Leaflet loaded, the expected number of features drew, the console has
no errors, nothing from the data executed, and the screenshot is not blank. Without
Chromium and chromedriver these tests skip, unless CORRIDOR_BROWSER_TESTS=required
(as .ci/run sets it), which turns the skip into a failure.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from geo import load_dataset
from geo import maps as geomaps
from network import maps as netmaps
from network.cache import ScenarioCache
from network.isochrones import isochrone_bands
from network.scenario import active_network, resolve_scenario
from tests.conftest import TINY
from tests.test_maps_escape import XSS_NAME, xss_dataset

SHOTS = Path(os.environ.get("CORRIDOR_SCREENSHOTS", tempfile.gettempdir())) / "corridor-shots"


def _binaries() -> tuple[str | None, str | None]:
    browser = next(
        (
            shutil.which(n)
            for n in ("chromium", "chromium-browser", "google-chrome")
            if shutil.which(n)
        ),
        None,
    )
    return browser, shutil.which("chromedriver")


@pytest.fixture(scope="module")
def browser():
    binary, driver_path = _binaries()
    if binary is None or driver_path is None:
        reason = (
            "Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)"
        )
        if os.environ.get("CORRIDOR_BROWSER_TESTS") == "required":
            pytest.fail(reason + "; CORRIDOR_BROWSER_TESTS=required")
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        f"--user-data-dir={tempfile.mkdtemp(prefix='corridor-chromium-')}",
        "--host-resolver-rules=MAP * ~NOTFOUND",  # no network at all
        "--window-size=1200,900",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    yield driver
    driver.quit()


def open_map(driver, m, tmp_path: Path, name: str) -> dict:
    path = geomaps.save_map(m, tmp_path / f"{name}.html")
    driver.get_log("browser")  # clear
    driver.get(path.as_uri())
    deadline = time.time() + 10
    while time.time() < deadline:
        if driver.execute_script("return document.readyState") == "complete":
            break
        time.sleep(0.1)
    time.sleep(0.5)
    SHOTS.mkdir(parents=True, exist_ok=True)
    png = driver.get_screenshot_as_png()
    (SHOTS / f"{name}.png").write_bytes(png)
    return {
        "leaflet": driver.execute_script("return typeof L !== 'undefined' && !!L.version"),
        "paths": driver.execute_script(
            "return document.querySelectorAll('.leaflet-overlay-pane path').length"
        ),
        "errors": [e for e in driver.get_log("browser") if e["level"] == "SEVERE"],
        "png": png,
    }


def not_blank(png: bytes) -> bool:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB").resize((120, 90))
    colours = image.getcolors(maxcolors=120 * 90)
    return colours is not None and len(colours) > 20


@pytest.fixture(scope="module")
def tiny():
    return load_dataset(TINY)


def test_network_map(browser, tiny, tmp_path) -> None:
    page = open_map(browser, netmaps.network_map(ScenarioCache(tiny)), tmp_path, "network")
    # full: r1, e1, w1 (baseline) + e2, e3 (projects) = 5 links; a, b, c, d, c_port.
    assert page["leaflet"] and page["errors"] == []
    assert page["paths"] == 5 + 5
    assert not_blank(page["png"])


def test_travel_time_map(browser, tiny, tmp_path) -> None:
    m = netmaps.travel_time_map(ScenarioCache(tiny), "a", "full")
    page = open_map(browser, m, tmp_path, "travel_time")
    matrix = ScenarioCache(tiny).matrix("full")
    places = tiny.nodes[tiny.nodes["kind"] != "port"]
    minutes = matrix.loc["a", list(places.index)]
    bands = isochrone_bands(places, minutes, metric_crs=tiny.metric_crs)
    assert page["leaflet"] and page["errors"] == []
    assert page["paths"] == len(places) + len(bands)
    legend = browser.execute_script("return document.querySelectorAll('.class-legend').length")
    assert legend >= 1
    assert not_blank(page["png"])


def test_before_after_maps(browser, tiny, tmp_path) -> None:
    page = open_map(
        browser, netmaps.before_after_map(ScenarioCache(tiny), origin="a"), tmp_path, "before_after"
    )
    # Only the "minutes saved" layer shows at first: one marker per place.
    assert page["leaflet"] and page["errors"] == [] and page["paths"] == 4
    dual = open_map(
        browser,
        netmaps.before_after_map(ScenarioCache(tiny), side_by_side=True),
        tmp_path,
        "side_by_side",
    )
    # Left: before (4 places); right: after (4; the minutes saved start hidden).
    assert dual["errors"] == [] and dual["paths"] == 8
    assert not_blank(dual["png"])


def test_project_map(browser, tiny, tmp_path) -> None:
    page = open_map(
        browser, netmaps.project_map(ScenarioCache(tiny), "p_port"), tmp_path, "project"
    )
    # The port road, the port itself, and the four places.
    assert page["leaflet"] and page["errors"] == [] and page["paths"] == 1 + 1 + 4
    assert not_blank(page["png"])


def test_embedded_network_map(browser, tmp_path) -> None:
    ds = load_dataset()
    page = open_map(browser, netmaps.network_map(ScenarioCache(ds)), tmp_path, "embedded_network")
    boundaries = geomaps.load_boundaries(ds.folder)
    links, nodes = active_network(ds, resolve_scenario(ds, "full"))
    assert page["errors"] == []
    # Services run over the track (not drawn twice); generated roads start hidden.
    track = links[~links["service"] & ~links["source"].str.startswith("generated")]
    # Zones are polygons beneath the network; the other nodes are circles.
    points = nodes[nodes["kind"] != "zone"]
    assert page["paths"] == len(track) + len(points) + len(ds.zones) + len(boundaries)
    assert not_blank(page["png"])


def test_zone_choropleths(browser, tmp_path) -> None:
    ds = load_dataset()
    cache = ScenarioCache(ds)
    boundaries = geomaps.load_boundaries(ds.folder)
    outside = [p for p in ds.trip_ends if p not in ds.zones.index]
    page = open_map(browser, netmaps.before_after_map(cache), tmp_path, "zones_before_after")
    # Minutes saved: one polygon per zone, one circle per place outside the zones.
    assert page["leaflet"] and page["errors"] == []
    assert page["paths"] == len(ds.zones) + len(outside) + len(boundaries)
    legends = browser.execute_script(
        "return Array.from(document.querySelectorAll('.class-legend')).map(e => e.innerText)"
    )
    assert len(legends) == 2 and any("720+ min" in text for text in legends)
    assert any("0–1 min" in text and "120+ min" in text for text in legends)
    assert not_blank(page["png"])
    size = (tmp_path / "zones_before_after.html").stat().st_size
    assert size < 5_000_000


def test_nothing_from_the_data_executes(browser, tmp_path) -> None:
    ds = load_dataset(xss_dataset(tmp_path))
    for name, m in (
        ("xss_network", netmaps.network_map(ScenarioCache(ds))),
        ("xss_time", netmaps.travel_time_map(ScenarioCache(ds), "b", "full")),
        ("xss_project", netmaps.project_map(ScenarioCache(ds), "p_up")),
    ):
        page = open_map(browser, m, tmp_path, name)
        assert page["leaflet"] and page["errors"] == []
        # Open every popup and tooltip, so their HTML reaches the document.
        shown = browser.execute_script(
            """
            var n = 0;
            Object.keys(window).filter(function (k) { return k.indexOf('map_') === 0; })
              .forEach(function (k) {
                window[k].eachLayer(function (layer) {
                  if (layer.getPopup && layer.getPopup()) { layer.openPopup(); n += 1; }
                  if (layer.getTooltip && layer.getTooltip()) { layer.openTooltip(); }
                });
              });
            return n;
            """
        )
        assert shown > 0
        time.sleep(0.3)
        assert browser.execute_script("return window.__pwned") is None
        assert (
            browser.execute_script(
                "return document.querySelectorAll('img[src=\"x\"], svg[onload]').length"
            )
            == 0
        )
        text = browser.execute_script("return document.body.innerText")
        assert XSS_NAME in text or name == "xss_project"


def test_freight_flow_map(browser, tmp_path) -> None:
    import corridor

    study = corridor.Study()
    after = study.freight_model.flows("full")
    boundaries = geomaps.load_boundaries(study.dataset.folder)
    page = open_map(browser, study.freight_map("baseline", "full"), tmp_path, "freight_flows")
    # Only the "after" layer shows at first: one path per link that carries goods.
    assert page["leaflet"] and page["errors"] == []
    assert page["paths"] == int((after["tonnes"] > 0).sum()) + len(boundaries)
    legend = browser.execute_script(
        "return Array.from(document.querySelectorAll('.class-legend')).map(e => e.innerText)"
    )
    assert len(legend) == 1 and "water" in legend[0] and "million t" in legend[0]
    assert not_blank(page["png"])
