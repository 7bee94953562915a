"""The README's Quick start: exactly two commands, and CI runs the second."""

from __future__ import annotations

import re

import pytest

from tests.conftest import REPO


def quick_start_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```bash\n(.*?)```", section, re.S)]


def test_two_commands() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2
    assert all("\n" not in c for c in commands)
    assert "corridor" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert quick_start_commands()[1] in ci.splitlines()


def test_data_readme_documents_every_column() -> None:
    from geo.schema import TABLES

    text = (REPO / "data" / "README.md").read_text(encoding="utf-8")
    for spec in TABLES.values():
        assert f"{spec.stem}.csv" in text
        for name in spec.field_names:
            assert f"`{name}`" in text, f"{spec.stem}.{name} undocumented"


def test_python_examples_run(tmp_path, monkeypatch) -> None:
    """The README's Python blocks run, in order, in one namespace (files go to tmp)."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert len(blocks) >= 4
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)
    # The middle line non-stop: 292 km at 400 km/h x the fitted HSR factor, plus one
    # start/stop loss v / a (the README's comment rounds it to 54.4).
    params = namespace["study"].params
    running = 400 * params.speed_factor["hsr"]
    expected = 292 / running * 60 + running / 3.6 / params.acceleration["hsr"] / 60
    assert namespace["route"].minutes == pytest.approx(expected)
    assert round(expected, 1) == 54.4
    assert (tmp_path / "corridor_full.gpkg.manifest.json").is_file()
