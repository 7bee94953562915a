"""Every kind of bad input gets a problem naming file, record and field."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pytest

from geo import DataValidationError, load_dataset, validate_folder
from tests.conftest import edit


def problems_of(folder: Path) -> list[tuple[str, str, str]]:
    return [(p.file, p.record, p.field) for p in validate_folder(folder).problems]


def messages(folder: Path) -> str:
    return "\n".join(str(p) for p in validate_folder(folder).problems)


def test_tiny_is_valid(tiny: Path) -> None:
    assert validate_folder(tiny).problems == []


def test_missing_column(tiny: Path) -> None:
    nodes = tiny / "nodes.csv"
    lines = nodes.read_text(encoding="utf-8").splitlines()
    cut = [",".join(line.split(",")[:7] + line.split(",")[8:]) for line in lines]  # drop lat
    nodes.write_text("\n".join(cut) + "\n", encoding="utf-8")
    assert ("nodes.csv", "", "lat") in problems_of(tiny)
    assert "required column is missing" in messages(tiny)


def test_wrong_types(tiny: Path) -> None:
    edit(tiny / "nodes.csv", "b,Beta,乙,P1,city,500000", "b,Beta,乙,P1,city,many")
    edit(tiny / "links.csv", "a;d,,100,", "a;d,,fast,")
    edit(
        tiny / "projects.csv",
        "p_new,New Beta–Delta road,,transport,road,10,planned,2030,true",
        "p_new,New Beta–Delta road,,transport,road,10,planned,2030.5,maybe",
    )
    found = problems_of(tiny)
    assert ("nodes.csv", "b", "population") in found
    assert ("links.csv", "e1", "speed_kmh") in found
    assert ("projects.csv", "p_new", "opening_year") in found
    assert ("projects.csv", "p_new", "named") in found
    text = messages(tiny)
    assert "'many' is not a whole number" in text
    assert "'fast' is not a number" in text


def test_choices_and_ranges(tiny: Path) -> None:
    edit(tiny / "links.csv", "w1,waterway", "w1,canoe")
    edit(tiny / "links.csv", "a;d,,100,", "a;d,,-5,")
    found = problems_of(tiny)
    assert ("links.csv", "w1", "mode") in found
    assert ("links.csv", "e1", "speed_kmh") in found


def test_duplicate_ids(tiny: Path) -> None:
    edit(tiny / "nodes.csv", "d,Delta", "a,Delta")
    found = problems_of(tiny)
    assert ("nodes.csv", "a", "id") in found
    assert "used by 2 records (rows 1, 4)" in messages(tiny)


def test_duplicate_across_base_and_projects(tiny: Path) -> None:
    edit(tiny / "project_links.csv", "p_new,e2,", "p_new,e1,")
    assert ("project_links.csv", "e1", "id") in problems_of(tiny)


def test_unknown_stop_with_suggestion(tiny: Path) -> None:
    edit(tiny / "links.csv", "a;d,,100", "a;dd,,100")
    assert ("links.csv", "e1", "stops") in problems_of(tiny)
    assert "stop 'dd' is not a node id; did you mean d?" in messages(tiny)


def test_zero_length_segment_repeated_stop(tiny: Path) -> None:
    edit(tiny / "links.csv", "a;b;c,200", "a;b;b;c,200")
    assert ("links.csv", "r1", "stops") in problems_of(tiny)
    assert "stop 'b' follows itself (segment 2 has zero length)" in messages(tiny)


def test_zero_length_segment_same_coordinates(tiny: Path) -> None:
    edit(tiny / "nodes.csv", "105.0,31.0", "104.0,30.0")  # d moves onto a
    assert "stops 'a' and 'd' have the same coordinates" in messages(tiny)


def test_stop_visited_twice(tiny: Path) -> None:
    edit(tiny / "links.csv", "a;b;c,200", "a;b;c;b,200")
    assert "passes b more than once" in messages(tiny)


@pytest.mark.parametrize(
    ("express", "message"),
    [
        ("a;x", "'x' is not one of the line's stops"),
        ("c;a", "is not in the order of stops"),
        ("b", "fewer than two stops"),
    ],
)
def test_express_stops(tiny: Path, express: str, message: str) -> None:
    links = tiny / "links.csv"
    edit(links, "id,mode,name,name_zh,stops,", "id,mode,name,name_zh,stops,express_stops,")
    for line_id in ("r1", "e1", "w1", "h1"):
        stops = {"r1": "a;b;c", "e1": "a;d", "w1": "b;c", "h1": "a;b"}[line_id]
        value = express if line_id == "r1" else ""
        edit(links, f",{stops},", f",{stops},{value},")
    assert ("links.csv", "r1", "express_stops") in problems_of(tiny)
    assert message in messages(tiny)


def add_part_of(nodes: Path, parents: dict[str, str]) -> None:
    """Add a part_of column to the tiny nodes file (after geonames_id)."""
    lines = nodes.read_text(encoding="utf-8").splitlines()
    out = []
    for line in lines:
        cells = line.split(",")
        cells.insert(9, "part_of" if cells[0] == "id" else parents.get(cells[0], ""))
        out.append(",".join(cells))
    nodes.write_text("\n".join(out) + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("part_of", "message"),
    [
        ("zz", "'zz' is not a node id"),
        ("d", "names the node itself"),
        ("c", "'c' is itself part of 'b' (one level only)"),
    ],
)
def test_part_of(tiny: Path, part_of: str, message: str) -> None:
    add_part_of(tiny / "nodes.csv", {"c": "b", "d": part_of})
    assert ("nodes.csv", "d", "part_of") in problems_of(tiny)
    assert message in messages(tiny)


def test_part_of_weights_and_population_check(tiny: Path) -> None:
    add_part_of(tiny / "nodes.csv", {"c": "b", "d": "b"})
    assert validate_folder(tiny).problems == []
    ds = load_dataset(tiny)
    assert ds.nodes.at["b", "weight"] == 500_000 - 250_000 - 100_000
    assert ds.nodes.at["c", "weight"] == 250_000
    edit(tiny / "nodes.csv", "b,Beta,乙,P1,city,500000", "b,Beta,乙,P1,city,300000")
    assert ("nodes.csv", "b", "population") in problems_of(tiny)
    assert "300,000 is less than the 350,000" in messages(tiny)


def test_segment_list_lengths(tiny: Path) -> None:
    edit(tiny / "links.csv", "a;b;c,200,100,,", "a;b;c,100;50;50,100,30,")
    found = problems_of(tiny)
    assert ("links.csv", "r1", "length_km") in found
    assert ("links.csv", "r1", "minutes") in found


def test_coordinates_out_of_range_and_swapped(tiny: Path) -> None:
    edit(tiny / "nodes.csv", "500000,105.0,30.0", "500000,30.0,105.0")  # b swapped
    found = problems_of(tiny)
    assert ("nodes.csv", "b", "lat") in found
    text = messages(tiny)
    assert "105 is above the maximum 90" in text
    assert "swapped" in text


def test_swap_detected_when_both_values_in_range(tmp_path: Path) -> None:
    # Nodes around Germany (lon ~10, lat ~50); one has its values swapped and
    # would sit in the Arabian Sea: both numbers are in range, only geography tells.
    rows = [
        "id,name,kind,population,lon,lat,source",
        "x1,One,city,1000,10.0,50.0,t",
        "x2,Two,city,1000,11.0,50.5,t",
        "x3,Three,city,1000,9.5,49.5,t",
        "x4,Four,city,1000,49.8,10.2,t",
    ]
    (tmp_path / "nodes.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "links.csv").write_text(
        "id,mode,name,stops,speed_kmh,source\nl1,road,L,x1;x2,80,t\n", encoding="utf-8"
    )
    found = problems_of(tmp_path)
    assert found == [("nodes.csv", "x4", "lon")]
    assert "look swapped" in messages(tmp_path)


def test_projected_coordinates_hint(tiny: Path) -> None:
    edit(tiny / "nodes.csv", "1000000,104.0,30.0", "1000000,403000.0,3319000.0")
    text = messages(tiny)
    assert "403000 is above the maximum 180" in text
    assert "projected metres" in text


def test_empty_file(tiny: Path) -> None:
    (tiny / "links.csv").write_bytes(b"")
    assert ("links.csv", "", "") in problems_of(tiny)
    assert "the file is empty" in messages(tiny)


def test_header_only(tiny: Path) -> None:
    text = (tiny / "nodes.csv").read_text(encoding="utf-8").splitlines()[0]
    (tiny / "nodes.csv").write_text(text + "\n", encoding="utf-8")
    assert "has a header but no records" in messages(tiny)


def test_missing_file(tiny: Path) -> None:
    (tiny / "links.csv").unlink()
    assert "links.csv: the file is missing" in messages(tiny)


def test_not_utf8(tiny: Path) -> None:
    path = tiny / "nodes.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    found = validate_folder(tiny).problems
    assert [(p.file, p.record) for p in found] == [("nodes.csv", "line 2")]
    assert "is not UTF-8 text" in found[0].message
    assert "iconv" in found[0].fix


def test_ragged_row(tiny: Path) -> None:
    edit(tiny / "links.csv", "a;d,,100,,,2010,test fixture", "a;d,,100,,,2010,test, fixture")
    assert "has 12 fields but the header has 11" in messages(tiny)


def test_project_references(tiny: Path) -> None:
    edit(tiny / "project_upgrades.csv", "p_up,r1", "p_upp,r9")
    found = problems_of(tiny)
    assert ("project_upgrades.csv", "row 1 (p_upp → r9)", "project_id") in found
    assert ("project_upgrades.csv", "row 1 (p_upp → r9)", "link_id") in found
    assert "did you mean p_up" in messages(tiny)


def test_base_link_cannot_use_project_node(tiny: Path) -> None:
    edit(tiny / "links.csv", "b;c,120", "b;c_port,120")
    assert "is added by a project" in messages(tiny)


def test_metadata_core_unknown(tiny: Path) -> None:
    edit(tiny / "dataset.toml", '["a", "c"]', '["a", "zz"]')
    assert ("dataset.toml", "", "core") in problems_of(tiny)


def test_every_problem_at_once(tiny: Path) -> None:
    edit(tiny / "nodes.csv", "b,Beta,乙,P1,city,500000", "b,Beta,乙,P1,city,many")
    edit(tiny / "links.csv", "a;d,,100", "a;dd,,100")
    edit(tiny / "projects.csv", "p_x,", "p_5g,")
    found = problems_of(tiny)
    assert {
        ("nodes.csv", "b", "population"),
        ("links.csv", "e1", "stops"),
        ("projects.csv", "p_5g", "id"),
    } <= set(found)
    with pytest.raises(DataValidationError) as info:
        load_dataset(tiny)
    assert len(info.value.problems) == len(found)


def test_geojson_nodes_in_wgs84_load_like_csv(tiny: Path) -> None:
    before = load_dataset(tiny)
    nodes = gpd.read_file(tiny / "nodes.csv")
    gdf = gpd.GeoDataFrame(
        nodes.drop(columns=["lon", "lat"]),
        geometry=gpd.points_from_xy(nodes.lon.astype(float), nodes.lat.astype(float)),
        crs="EPSG:4326",
    )
    gdf.to_file(tiny / "nodes.geojson", driver="GeoJSON")
    (tiny / "nodes.csv").unlink()
    after = load_dataset(tiny)
    assert list(after.nodes.index) == list(before.nodes.index)
    assert after.nodes["lon"].tolist() == pytest.approx(before.nodes["lon"].tolist())
    assert after.nodes["population"].tolist() == before.nodes["population"].tolist()


def test_other_crs_is_refused(tiny: Path) -> None:
    nodes = gpd.read_file(tiny / "nodes.csv")
    gdf = gpd.GeoDataFrame(
        nodes.drop(columns=["lon", "lat"]),
        geometry=gpd.points_from_xy(nodes.lon.astype(float), nodes.lat.astype(float)),
        crs="EPSG:4326",
    ).to_crs(32648)
    gdf.to_file(tiny / "nodes.gpkg", driver="GPKG")
    (tiny / "nodes.csv").unlink()
    found = validate_folder(tiny).problems
    assert len(found) == 1
    assert found[0].file == "nodes.gpkg"
    assert "EPSG:32648, not WGS84" in found[0].message
    assert "to_crs(4326)" in found[0].fix


def test_two_files_for_one_table(tiny: Path) -> None:
    (tiny / "nodes.geojson").write_text('{"type": "FeatureCollection", "features": []}')
    assert "given twice" in messages(tiny)


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_cli_validate_reports_without_traceback(tiny: Path, fmt: str) -> None:
    edit(tiny / "nodes.csv", "b,Beta,乙,P1,city,500000", "b,Beta,乙,P1,city,many")
    edit(tiny / "links.csv", "a;d,,100", "a;dd,,100")
    run = subprocess.run(
        [sys.executable, "-m", "corridor", "validate", str(tiny), "--format", fmt],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2
    assert "Traceback" not in run.stderr + run.stdout
    assert "population" in run.stdout and "dd" in run.stdout


def test_cli_info_on_broken_data_exits_2(tiny: Path) -> None:
    (tiny / "nodes.csv").write_bytes(b"id,name\n" + "成都".encode("gbk") + b",x\n")
    run = subprocess.run(
        [sys.executable, "-m", "corridor", "info", "--data", str(tiny)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert "nodes.csv" in run.stderr and "UTF-8" in run.stderr


@pytest.mark.parametrize("command", [["validate", "{dir}"], ["route", "a", "b", "--data", "{dir}"]])
def test_a_dataset_own_parameters_are_checked(tiny: Path, command: list[str]) -> None:
    edit(tiny / "dataset.toml", "urban_minutes = 0", "urban_minutes = -1")
    args = [part.format(dir=tiny) for part in command]
    run = subprocess.run(
        [sys.executable, "-m", "corridor", *args], capture_output=True, text=True, check=False
    )
    assert run.returncode == 2
    assert "Traceback" not in run.stderr + run.stdout
    assert "dataset.toml [parameters]: urban_minutes = -1 must be a number >= 0" in (
        run.stdout + run.stderr
    )
