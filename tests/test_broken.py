"""Every command on every broken dataset of the corpus (tests/broken/cases.toml).

A broken dataset must be refused by ``corridor validate`` and by every other command
with exit code 2, a message that names the file, no traceback and no file written. A
dataset that is only unusual passes ``validate`` with a warning, fails
``validate --strict``, and every command runs on it; so does a case that is valid
(``expect = "ok"``: it once broke a command).
"""

from __future__ import annotations

import contextlib
import io
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest

from corridor.cli import main
from tests.conftest import TESTS, TINY

CORPUS_DIR = TESTS / "broken"
CORPUS = tomllib.loads((CORPUS_DIR / "cases.toml").read_text(encoding="utf-8"))
CASES: list[dict[str, Any]] = CORPUS["case"]


def build(case: dict[str, Any], root: Path) -> Path:
    """Return a copy of the tiny dataset (with the corpus's target) with the case's edits."""
    folder = root / "data"
    shutil.copytree(TINY, folder)
    with open(folder / "dataset.toml", "a", encoding="utf-8") as handle:
        handle.write(CORPUS["base_toml"])
    for change in case["edits"]:
        _apply(folder, root, change)
    return folder


def _apply(folder: Path, root: Path, change: dict[str, Any]) -> None:
    path = folder / change["file"]
    if change.get("remove"):
        path.unlink()
    elif change.get("folder"):
        path.mkdir()
    elif "symlink_out" in change:
        outside = root / f"outside-{change['file']}"
        outside.write_text(change["symlink_out"], encoding="utf-8")
        path.unlink(missing_ok=True)
        path.symlink_to(outside)
    elif "encoding" in change:
        path.write_bytes(path.read_text(encoding="utf-8").encode(change["encoding"]))
    elif "write" in change:
        path.write_text(change["write"], encoding="utf-8")
    elif "write_from" in change:
        text = (CORPUS_DIR / change["write_from"]).read_text(encoding="utf-8")
        if "old" in change:
            assert change["old"] in text, change
            text = text.replace(change["old"], change["new"])
        path.write_text(text, encoding="utf-8")
    elif "append" in change:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(change["append"])
    else:
        text = path.read_text(encoding="utf-8")
        assert change["old"] in text, change
        new = change["old"] + "x" * change["pad"] if "pad" in change else change["new"]
        path.write_text(text.replace(change["old"], new, change.get("count", 1)), "utf-8")


def run(argv: list[str]) -> tuple[int, str]:
    """Run the CLI in this process; return the exit code and everything it printed."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as stop:  # argparse
            code = int(stop.code or 0)
    return code, out.getvalue() + err.getvalue()


def commands(folder: Path, outputs: Path) -> dict[str, list[str]]:
    """Every command that reads a dataset, with the arguments it needs on the tiny data."""
    spec = outputs / "sweep.toml"
    spec.write_text('[portfolios]\nscenarios = ["baseline", "full"]\n', encoding="utf-8")
    data = ["--data", str(folder)]
    return {
        "info": ["info", *data],
        "route": ["route", "a", "c", *data],
        "matrix": ["matrix", *data, "--format", "csv"],
        "compare": ["compare", *data],
        "rank": ["rank", *data],
        "access": ["access", *data, "--format", "csv"],
        "targets": ["targets", *data],
        "freight targets": ["targets", *data, "--purpose", "freight"],
        "timeline": ["timeline", "a", "c", *data],
        "freight": ["freight", "a", "c", *data],
        "sweep": ["sweep", str(spec), *data, "-o", str(outputs / "sweep.csv")],
        "map": ["map", *data, "-o", str(outputs / "map.html")],
        "appraise": ["appraise", *data],
        "export": ["export", *data, "--format", "csv", "-o", str(outputs / "m.csv")],
        "verify": ["verify", str(outputs / "m.csv.manifest.json")],  # the export's, if any
    }


def test_the_corpus_is_large_and_every_case_is_distinct() -> None:
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids))
    assert sum(case.get("expect", "error") == "error" for case in CASES) >= 100


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_every_command_refuses_a_broken_dataset(case: dict[str, Any], tmp_path: Path) -> None:
    folder = build(case, tmp_path)
    outputs = tmp_path / "out"
    outputs.mkdir()
    expect = case.get("expect", "error")
    warning = expect in ("warning", "ok")
    code, said = run(["validate", str(folder)])
    assert code == (0 if warning else 2), said
    for text in case["says"]:
        assert text in said, f"{text!r} not in:\n{said}"
    if expect == "warning":
        assert "warning" in said
        assert run(["validate", str(folder), "--strict"])[0] == 2
    for name, argv in commands(folder, outputs).items():
        code, said = run(argv)  # an unexpected exception fails the test with its traceback
        assert "Traceback" not in said, (name, said)
        if name == "verify" and not warning:
            assert code == 2 and "does not exist" in said, said  # export wrote no manifest
        elif warning:
            assert code == 0, (name, said)
        else:
            assert code == 2, (name, said)
            assert case["says"][0] in said, (name, said)  # the message names the file
    if not warning:
        assert sorted(p.name for p in outputs.iterdir()) == ["sweep.toml"]  # nothing written
