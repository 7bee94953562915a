"""The command line on the tiny dataset: numbers checked by hand against its files."""

from __future__ import annotations

import json

import pytest

from corridor.cli import main
from tests.conftest import TINY


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert main([*argv, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_info_json_counts(capsys) -> None:
    s = run_json(capsys, "info", "--data", str(TINY))
    assert s["base_year"] == 2020
    assert s["core"] == ["a", "c"]
    assert s["metric_crs"] == "EPSG:32648"
    assert s["nodes"] == {
        "total": 5,
        "base": 4,
        "added_by_projects": 1,
        "by_kind": {"city": 2, "county": 1, "district": 1, "port": 1},
    }
    links = s["links"]
    # r1, e1, w1 opened by 2020; h1 in 2022; e2 and e3 are project links.
    assert (links["baseline"], links["opened_after_base_year"], links["added_by_projects"]) == (
        3,
        1,
        2,
    )
    assert links["by_mode"]["rail"]["baseline"] == {"count": 1, "km": 200.0}
    assert links["by_mode"]["expressway"]["project"] == {"count": 1, "km": 120.0}
    p = s["projects"]
    assert (p["total"], p["named"], p["placeholders"]) == (5, 4, 1)
    assert p["investment_cny_bn"] == {"known_total": 15.5, "projects_with_known": 2}
    assert p["without_network_effect"] == ["p_5g", "p_x"]
    assert [r["id"] for r in s["catalogue"]] == ["p_new", "p_up", "p_port", "p_5g", "p_x"]
    assert s["catalogue"][2]["investment_cny_bn"] is None  # unknown is null, not 0


def test_info_table(capsys) -> None:
    assert main(["info", "--data", str(TINY)]) == 0
    out = capsys.readouterr().out
    assert "Tiny test network" in out
    assert "Catalogued but not routed (no network effect): p_5g, p_x" in out


def test_validate_ok(capsys) -> None:
    s = run_json(capsys, "validate", str(TINY))
    assert s["valid"] is True
    assert s["records"]["project_links"] == 2


def test_validate_missing_folder(capsys, tmp_path) -> None:
    assert main(["validate", str(tmp_path / "nope")]) == 2
    assert "is not a folder" in capsys.readouterr().out


def test_usage_error_exit_code() -> None:
    with pytest.raises(SystemExit) as info:
        main(["info", "--format", "xml"])
    assert info.value.code == 2


def test_route_json(capsys) -> None:
    r = run_json(
        capsys,
        "route",
        "Alpha",
        "GAMMA",
        "--data",
        str(TINY),
        "--scenario",
        "full",
        "--modes",
        "rail",
        "--basis",
        "line_haul",
    )
    assert (r["from"], r["to"], r["scenario"], r["modes"], r["basis"]) == (
        "a",
        "c",
        "full",
        "rail",
        "line_haul",
    )
    assert r["minutes"] == pytest.approx(84.0)
    assert r["project_ids"] == ["p_up"]
    assert [leg["kind"] for leg in r["legs"]] == ["ride"]


def test_route_unreachable_is_null(capsys) -> None:
    r = run_json(capsys, "route", "a", "c", "--data", str(TINY), "--modes", "water")
    assert r["minutes"] is None and r["reachable"] is False and r["legs"] == []
    assert main(["route", "a", "c", "--data", str(TINY), "--modes", "water"]) == 0
    assert "unreachable" in capsys.readouterr().out


def test_unknown_place_suggests(capsys) -> None:
    assert main(["route", "alpah", "c", "--data", str(TINY)]) == 2
    err = capsys.readouterr().err
    assert "unknown place 'alpah'" in err and "a" in err


@pytest.mark.parametrize(
    "argv", [["--scenario", "nope"], ["--modes", "plane"], ["--params", "missing.toml"]]
)
def test_bad_options_exit_2(capsys, argv) -> None:
    assert main(["route", "a", "c", "--data", str(TINY), *argv]) == 2
    assert "corridor:" in capsys.readouterr().err


def test_the_basis_is_taken_as_written_in_dataset_toml(capsys) -> None:
    """``line-haul`` (the targets' spelling) is ``line_haul``; the same minutes."""
    a = run_json(capsys, "matrix", "--data", str(TINY), "--modes", "water", "--basis", "line-haul")
    b = run_json(capsys, "matrix", "--data", str(TINY), "--modes", "water", "--basis", "line_haul")
    assert a == b
    with pytest.raises(SystemExit) as stopped:  # argparse: usage and exit code 2
        main(["route", "a", "c", "--data", str(TINY), "--basis", "line haul"])
    assert stopped.value.code == 2


def test_matrix_json_and_csv(capsys) -> None:
    m = run_json(capsys, "matrix", "--data", str(TINY), "--modes", "water", "--basis", "line_haul")
    assert m["origins"] == ["a", "b", "c", "d"]
    i, j = m["origins"].index("b"), m["destinations"].index("c")
    assert m["minutes"][i][j] == pytest.approx(480.0)
    assert m["minutes"][0][1] is None  # unreachable a→b by water
    assert (
        main(
            [
                "matrix",
                "--data",
                str(TINY),
                "--modes",
                "water",
                "--basis",
                "line_haul",
                "--format",
                "csv",
            ]
        )
        == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "origin,a,b,c,d"
    assert lines[2] == "b,,0.0,480.0,"


def test_compare_json(capsys) -> None:
    c = run_json(capsys, "compare", "--data", str(TINY))
    rail, door = c["rows"]
    assert (rail["origin"], rail["destination"], rail["modes"], rail["basis"]) == (
        "a",
        "c",
        "rail",
        "line_haul",
    )
    assert rail["before_min"] == pytest.approx(164.0)
    assert rail["after_min"] == pytest.approx(84.0)
    assert rail["change_min"] == pytest.approx(-80.0)
    assert rail["change_pct"] == pytest.approx(-80 / 164 * 100)
    assert rail["status"] == "faster" and rail["projects"] == "p_up"
    assert door["before_min"] == pytest.approx(204.0)


def test_compare_pairs_option_and_csv(capsys) -> None:
    assert (
        main(
            ["compare", "--data", str(TINY), "--pairs", "d:c", "--modes", "any", "--format", "csv"]
        )
        == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("origin,destination,modes,basis,before_min,after_min")
    assert lines[1].startswith("d,c,any,line_haul,")


def test_repeated_cli_runs_identical(capsys) -> None:
    outputs = []
    for _ in range(2):
        assert main(["matrix", "--data", str(TINY), "--scenario", "full", "--format", "json"]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]


def test_timeline_years_are_whole_numbers(capsys) -> None:
    assert main(["timeline", "a", "c", "--data", str(TINY), "--format", "json"]) == 0
    years = [row["year"] for row in json.loads(capsys.readouterr().out)["rows"]]
    assert years[0] is None and all(isinstance(y, int) for y in years[1:])
    assert main(["timeline", "a", "c", "--data", str(TINY)]) == 0
    text = capsys.readouterr().out
    assert "2020" in text and "2,020" not in text and "2020.0" not in text


def test_map_with_tiles_is_not_called_self_contained(capsys, tmp_path) -> None:
    out = tmp_path / "m.html"
    assert main(["map", "--data", str(TINY), "--tiles", "osm", "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert "self-contained" not in said and "osm tiles load from the network" in said
    assert main(["map", "--data", str(TINY), "-o", str(out)]) == 0
    assert "self-contained, works offline" in capsys.readouterr().out


def test_confusing_options_are_refused_or_merged(capsys) -> None:
    assert main(["rank", "--data", str(TINY), "--top", "-5"]) == 2
    assert "positive" in capsys.readouterr().err
    assert main(["matrix", "--data", str(TINY), "--places", "a,Alpha,甲", "--format", "json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["origins"] == body["destinations"] == ["a"]
    with pytest.raises(SystemExit) as stop:
        main(["compare", "--data", str(TINY), "--scenario", "full"])
    assert stop.value.code == 2


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["map", "--kind", "network", "--origin", "a"], "--origin"),
        (["map", "--kind", "time", "--origin", "a", "--project", "p_new"], "--project"),
        (["map", "--kind", "before-after", "--scenario", "full"], "--scenario"),
        (["map", "--kind", "freight", "--side-by-side"], "--side-by-side"),
        (["map", "--kind", "project", "--project", "p_new", "--before", "2025"], "--before"),
        (["rank", "--purpose", "freight", "--by", "province"], "--by"),
        (["compare", "--purpose", "freight", "--brief"], "--brief"),
        (["access", "--facilities", "--by", "prefecture"], "--by"),
        (["export", "--format", "geojson", "--before", "baseline", "--after", "full"], "--before"),
    ],
)  # fmt: skip
def test_options_that_would_do_nothing_are_refused(argv, named, tmp_path, capsys) -> None:
    out = tmp_path / ("m.geojson" if argv[0] == "export" else "m.html")
    outputs = ["-o", str(out)] if argv[0] in ("map", "export") else []
    assert main([*argv, "--data", str(TINY), *outputs]) == 2
    assert named in capsys.readouterr().err
    assert not out.exists()


def test_csv_cells_a_spreadsheet_would_run_are_inert(capsys, tiny) -> None:
    """A place named like a formula reaches CSV as text (leading apostrophe)."""
    from tests.conftest import edit

    edit(tiny / "nodes.csv", "a,Alpha,甲", "a,=cmd|' /C calc'!A0,甲")
    assert main(["access", "--data", str(tiny), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "'=cmd|' /C calc'!A0" in out
    assert "\n=cmd" not in out and ",=cmd" not in out


def test_safe_cell_leaves_numbers_and_plain_text() -> None:
    from hypothesis import given
    from hypothesis import strategies as st

    from geo.plain import FORMULA_STARTS, safe_cell

    @given(st.text(), st.floats(allow_nan=False))
    def check(text: str, number: float) -> None:
        assert safe_cell(number) == number
        cell = safe_cell(text)
        if text.startswith(FORMULA_STARTS):
            assert cell == "'" + text
        else:
            assert cell == text

    check()


def test_safe_frame_neutralises_text_columns_only() -> None:
    import pandas as pd

    from geo.plain import safe_frame

    frame = pd.DataFrame({"origin": ["=x", "a"], "minutes": [-1.0, 2.0]})
    out = safe_frame(frame)
    assert list(out["origin"]) == ["'=x", "a"]
    assert list(out["minutes"]) == [-1.0, 2.0]
    assert list(frame["origin"]) == ["=x", "a"]  # the input is left alone


def test_no_csv_the_tool_writes_holds_a_live_formula(tmp_path, capsys) -> None:
    """Every place and project named like a formula: no CSV cell may start like one."""
    import csv
    import io
    import shutil

    from geo.plain import FORMULA_STARTS
    from tests.conftest import edit

    data = tmp_path / "data"
    shutil.copytree(TINY, data)
    for old, new in [
        ("a,Alpha,", "a,=HYPERLINK(1),"),
        ("b,Beta,", "b,+Beta,"),
        ("c,Gamma,", "c,-Gamma,"),
        ("d,Delta,", "d,@Delta,"),
    ]:
        edit(data / "nodes.csv", old, new)
    edit(data / "projects.csv", "p_new,New Beta", "p_new,=New Beta")
    with open(data / "dataset.toml", "a", encoding="utf-8") as handle:
        handle.write('\n[[targets]]\nid = "t"\nname = "=SUM(1)"\nfrom = "a"\nto = "c"\n'
                     'minutes = 200\nsource = "@test"\n')  # fmt: skip
    spec = tmp_path / "sweep.toml"
    spec.write_text('[portfolios]\nscenarios = ["baseline", "full"]\n', encoding="utf-8")
    d = ["--data", str(data)]
    printed = [["matrix", *d], ["compare", *d], ["access", *d], ["rank", *d],
               ["targets", *d], ["timeline", "a", "c", *d], ["sweep", str(spec), *d]]  # fmt: skip
    texts = []
    for argv in printed:
        assert main([*argv, "--format", "csv"]) == 0, argv
        texts.append(capsys.readouterr().out.split("\n", 1)[1] if argv[0] == "sweep" else
                     capsys.readouterr().out)  # fmt: skip
    written = [["export", *d, "--format", "csv", "-o", str(tmp_path / "e.csv")],
               ["sweep", str(spec), *d, "-o", str(tmp_path / "s.csv")],
               ["freight", "a", "c", *d, "--flows", str(tmp_path / "f.csv")]]  # fmt: skip
    for argv in written:
        assert main(argv) == 0, argv
    texts += [(tmp_path / n).read_text(encoding="utf-8") for n in ("e.csv", "s.csv", "f.csv")]
    capsys.readouterr()
    assert any("'=HYPERLINK(1)" in t or "'+Beta" in t for t in texts)  # the names are there
    for text in texts:
        for row in csv.reader(io.StringIO(text)):
            live = [cell for cell in row if cell.startswith(FORMULA_STARTS) and not _number(cell)]
            assert not live, live


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_amounts_are_labelled_in_the_dataset_currency(tiny, capsys) -> None:
    from tests.conftest import edit

    assert main(["rank", "--data", str(tiny)]) == 0
    assert "CNY bn" in capsys.readouterr().out  # the default
    edit(tiny / "dataset.toml", "base_year = 2020", 'base_year = 2020\ncurrency = "EUR"')
    for argv in (["rank"], ["info"], ["compare"]):
        assert main([*argv, "--data", str(tiny)]) == 0
        out = capsys.readouterr().out
        assert "EUR bn" in out and "CNY" not in out and "RMB" not in out, argv
