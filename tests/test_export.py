"""Exports read back by independent readers: pyogrio/GDAL, NetworkX, openmatrix, pandas."""

from __future__ import annotations

import json
import math
import shutil

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import pyogrio
import pytest

from corridor.cli import main
from geo import load_dataset
from network import export as ex
from network.cache import ScenarioCache
from network.graph import build_graph
from network.matrix import od_matrix
from network.routing import Router
from tests.conftest import TINY, edit


@pytest.fixture(scope="module")
def ds():
    return load_dataset(TINY)


def test_geopackage_layers_read_back(ds, tmp_path) -> None:
    path, manifest = ex.export(ScenarioCache(ds), tmp_path / "net.gpkg", scenario="full")
    layers = {name: geometry for name, geometry in pyogrio.list_layers(path)}
    assert layers == {"nodes": "Point", "edges": "LineString", "projects": None}
    assert pyogrio.read_info(path, layer="edges")["driver"] == "GPKG"
    graph = build_graph(ds, "full")
    edges = pyogrio.read_dataframe(path, layer="edges")
    nodes = pyogrio.read_dataframe(path, layer="nodes")
    assert len(edges) == graph.number_of_edges() and len(nodes) == graph.number_of_nodes()
    assert {"u", "v", "key", "travel_time", "length", "project_id"} <= set(edges.columns)
    # Edges of the scenario carry their project ids: r1 is upgraded by p_up, e2 added by p_new.
    ride = edges[(edges["kind"] == "ride") & (edges["link_id"] == "r1")]
    assert set(ride["project_id"]) == {"p_up"}
    assert set(edges.loc[edges["link_id"] == "e2", "project_id"]) == {"p_new"}
    # Ride a→c follows the line through b: three vertices.
    ac = ride[(ride["from_place"] == "a") & (ride["to_place"] == "c")].geometry.iloc[0]
    assert [tuple(c) for c in ac.coords] == [(104.0, 30.0), (105.0, 30.0), (106.0, 30.0)]
    catalogue = pyogrio.read_dataframe(path, layer="projects")
    assert list(catalogue["id"]) == list(ds.projects.index)
    assert json.loads(manifest.read_text())["dataset"]["content_sha256"] == ds.content_hash()


def test_graphml_round_trip_gives_the_same_times(ds, tmp_path) -> None:
    path, _ = ex.export(ScenarioCache(ds), tmp_path / "net.graphml", scenario="full")
    graph = nx.read_graphml(path, force_multigraph=True)
    original = build_graph(ds, "full")
    assert graph.number_of_edges() == original.number_of_edges()
    data = graph.get_edge_data("a|rail", "c|rail|arr")["r1"]
    assert isinstance(data["travel_time"], float) and isinstance(data["stops_passed"], int)
    assert isinstance(graph.nodes["a"]["circle"], bool) and graph.nodes["a"]["population"] == 1e6
    ours = Router(original).matrix("door_to_door")
    for origin in ours.index:
        theirs = nx.single_source_dijkstra_path_length(graph, origin, weight="travel_time")
        for destination in ours.columns:
            expected = theirs.get(destination, math.inf) / 60
            got = ours.loc[origin, destination]
            assert (math.isinf(expected) and math.isnan(got)) or got == pytest.approx(expected)


def test_omx_equals_the_dataframes(ds, tmp_path) -> None:
    path, _ = ex.export(ScenarioCache(ds), tmp_path / "skims.omx", before="baseline", after="full")
    matrices = ex.read_omx(path)
    assert sorted(matrices) == sorted(
        ex.omx_name(s, m) for s in ("baseline", "full") for m in ex.MODE_SETS
    )
    for s, m in (("baseline", "rail"), ("full", "any"), ("full", "water")):
        expected = od_matrix(ScenarioCache(ds), s, modes=m)
        got = matrices[ex.omx_name(s, m)].loc[expected.index, expected.columns]
        np.testing.assert_array_equal(np.isnan(got.to_numpy()), np.isnan(expected.to_numpy()))
        np.testing.assert_allclose(got.to_numpy(), expected.to_numpy(), equal_nan=True)
    import openmatrix as omx

    handle = omx.open_file(str(path))
    try:
        assert list(handle.mapping("zone")) == list(range(1, len(expected) + 1))
    finally:
        handle.close()


def test_csv_parses_back_to_the_same_numbers(ds, tmp_path) -> None:
    path, _ = ex.export(
        ScenarioCache(ds), tmp_path / "od.csv", scenario="baseline", basis="line_haul"
    )
    table = pd.read_csv(path, keep_default_na=True)
    rail = table[(table["modes"] == "rail")].set_index(["origin", "destination"])["minutes"]
    expected = od_matrix(ScenarioCache(ds), "baseline", modes="rail", basis="line_haul")
    assert rail[("a", "c")] == pytest.approx(164.0) == expected.loc["a", "c"]
    assert math.isnan(rail[("a", "d")])  # unreachable by rail: an empty cell, never a number
    compare, _ = ex.export(ScenarioCache(ds), tmp_path / "cmp.csv", before="baseline", after="full")
    rows = pd.read_csv(compare).set_index(["modes", "origin", "destination"])
    row = rows.loc[("rail", "a", "c")]
    assert row["before_min"] == pytest.approx(25 + 164 + 15)
    assert row["after_min"] == pytest.approx(25 + 84 + 15)
    assert row["status"] == "faster"


def test_geojson_holds_nodes_and_edges(ds, tmp_path) -> None:
    path, _ = ex.export(
        ScenarioCache(ds), tmp_path / "net.geojson", scenario="baseline", modes="rail"
    )
    frame = gpd.read_file(path)
    graph = build_graph(ds, "baseline", modes="rail")
    assert (frame["element"] == "edge").sum() == graph.number_of_edges()
    assert (frame["element"] == "node").sum() == graph.number_of_nodes()


def test_manifest_warns_when_the_data_changes(tmp_path, capsys) -> None:
    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder)
    out = tmp_path / "net.gpkg"
    assert main(["export", "--data", str(folder), "-o", str(out)]) == 0
    manifest = tmp_path / "net.gpkg.manifest.json"
    assert main(["verify", str(manifest), "--data", str(folder)]) == 0
    edit(folder / "links.csv", "a;b;c,200,100", "a;b;c,200,120")
    capsys.readouterr()
    assert main(["verify", str(manifest), "--data", str(folder)]) == 1
    assert "warning" in capsys.readouterr().err and "the data changed" in str(
        ex.check_manifest(manifest, load_dataset(folder))
    )


def test_json_results_can_carry_the_manifest(capsys, ds) -> None:
    assert main(["route", "a", "c", "--data", str(TINY), "--format", "json", "--manifest"]) == 0
    body = json.loads(capsys.readouterr().out)
    record = body["manifest"]
    assert record["dataset"]["content_sha256"] == ds.content_hash()
    assert record["scenarios"][0]["spec"] == "baseline"
    assert record["parameters"]["transfer_minutes"] == 20.0


def test_bad_output_exits_2_and_writes_nothing(tmp_path, monkeypatch, capsys) -> None:
    args = ["export", "--data", str(TINY)]
    assert main([*args, "-o", str(tmp_path / "x.shp")]) == 2
    assert "unknown export format 'shp'" in capsys.readouterr().err
    assert main([*args, "-o", str(tmp_path / "missing" / "x.gpkg")]) == 2
    assert main([*args, "-o", str(tmp_path)]) == 2  # a folder, not a file
    good = tmp_path / "net.graphml"
    good.write_text("good", encoding="utf-8")

    def fail(graph, path, **kwargs):
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("<graphml half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(nx, "write_graphml", fail)
    assert main([*args, "-o", str(good)]) == 2
    assert good.read_text(encoding="utf-8") == "good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["net.graphml"]


def test_manifests_are_byte_identical_and_dated_only_on_request(tmp_path, monkeypatch) -> None:
    from geo import load_dataset
    from network.export import manifest, write_manifest
    from tests.conftest import TINY

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    ds = load_dataset(TINY)
    first = write_manifest(tmp_path / "a", manifest(ds, scenarios=["full"])).read_bytes()
    second = write_manifest(tmp_path / "b", manifest(ds, scenarios=["full"])).read_bytes()
    assert first == second and b"created_utc" not in first
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert manifest(ds)["created_utc"] == "2023-11-14T22:13:20+00:00"


def test_verify_finds_the_dataset_the_manifest_names_and_says_moved_or_changed(
    tmp_path, capsys
) -> None:
    folder = tmp_path / "project" / "data"
    shutil.copytree(TINY, folder)
    out = tmp_path / "project" / "od.csv"
    assert main(["export", "--data", str(folder), "--format", "csv", "-o", str(out)]) == 0
    manifest = tmp_path / "project" / "od.csv.manifest.json"
    recorded = json.loads(manifest.read_text(encoding="utf-8"))["dataset"]
    assert recorded["folder"] == str(folder.resolve()) and recorded["folder_relative"] == "data"
    capsys.readouterr()
    # No --data: the manifest's own folder is checked, not the embedded data.
    assert main(["verify", str(manifest)]) == 0
    assert f"matches {folder.resolve()}" in capsys.readouterr().out
    # The project folder moves as a whole: found beside the manifest, same bytes.
    moved = tmp_path / "elsewhere"
    shutil.move(tmp_path / "project", moved)
    assert main(["verify", str(moved / "od.csv.manifest.json")]) == 0
    said = capsys.readouterr()
    assert "which moved to" in said.out and "the dataset moved" in said.err
    # The data changes: exit 1, and the message says so.
    edit(moved / "data" / "links.csv", "a;b;c,200,100", "a;b;c,200,120")
    assert main(["verify", str(moved / "od.csv.manifest.json")]) == 1
    said = capsys.readouterr()
    assert "changed" in said.out and "the data changed" in said.err
    # The folder is gone: missing, with the fix.
    shutil.rmtree(moved / "data")
    assert main(["verify", str(moved / "od.csv.manifest.json")]) == 1
    assert "give --data DIR" in capsys.readouterr().err
    # The embedded data is found wherever Corridor is installed.
    assert main(["export", "--format", "csv", "-o", str(tmp_path / "e.csv")]) == 0
    assert main(["verify", str(tmp_path / "e.csv.manifest.json")]) == 0


@pytest.mark.parametrize("fmt", ["gpkg", "geojson", "graphml", "csv", "omx"])
def test_every_format_gives_the_same_bytes_twice(fmt, tmp_path, monkeypatch) -> None:
    """Two exports a second apart, in fresh folders: same file and manifest bytes.

    A GeoPackage would carry its layers' ``last_change`` time, an OMX file HDF5 object
    times, a GeoJSON the temporary file's name; the second's wait makes any clock show.
    """
    import hashlib
    import time

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    digests = []
    for run in ("one", "two"):
        folder = tmp_path / run
        folder.mkdir()
        out = folder / f"net.{fmt}"
        argv = ["export", "--data", str(TINY), "--format", fmt, "-o", str(out)]
        assert (
            main([*argv, "--before", "baseline", "--after", "full"] if fmt == "omx" else argv) == 0
        )
        files = (out, folder / f"net.{fmt}.manifest.json")
        digests.append([hashlib.sha256(p.read_bytes()).hexdigest() for p in files])
        time.sleep(1.1)
    assert digests[0] == digests[1]
    if fmt == "gpkg":
        dates = pyogrio.read_dataframe(
            tmp_path / "one" / "net.gpkg", sql="SELECT last_change FROM gpkg_contents"
        )
        assert set(dates["last_change"].astype(str)) == {"1970-01-01 00:00:00+00:00"}
    if fmt == "geojson":
        assert '"name": "net"' in (tmp_path / "one" / "net.geojson").read_text(encoding="utf-8")
