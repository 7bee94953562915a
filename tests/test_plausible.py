"""Values no transport dataset can hold are refused, with the reason (geo.plausible)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from geo import validate_folder
from tests.conftest import REPO, edit


def problems(folder: Path) -> list[str]:
    return [f"{p.file}|{p.record}|{p.field}|{p.message}" for p in validate_folder(folder).problems]


RIVER = "w1,waterway,Beta–Gamma river,,b;c,120,15,"
CASES = [
    # A speed of a billion km/h (Chengdu–Chongqing would take 0.0 min), and one of a snail.
    ("links.csv", "a;b;c,200,100,", "a;b;c,200,1e9,", "r1|speed_kmh|1e+09 km/h is not plausible"),
    ("links.csv", "a;b;c,200,100,", "a;b;c,200,0.0001,", "r1|speed_kmh|0.0001 km/h is not"),
    # A length of 1e12 km, and one of a metre.
    ("links.csv", "a;b;c,200,", "a;b;c,1e12,", "r1|length_km|1e+12 km is more than 3 times"),
    ("links.csv", "a;b;c,200,", "a;b;c,0.001,", "r1|length_km|0.001 km is less than half"),
    # Published minutes faster than the mode runs: 96 km in a minute.
    ("links.csv", RIVER + ",", RIVER + "1,", "w1|minutes|1 min for segment 1"),
    # A population of 9e15.
    ("nodes.csv", "city,500000", "city,9000000000000000", "b|population|9,000,000,000,000,000"),
    # An "upgrade" that lowers a speed.
    ("project_upgrades.csv", "p_up,r1,200", "p_up,r1,50", "speed_kmh|lowers speed_kmh from 100"),
    # A project that upgrades its own new line.
    ("project_upgrades.csv", "p_up,r1,200", "p_new,e2,150", "a project upgrades the link it adds"),
    # A Cyrillic look-alike id: U+0430 for 'a'.
    ("nodes.csv", "d,Delta", "\u0430x,Delta", "\u0430x|id|is not an ASCII slug"),
]


@pytest.mark.parametrize(("file", "old", "new", "expected"), CASES)
def test_implausible_values_are_refused(
    tiny: Path, file: str, old: str, new: str, expected: str
) -> None:
    edit(tiny / file, old, new)
    found = problems(tiny)
    assert any(expected in p for p in found), found


def test_two_upgrades_of_one_link_by_one_project_conflict(tiny: Path) -> None:
    path = tiny / "project_upgrades.csv"
    path.write_text(
        path.read_text(encoding="utf-8") + "p_up,r1,250,,,test fixture\n", encoding="utf-8"
    )
    assert any(
        "p_up → r1|link_id|the project upgrades this link twice" in p for p in problems(tiny)
    )


def test_the_command_refuses_them_with_exit_code_2(tiny: Path) -> None:
    edit(tiny / "links.csv", "a;b;c,200,100,", "a;b;c,200,1e9,")
    run = subprocess.run(
        [sys.executable, "-m", "corridor", "compare", "--data", str(tiny)],
        capture_output=True, text=True, cwd=REPO,
    )  # fmt: skip
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "1e+09 km/h is not plausible for rail" in run.stdout + run.stderr


def test_the_embedded_data_is_plausible() -> None:
    assert validate_folder(REPO / "data").problems == []


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "gpkg", "-o", "out.csv"],
        ["--scenario", "full", "--before", "baseline", "--after", "full", "-o", "out.csv"],
    ],
)
def test_export_refuses_contradictions_and_writes_nothing(tmp_path: Path, args: list[str]) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "corridor", "export", *args],
        capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert run.returncode == 2, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    assert list(tmp_path.iterdir()) == []
