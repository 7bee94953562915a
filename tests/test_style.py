"""The code base: ruff- and mypy-clean, arrows one way, small modules and functions."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGES = ("geo", "network", "corridor")
#: Which packages each package may import: geo ← network ← corridor.
ALLOWED = {"geo": {"geo"}, "network": {"geo", "network"}, "corridor": set(PACKAGES)}
#: Modules of geo and network that may import folium (drawing maps).
MAP_MODULES = ("geo/maps/", "network/maps.py")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def sources(*packages: str) -> Iterator[Path]:
    for package in packages:
        yield from sorted((REPO / package).rglob("*.py"))


def imported(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def test_ruff_clean() -> None:
    pytest.importorskip("ruff", reason="ruff is not installed (pip install -e '.[test]')")
    run = subprocess.run(
        [sys.executable, "-m", "ruff", "check", str(REPO)], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_mypy_clean() -> None:
    pytest.importorskip("mypy", reason="mypy is not installed (pip install -e '.[test]')")
    run = subprocess.run(
        [sys.executable, "-m", "mypy", *PACKAGES],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.parametrize("package", PACKAGES)
def test_arrows_point_one_way(package: str) -> None:
    forbidden = set(PACKAGES) - ALLOWED[package]
    for path in sources(package):
        for name in imported(path):
            assert name.split(".")[0] not in forbidden, f"{path} imports {name}"


def test_engine_never_parses_draws_or_prints() -> None:
    for path in sources("geo", "network"):
        relative = path.relative_to(REPO).as_posix()
        names = {n.split(".")[0] for n in imported(path)}
        assert "argparse" not in names, relative
        if not relative.startswith(MAP_MODULES):
            assert not names & {"folium", "branca"}, relative
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [
            n
            for n in ast.walk(tree)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "print"
        ]
        assert not calls, f"{relative} prints"


def test_modules_and_functions_are_small() -> None:
    for path in sources("corridor", "network"):
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines <= MAX_MODULE_LINES, f"{path.relative_to(REPO)}: {lines} lines"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                assert length <= MAX_FUNCTION_LINES, (
                    f"{path.relative_to(REPO)}:{node.lineno} {node.name}: {length} lines"
                )


def test_every_module_declares_its_public_names() -> None:
    for path in sources(*PACKAGES):
        if path.name in ("__main__.py",):
            continue
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        public = [
            n.name
            for n in tree.body
            if isinstance(n, ast.FunctionDef | ast.ClassDef) and not n.name.startswith("_")
        ]
        if public:
            assert "__all__" in text, f"{path.relative_to(REPO)} has no __all__"


def test_no_unsafe_loaders() -> None:
    banned = ("import pickle", "yaml.load(", " eval(", " exec(")
    for path in sources(*PACKAGES):
        text = path.read_text(encoding="utf-8")
        assert not any(b in text for b in banned), path


def test_help_imports_nothing_heavy() -> None:
    code = (
        "import sys\n"
        "from corridor.cli import build_parser\n"
        "build_parser().format_help()\n"
        "heavy = {'pandas', 'numpy', 'scipy', 'geopandas', 'folium', 'networkx', 'shapely'}\n"
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
