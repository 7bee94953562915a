"""Train services, locks, start/stop losses and the urban drive, worked out by hand.

The fixture: places x, y, z one degree of longitude apart on the equator (111.32 km a
segment); an HSR line x–y and a conventional line y–z. A service runs x → y → z over
both. Parameters are the hand set of the fixtures (tests/conftest.py) unless a test
changes them.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from geo import geodesic_km, load_dataset
from geo.errors import DataValidationError
from network.cache import ScenarioCache
from network.params import dataset_params
from tests.conftest import write_dataset

NODES = [("x", 100.0, 0.0), ("y", 101.0, 0.0), ("z", 102.0, 0.0), ("w", 103.0, 0.0)]
SEG = float(geodesic_km(100.0, 0.0, 101.0, 0.0))
LINES = [
    {"id": "fast", "mode": "hsr", "stops": "x;y", "length_km": SEG, "speed_kmh": 200},
    {"id": "slow", "mode": "hsr", "stops": "y;z", "length_km": SEG, "speed_kmh": 160},
]


def _services(folder: Path, rows: list[dict]) -> None:
    columns = ["id", "mode", "name", "links", "stops", "trains_per_day", "max_kmh", "opened"]
    columns.append("closed")
    with open(folder / "services.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*columns, "source"])
        writer.writeheader()
        for row in rows:
            writer.writerow({"name": row["id"], "source": "test", **row})


def _line_haul(folder: Path, scenario: str = "baseline", **params) -> object:
    dataset = load_dataset(folder)
    chosen = dataset_params(dataset.metadata).replace(**params)
    return ScenarioCache(dataset, chosen).router(scenario, "rail").matrix("line_haul")


def test_a_service_runs_through_without_a_change(tmp_path) -> None:
    folder = write_dataset(tmp_path / "d", NODES, LINES)
    # Without a service: ride fast, change lines at y (HSR line change 10 min), ride slow.
    run_fast, run_slow = SEG / (200 * 0.85) * 60, SEG / (160 * 0.85) * 60
    assert _line_haul(folder).loc["x", "z"] == pytest.approx(run_fast + 10 + run_slow)
    # A service over both calls at y: a dwell (5 min) instead of the change.
    _services(folder, [{"id": "through", "mode": "hsr", "links": "fast;slow", "stops": "x;y;z"}])
    assert _line_haul(folder).loc["x", "z"] == pytest.approx(run_fast + 5 + run_slow)
    # Non-stop through y: no dwell at all; and it cannot be boarded at y.
    _services(folder, [{"id": "through", "mode": "hsr", "links": "fast;slow", "stops": "x;z"}])
    lh = _line_haul(folder)
    assert lh.loc["x", "z"] == pytest.approx(run_fast + run_slow)
    assert lh.loc["y", "z"] == pytest.approx(run_slow)  # the line's own train


def test_a_service_takes_the_upgrades_of_its_track(tmp_path) -> None:
    projects = [{"id": "raise", "opening_year": 2030}]
    upgrades = [{"project_id": "raise", "link_id": "slow", "speed_kmh": 320}]
    folder = write_dataset(tmp_path / "d", NODES, LINES, projects, None, upgrades)
    _services(folder, [{"id": "through", "mode": "hsr", "links": "fast;slow", "stops": "x;z"}])
    run_fast = SEG / (200 * 0.85) * 60
    before = _line_haul(folder).loc["x", "z"]
    after = _line_haul(folder, "baseline+raise").loc["x", "z"]
    assert before == pytest.approx(run_fast + SEG / (160 * 0.85) * 60)
    assert after == pytest.approx(run_fast + SEG / (320 * 0.85) * 60)


def test_service_years(tmp_path) -> None:
    folder = write_dataset(tmp_path / "d", NODES, LINES)
    _services(
        folder,
        [
            {
                "id": "through",
                "mode": "hsr",
                "links": "fast;slow",
                "stops": "x;z",
                "opened": 2012,
                "closed": 2018,
            }
        ],
    )
    run_fast, run_slow = SEG / (200 * 0.85) * 60, SEG / (160 * 0.85) * 60
    assert _line_haul(folder, "2015").loc["x", "z"] == pytest.approx(run_fast + run_slow)
    for year in ("2010", "2019"):  # before it ran, after it was withdrawn: change at y
        assert _line_haul(folder, year).loc["x", "z"] == pytest.approx(run_fast + 10 + run_slow)


def test_start_stop_loss_and_expected_wait(tmp_path) -> None:
    lines = [{**line, "trains_per_day": 8} for line in LINES]
    folder = write_dataset(tmp_path / "d", NODES, lines)
    _services(
        folder,
        [
            {
                "id": "through",
                "mode": "hsr",
                "links": "fast;slow",
                "stops": "x;y;z",
                "trains_per_day": 8,
            }
        ],
    )
    dataset = load_dataset(folder)
    params = dataset_params(dataset.metadata).replace(acceleration={"hsr": 0.5})
    cache = ScenarioCache(dataset, params)
    run_fast, run_slow = SEG / (200 * 0.85) * 60, SEG / (160 * 0.85) * 60
    # Running speed 200 x 0.85 = 170 km/h = 47.2 m/s; at 0.5 m/s2 a stop costs
    # v / a = 94.4 s: once for the run, once more for the call at y (plus 5 min dwell).
    loss = 170 / 3.6 / 0.5 / 60
    line_haul = cache.router("baseline", "rail").matrix("line_haul")
    assert line_haul.loc["x", "z"] == pytest.approx(run_fast + run_slow + loss + 5 + loss)
    # Door to door adds access 30, egress 20 and the expected wait: 8 trains in 16 h =
    # a 120-min headway, half of it capped at 30 min. Changing lines at y would wait
    # twice (and pay the change), so the service wins.
    door = cache.router("baseline", "rail").matrix("door_to_door")
    assert door.loc["x", "z"] == pytest.approx(line_haul.loc["x", "z"] + 30 + 20 + 30)
    loss_slow = 160 * 0.85 / 3.6 / 0.5 / 60
    by_lines = run_fast + loss + 10 + run_slow + loss_slow + 2 * 30 + 30 + 20
    assert door.loc["x", "z"] < by_lines


def test_locks_and_nights_laid_up(tmp_path) -> None:
    links = [
        {
            "id": "river",
            "mode": "waterway",
            "stops": "x;y;z",
            "length_km": f"{SEG};{SEG}",
            "speed_kmh": 10,
            "reverse_speed_kmh": 5,
            "hours_per_day": 12,
        }
    ]
    folder = write_dataset(tmp_path / "d", NODES, links)
    with open(folder / "locks.csv", "w", encoding="utf-8") as handle:
        handle.write("id,name,link_id,after_stop,passage_minutes,wait_minutes,source\n")
        handle.write("dam,Dam,river,y,90,600,test\n")
    dataset = load_dataset(folder)
    cache = ScenarioCache(dataset)
    under_way = cache.router("baseline", "water").matrix("line_haul")
    sail = SEG / 10 * 60  # 668 min a segment downstream
    assert under_way.loc["x", "y"] == pytest.approx(sail)
    assert under_way.loc["x", "z"] == pytest.approx(2 * sail + 90)
    assert under_way.loc["z", "x"] == pytest.approx(4 * sail + 90)
    door = cache.router("baseline", "water").matrix("door_to_door")
    # x → z: 1426 min under way at 12 sailing hours a day takes twice as long elapsed
    # (the nights laid up), plus the 600-min wait at the lock, access 45 and egress 20.
    assert door.loc["x", "z"] == pytest.approx(2 * (2 * sail + 90) + 600 + 45 + 20)


def test_urban_drive_is_part_of_the_line_haul(tmp_path) -> None:
    links = [{"id": "e", "mode": "road", "stops": "x;y", "length_km": SEG, "speed_kmh": 100}]
    folder = write_dataset(tmp_path / "d", NODES, links)
    dataset = load_dataset(folder)
    params = dataset_params(dataset.metadata).replace(urban_minutes=4.0)
    lh = ScenarioCache(dataset, params).router("baseline", "road").matrix("line_haul")
    # Population 1000 a place: 4 x sqrt(0.001) = 0.126 min out of each town.
    drive = SEG / (100 * 0.75) * 60
    assert lh.loc["x", "y"] == pytest.approx(drive + 2 * 4 * np.sqrt(1000 / 1e6))


@pytest.mark.parametrize(
    ("row", "field", "words"),
    [
        ({"links": "fast;nowhere", "stops": "x;z"}, "links", "not in the links files"),
        ({"links": "slow;fast", "stops": "x;z"}, "links", "path is broken"),
        ({"links": "fast;slow", "stops": "z;x"}, "links", "path is broken"),
        ({"links": "fast;slow", "stops": "x;w"}, "links", "not a stop of link"),
        ({"links": "fast;slow", "stops": "x"}, "stops", "fewer than two"),
        ({"links": "fast;road", "stops": "x;w"}, "links", "not rail track"),
    ],
)
def test_bad_services_are_refused_by_file_record_and_field(tmp_path, row, field, words) -> None:
    road = {"id": "road", "mode": "road", "stops": "y;w", "speed_kmh": 80}
    folder = write_dataset(tmp_path / "d", NODES, [*LINES, road])
    _services(folder, [{"id": "bad", "mode": "hsr", **row}])
    with pytest.raises(DataValidationError) as caught:
        load_dataset(folder)
    problems = caught.value.problems
    assert any(
        p.file == "services.csv" and p.record == "bad" and p.field == field and words in p.message
        for p in problems
    ), [str(p) for p in problems]


def test_a_slower_train_runs_at_its_own_speed_and_class(tmp_path) -> None:
    folder = write_dataset(tmp_path / "d", NODES, LINES)
    _services(
        folder,
        [{"id": "k", "mode": "rail", "links": "fast;slow", "stops": "x;z", "max_kmh": 120}],
    )
    dataset = load_dataset(folder)
    service = dataset.links.loc["k"]
    assert service["segment_speeds"] == (120.0, 120.0)
    assert service["segment_modes"] == ("rail", "rail")  # a K train: the rail class
    params = dataset_params(dataset.metadata).replace(
        speed_factor={"rail": 0.5}, conventional_factor=0.8
    )
    only_k = frozenset({"rail"})  # the K train alone (the lines are HSR)
    lh = ScenarioCache(dataset, params).router("baseline", only_k).matrix("line_haul")
    # 120 km/h x rail factor 0.5 x conventional factor 0.8 (a train of 120 km/h or less).
    assert lh.loc["x", "z"] == pytest.approx(2 * SEG / (120 * 0.5 * 0.8) * 60)


def test_a_junction_on_both_sides_must_be_named(tmp_path) -> None:
    # Two lines sharing x and z: from y the service could leave 'ring' at x or at z.
    lines = [
        {"id": "ring", "mode": "hsr", "stops": "x;y;z", "speed_kmh": 200},
        {"id": "spur", "mode": "hsr", "stops": "z;w;x", "speed_kmh": 200},
    ]
    folder = write_dataset(tmp_path / "d", NODES, lines)
    _services(folder, [{"id": "s", "mode": "hsr", "links": "ring;spur", "stops": "y;w"}])
    with pytest.raises(DataValidationError, match="ambiguous"):
        load_dataset(folder)
    _services(folder, [{"id": "s", "mode": "hsr", "links": "ring@z;spur", "stops": "y;w"}])
    assert load_dataset(folder).links.loc["s", "stops"] == ("y", "z", "w")
    _services(folder, [{"id": "s", "mode": "hsr", "links": "ring@x;spur", "stops": "y;w"}])
    assert load_dataset(folder).links.loc["s", "stops"] == ("y", "x", "w")


def test_a_service_cannot_take_over_published_minutes(tmp_path) -> None:
    lines = [{**LINES[0], "minutes": 30}, LINES[1]]
    folder = write_dataset(tmp_path / "d", NODES, lines)
    _services(folder, [{"id": "s", "mode": "hsr", "links": "fast;slow", "stops": "x;z"}])
    with pytest.raises(DataValidationError, match="published minutes"):
        load_dataset(folder)


def test_a_project_service_cannot_need_track_after_the_base_year(tmp_path) -> None:
    lines = [{**LINES[0], "opened": 2025}, LINES[1]]
    projects = [{"id": "new", "opening_year": 2030}]
    added = [{"project_id": "new", "id": "ext", "mode": "hsr", "stops": "z;w", "speed_kmh": 300}]
    folder = write_dataset(tmp_path / "d", NODES, lines, projects, added, base_year=2020)
    _services(folder, [{"id": "s", "mode": "hsr", "links": "fast;slow;ext", "stops": "x;w"}])
    with pytest.raises(DataValidationError, match="opens after the base year 2020"):
        load_dataset(folder)
    _services(folder, [{"id": "s", "mode": "hsr", "links": "slow;ext", "stops": "y;w"}])
    service = load_dataset(folder).links.loc["s"]
    assert service["project_id"] == "new" and service["opened"] == 2030


@pytest.mark.parametrize(
    ("row", "field", "words"),
    [
        ("nowhere,y,90", "link_id", "not in the links files"),
        ("fast,x,90", "link_id", "is a hsr link"),
        ("river,z,90", "after_stop", "before its last"),
        ("river,y,-5", "passage_minutes", ""),
    ],
)
def test_bad_locks_are_refused_by_file_record_and_field(tmp_path, row, field, words) -> None:
    river = {"id": "river", "mode": "waterway", "stops": "x;y;z", "speed_kmh": 10}
    folder = write_dataset(tmp_path / "d", NODES, [*LINES, river])
    with open(folder / "locks.csv", "w", encoding="utf-8") as handle:
        handle.write("id,name,link_id,after_stop,passage_minutes,source\n")
        handle.write(f"dam,Dam,{row},test\n")
    with pytest.raises(DataValidationError) as caught:
        load_dataset(folder)
    assert any(
        p.file == "locks.csv" and p.record == "dam" and p.field == field and words in p.message
        for p in caught.value.problems
    ), [str(p) for p in caught.value.problems]
