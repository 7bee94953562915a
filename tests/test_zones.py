"""Zones: the embedded county-level data, access from geometry, roll-ups and validation."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import Polygon, box

from geo import load_dataset, validate_folder
from geo.zones import SEAT_TOLERANCE_KM, check_coverage
from network.accessibility import resident_weights
from network.cache import ScenarioCache
from network.rollup import group_of, roll_up, roll_up_matrix
from tests.conftest import REPO

GEOD = Geod(ellps="WGS84")


def km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    return GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000.0


def write_zones(folder: Path, zones: list[dict], *, crs: str | None = "EPSG:4326") -> Path:
    """Write ``zones`` (dicts with a ``geometry``) as zones.geojson, or .gpkg without a CRS."""
    frame = gpd.GeoDataFrame(zones, geometry="geometry", crs=crs)
    if crs is None:
        path = folder / "zones.gpkg"
        frame.to_file(path, engine="pyogrio")
    else:
        path = folder / "zones.geojson"
        frame.to_file(path, driver="GeoJSON", engine="pyogrio")
    return path


def two_zones(**west: object) -> list[dict]:
    """West holds node a (104, 30), seat 0.2° north of it; east holds c (106, 30)."""
    return [
        {"id": "west", "name": "West", "population": 100_000, "source": "test fixture",
         "prefecture": "Pw", "province": "P", "seat_lon": 104.0, "seat_lat": 30.2,
         "geometry": box(103.5, 29.5, 104.5, 30.5), **west},
        {"id": "east", "name": "East", "population": 200_000, "source": "test fixture",
         "prefecture": "Pe", "province": "P", "seat_lon": 106.0, "seat_lat": 29.9,
         "geometry": box(105.5, 29.5, 106.5, 30.5)},
    ]  # fmt: skip


# ------------------------------------------------------------------ the embedded zones


@pytest.fixture(scope="module")
def ds():
    return load_dataset()


def test_every_county_level_unit_of_the_circle_is_a_zone(ds) -> None:
    zones = ds.zones
    assert len(zones) == 142  # 113 Sichuan units of 15 prefectures, 29 Chongqing units
    assert (zones["province"] == "Sichuan").sum() == 113
    assert set(zones.loc[zones["partial"], "name"]) == {"Kaizhou District", "Yunyang County"}
    excluded = {"Pingwu County", "Beichuan Qiang Autonomous County", "Wanyuan City"}
    assert not excluded & set(zones["name"])
    for part in ("population: ", "GDP: ", "seat: ", "boundary: "):
        assert zones["source"].str.contains(part).all(), part
    assert zones["adcode"].str.fullmatch(r"5[01]\d{4}").all()
    assert (zones["gdp_100m_cny"] > 0).all()


def test_zone_population_matches_the_census_table(ds) -> None:
    """Within 1 % of the 2020 census total of the covered units (read independently)."""
    lines = (REPO / "scripts" / "census_2020_counties.csv").read_text(encoding="utf-8")
    census = {
        r["code"]: int(r["population"])
        for r in csv.DictReader(line for line in lines.splitlines() if not line.startswith("#"))
    }
    covered = set(ds.zones["adcode"]) | {"511071", "511771"}  # two development zones
    published = sum(census[c] for c in covered)
    total = int(ds.zones["population"].sum())
    assert abs(total - published) <= 0.01 * published
    assert total == 97_649_287
    # A prefecture's zones sum to its census total (nodes.csv), as validation checks.
    chengdu = ds.zones[ds.zones["prefecture"] == "Chengdu"]
    assert chengdu["population"].sum() == ds.nodes.at["chengdu", "population"] == 20_937_757


def test_zones_form_a_coverage_and_seats_lie_inside(ds) -> None:
    zones = ds.zones
    assert check_coverage("zones.geojson", zones.reset_index(drop=True)) == []
    for zone in zones.itertuples():
        nearest = shapely.ops.nearest_points(
            zone.geometry, shapely.Point(zone.seat_lon, zone.seat_lat)
        )
        assert km(nearest[0].x, nearest[0].y, zone.seat_lon, zone.seat_lat) <= SEAT_TOLERANCE_KM


def test_residents_are_the_zones_and_the_places_outside(ds) -> None:
    weights = resident_weights(ds)
    inside = ds.nodes.index[ds.nodes["covered"]]
    assert (ds.nodes.loc[inside, "weight"] == 0).all()
    assert "chengdu" in inside and "zizhong" in inside
    assert weights.sum() == ds.zones.loc[ds.zones["circle"], "population"].sum()


# ------------------------------------------------------------------ access from geometry


def test_a_zone_reaches_the_station_by_a_drive_timed_from_geometry(tiny: Path) -> None:
    write_zones(tiny, two_zones())
    ds = load_dataset(tiny)
    cache = ScenarioCache(ds)
    params = cache.params
    road = 80.0 * params.speed_factor["road"]  # ordinary road running speed, km/h
    drive_w = km(104.0, 30.2, 104.0, 30.0) * params.circuity["road"] / road * 60.0
    drive_e = km(106.0, 29.9, 106.0, 30.0) * params.circuity["road"] / road * 60.0
    ride = 200.0 / (100.0 * params.speed_factor["rail"]) * 60.0 + 4.0  # a → c, dwell at b
    board, alight = params.boarding_minutes["rail"], params.alighting_minutes["rail"]
    door = cache.matrix("baseline", "rail", "door_to_door")
    haul = cache.matrix("baseline", "rail", "line_haul")
    assert door.at["west", "east"] == pytest.approx(drive_w + board + ride + alight + drive_e)
    assert haul.at["west", "east"] == pytest.approx(drive_w + ride + drive_e)
    assert drive_w == pytest.approx(0.2 * 110.85 * 1.3 / 60.0 * 60.0, rel=2e-3)  # 0.2° of latitude
    # The places inside the zones now weigh nothing; b and d stand for themselves.
    assert ds.nodes.loc[["a", "c"], "weight"].tolist() == [0.0, 0.0]
    assert list(ds.trip_ends) == ["west", "east", "b", "d"]


# ------------------------------------------------------------------ roll-ups


def test_roll_up_sums_counts_and_weights_means_by_population(tiny: Path) -> None:
    write_zones(tiny, two_zones())
    ds = load_dataset(tiny)
    frame = pd.DataFrame(
        {"name": ["West", "East", "Beta"], "population": [100_000, 200_000, 500_000],
         "weight": [100_000.0, 200_000.0, 500_000.0], "mean_min": [30.0, 60.0, 90.0]},
        index=["west", "east", "b"],
    )  # fmt: skip
    by_province = roll_up(frame, ds, "province")
    assert list(by_province.index) == ["P", "P1"]  # the zones' province; b's own
    assert by_province.at["P", "population"] == 300_000
    assert by_province.at["P", "mean_min"] == pytest.approx((30 * 1 + 60 * 2) / 3)  # 50
    assert by_province.at["P", "zones"] == 2
    assert group_of(ds, ["west", "b"], "prefecture").tolist() == ["Pw", "Beta"]
    matrix = pd.DataFrame(
        [[0.0, 10.0, 40.0], [10.0, 0.0, np.nan], [40.0, np.nan, 0.0]],
        index=["west", "east", "b"], columns=["west", "east", "b"],
    )  # fmt: skip
    rolled = roll_up_matrix(matrix, ds, "province")
    # P → P: only west↔east (the diagonal is no trip), weight 1e5·2e5 both ways: 10.
    assert rolled.at["P", "P"] == pytest.approx(10.0)
    # P → P1: only west → b is reachable: 40.
    assert rolled.at["P", "P1"] == pytest.approx(40.0)


# ------------------------------------------------------------------ validation


def zone_problems(folder: Path) -> list[str]:
    return [f"{p.file}|{p.record}|{p.field}|{p.message}" for p in validate_folder(folder).problems]


def test_valid_zones_pass(tiny: Path) -> None:
    write_zones(tiny, two_zones())
    assert validate_folder(tiny).problems == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"geometry": box(103.5, 29.5, 105.6, 30.5)}, "west|geometry|overlaps zone 'east'"),
        ({"geometry": Polygon([(103.5, 29.5), (104.5, 30.5), (104.5, 29.5), (103.5, 30.5)])},
         "west|geometry|is not a valid polygon"),
        ({"population": -5}, "west|population|"),
        ({"id": "a"}, "a|id|is also a node id"),
        ({"id": "Wést"}, "Wést|id|is not a slug"),
        ({"seat_lon": 110.0}, "west|seat_lon|the seat lies"),
        ({"part_of": "a"}, "west|population|the 1 zones part_of 'a' hold 100,000 residents"),
        ({"part_of": "zz"}, "west|part_of|'zz' is not a node"),
        ({"geometry": shapely.Point(104, 30)}, "west|geometry|is a Point, not a polygon"),
    ],
)  # fmt: skip
def test_bad_zones_are_refused(tiny: Path, change: dict, expected: str) -> None:
    write_zones(tiny, two_zones(**change))
    found = zone_problems(tiny)
    assert any(expected in p for p in found), found


def test_a_gap_between_zones_is_refused(tiny: Path) -> None:
    ring = [box(103, 29, 107, 29.5), box(103, 30.5, 107, 31), box(103, 29.5, 103.5, 30.5),
            box(106.5, 29.5, 107, 30.5), box(103.5, 29.5, 106.5, 30.0)]  # fmt: skip
    zones = [{"id": f"z{k}", "name": f"Z{k}", "population": 1, "source": "t", "geometry": g}
             for k, g in enumerate(ring)]  # fmt: skip
    write_zones(tiny, zones)
    assert any("|geometry|a gap of" in p and "belongs to no zone" in p for p in zone_problems(tiny))


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_zones_without_a_crs_are_refused(tiny: Path) -> None:
    write_zones(tiny, two_zones(), crs=None)
    assert any("zones.gpkg||geometry|has no CRS" in p for p in zone_problems(tiny))


def test_a_broken_zones_file_is_a_message_with_exit_code_2(tiny: Path) -> None:
    (tiny / "zones.geojson").write_text('{"type": "FeatureCollection", "features": [', "utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "corridor", "validate", str(tiny)], capture_output=True, text=True
    )
    assert run.returncode == 2, run.stdout + run.stderr
    assert (
        "zones.geojson" in run.stdout + run.stderr and "cannot be read" in run.stdout + run.stderr
    )
    assert "Traceback" not in run.stderr


def test_zones_file_is_read_back_by_its_own_library() -> None:
    """The embedded file is a plain GeoJSON FeatureCollection in WGS84, one feature a zone."""
    text = (REPO / "data" / "zones.geojson").read_text(encoding="utf-8")
    raw = json.loads(text)
    frame = gpd.read_file(REPO / "data" / "zones.geojson", engine="pyogrio")
    assert len(raw["features"]) == len(frame) == 142
    assert frame.crs.to_epsg() == 4326 and frame.geometry.is_valid.all()


# ------------------------------------------------------------------ why nothing is saved


@pytest.fixture(scope="module")
def embedded_cache(ds):
    return ScenarioCache(ds)


def test_zero_benefit_reasons_name_the_cause(embedded_cache) -> None:
    from network.explain import zero_benefit_reason

    cache = embedded_cache
    road = zero_benefit_reason(cache, "road_suining_tongnan")
    # The fast road's own time end to end against the baseline's roads, both line-haul.
    own = (
        km(*cache.dataset.nodes.loc["suining", ["lon", "lat"]],
           *cache.dataset.nodes.loc["tongnan", ["lon", "lat"]])
        * cache.params.circuity["road"] / (80.0 * cache.params.speed_factor["road"]) * 60.0
    )  # fmt: skip
    before = cache.matrix("baseline", "road", "line_haul").at["suining", "tongnan"]
    assert own > before
    assert f"takes {own:.0f} min end to end against {before:.0f} min by the road network" in road
    assert "no faster than the route that already joins its ends" in road
    yard = zero_benefit_reason(cache, "log_huaying_gaoxing_yard")
    assert yard.startswith("it adds a facility (hub)") and "freight" in yard
    assert "the model has no flights" in zero_benefit_reason(cache, "ap_airport_cluster")
    assert "upgrades a waterway" in zero_benefit_reason(cache, "ww_lize_hub")
    assert "outside the mode set 'rail'" in zero_benefit_reason(
        cache, "road_neijiang_dazu", modes="rail"
    )


def test_pair_minutes_reads_by_position_and_says_absent() -> None:
    from network.matrix import pair_minutes

    matrix = pd.DataFrame([[0.0, 5.0], [7.0, 0.0]], index=["x", "y"], columns=["x", "y"])
    got = pair_minutes(matrix, [("x", "y"), ("y", "x"), ("x", "z"), ("q", "y")])
    np.testing.assert_array_equal(got, [5.0, 7.0, np.nan, np.nan])


def test_circles_roll_up_to_prefectures_without_double_counting(embedded_cache) -> None:
    import corridor

    study = corridor.Study()
    zones = study.circles()
    rolled = study.circles(by="prefecture")
    for core, part in rolled.groupby("core"):
        mine = zones[zones["core"] == core]
        assert part["in_after"].sum() == mine["member_after"].sum()
        weights = study.dataset.nodes["weight"]
        assert part["residents_after"].sum() == pytest.approx(
            mine.loc[mine["member_after"], "place"].map(weights).sum()
        )
    chengdu = rolled[(rolled["core"] == "chengdu") & (rolled["prefecture"] == "Chengdu")]
    assert int(chengdu["places"].iloc[0]) == 20


def test_a_place_a_zone_covers_keeps_its_own_urban_drive(tiny: Path) -> None:
    # The zone counts a's residents (its weight is 0), but driving out of Alpha still
    # crosses a city of a million: 4 x sqrt(1.0) = 4 min at a, 4 x sqrt(0.1) at d.
    write_zones(tiny, two_zones())
    ds = load_dataset(tiny)
    assert ds.nodes.at["a", "weight"] == 0.0 and ds.nodes.at["a", "residents"] == 1_000_000
    bare = ScenarioCache(ds)
    urban = ScenarioCache(ds, bare.params.replace(urban_minutes=4.0))
    a, d = bare.place("a"), bare.place("d")
    before = bare.router("baseline", "road").route(a, d, basis="line_haul").minutes
    after = urban.router("baseline", "road").route(a, d, basis="line_haul").minutes
    assert bare.params.urban_minutes == 0.0  # tiny's dataset.toml
    assert after - before == pytest.approx(4.0 + 4.0 * np.sqrt(0.1))
