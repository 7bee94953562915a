"""The command line on the tiny dataset: numbers checked by hand against its files."""

from __future__ import annotations

import json

import pytest

from network.cli import main
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
