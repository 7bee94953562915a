"""Size and opening time of a network map with about 10,000 edges.

A synthetic grid network (N × N places, about 2·N·(N−1) links, each with a name, a
mode, a speed and a source, as real links have), with one zone polygon per place (the
Voronoi cells of the places, drawn as a choropleth beneath the network), is drawn with
geo.maps.network_map and written self-contained. The reference, measured in the same
run, is the map of the embedded dataset: the script prints size per edge and
Chromium's opening time of both, and their ratio. Not a test; needs Chromium and
chromedriver for the timing.

    python benchmarks/bench_maps.py [--side 71]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import LineString, Point

from geo import load_dataset
from geo import maps as geomaps
from network import maps as netmaps
from network.cache import ScenarioCache


def grid(side: int) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    ids = {(i, j): f"n{i}_{j}" for i in range(side) for j in range(side)}
    nodes = gpd.GeoDataFrame(
        {
            "id": list(ids.values()),
            "name": [f"Place {i}-{j}" for i, j in ids],
            "name_zh": [f"地点{i}-{j}" for i, j in ids],
            "kind": "town",
            "population": 50_000,
            "source": "synthetic grid",
        },
        geometry=[Point(103.0 + 0.05 * i, 28.5 + 0.05 * j) for i, j in ids],
        crs=4326,
    ).set_index("id", drop=False)
    rows = []
    for (i, j), a in ids.items():
        for di, dj, mode in ((1, 0, "expressway"), (0, 1, "road")):
            if (i + di, j + dj) in ids:
                b = ids[(i + di, j + dj)]
                rows.append(
                    {
                        "id": f"{a}-{b}",
                        "mode": mode,
                        "name": f"Link {a}–{b}",
                        "name_zh": "",
                        "speed_kmh": 100 if mode == "expressway" else 60,
                        "opened": 2010,
                        "source": "synthetic grid",
                        "project_id": "",
                        "geometry": LineString(
                            [nodes.geometry[a].coords[0], nodes.geometry[b].coords[0]]
                        ),
                    }
                )
    links = gpd.GeoDataFrame(pd.DataFrame(rows), geometry="geometry", crs=4326)
    return nodes, links


def zones_of(nodes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One zone per place: the Voronoi cells of the places, clipped to their extent."""
    import shapely

    points = shapely.MultiPoint(list(nodes.geometry))
    frame = shapely.box(*points.buffer(0.025).bounds)
    cells = list(shapely.voronoi_polygons(points, extend_to=frame).geoms)
    tree = shapely.STRtree(cells)
    order = [int(tree.query(p, predicate="within")[0]) for p in nodes.geometry]
    return gpd.GeoDataFrame(
        {
            "name": nodes["name"].to_numpy(),
            "name_zh": nodes["name_zh"].to_numpy(),
            "population": nodes["population"].to_numpy(),
            "source": "synthetic grid",
        },
        geometry=[cells[k].intersection(frame) for k in order],
        crs=4326,
    )


def open_seconds(path: Path) -> float | None:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not binary or not driver_path:
        return None
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        f"--user-data-dir={tempfile.mkdtemp()}",
        "--host-resolver-rules=MAP * ~NOTFOUND",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        start = time.perf_counter()
        driver.get(path.as_uri())
        while driver.execute_script("return document.readyState") != "complete":
            time.sleep(0.02)
        driver.execute_script("return document.querySelectorAll('path').length")
        return time.perf_counter() - start
    finally:
        driver.quit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--side", type=int, default=71, help="grid side (71 → 9,940 links)")
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp())
    ds = load_dataset()
    start = time.perf_counter()
    reference = geomaps.save_map(netmaps.network_map(ScenarioCache(ds)), out / "embedded.html")
    ref_build = time.perf_counter() - start
    nodes, links = grid(args.side)
    start = time.perf_counter()
    zones = zones_of(nodes)
    big = geomaps.save_map(geomaps.network_map(nodes, links, zones=zones), out / "grid.html")
    build = time.perf_counter() - start
    ref_mb, big_mb = reference.stat().st_size / 1e6, big.stat().st_size / 1e6
    zones_n = 0 if ds.zones is None else len(ds.zones)
    print(
        f"embedded map: {len(ds.links)} links + {zones_n} zones, {ref_mb:.2f} MB, "
        f"built in {ref_build:.2f} s"
    )
    print(
        f"grid map: {len(links)} links + {len(nodes)} places + {len(zones)} zones, "
        f"{big_mb:.2f} MB "
        f"({big_mb * 1e6 / len(links):.0f} bytes a link), built in {build:.2f} s"
    )
    ref_open, big_open = open_seconds(reference), open_seconds(big)
    if ref_open is None or big_open is None:
        print("Chromium not found: opening times not measured")
        return
    print(
        f"opening in headless Chromium: embedded {ref_open:.2f} s, grid {big_open:.2f} s, "
        f"ratio {big_open / ref_open:.1f}"
    )


if __name__ == "__main__":
    main()
