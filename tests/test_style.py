"""The code base is ruff-clean and keeps the one-way dependency network → geo."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from tests.conftest import REPO


def test_ruff_clean() -> None:
    pytest.importorskip("ruff", reason="ruff is not installed (pip install -e '.[test]')")
    run = subprocess.run(
        [sys.executable, "-m", "ruff", "check", str(REPO)], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_geo_never_imports_network() -> None:
    for path in (REPO / "geo").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(n == "network" or n.startswith("network.") for n in names), path


def test_no_unsafe_loaders() -> None:
    banned = ("import pickle", "yaml.load(", " eval(", " exec(")
    for folder in ("geo", "network"):
        for path in (REPO / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            assert not any(b in text for b in banned), path
