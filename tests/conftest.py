from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
TINY = TESTS / "data" / "tiny"
REPO = TESTS.parent

# Compiled networks go to a fresh folder, never the user's cache (subprocesses inherit it);
# it is removed when the test run ends.
os.environ["CORRIDOR_CACHE_DIR"] = tempfile.mkdtemp(prefix="corridor-test-cache-")
atexit.register(shutil.rmtree, os.environ["CORRIDOR_CACHE_DIR"], ignore_errors=True)


#: The parameters of the hand-checkable fixtures (as tests/data/tiny/dataset.toml).
HAND_PARAMETERS = (TINY / "dataset.toml").read_text(encoding="utf-8").split("\n\n# The hand")[1]
HAND_PARAMETERS = "\n# The hand" + HAND_PARAMETERS


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A writable copy of the hand-checkable tiny dataset."""
    target = tmp_path / "tiny"
    shutil.copytree(TINY, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in a text file, failing loudly if ``old`` is absent."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def write_dataset(
    folder: Path,
    nodes: list[tuple[str, float, float]],
    links: list[dict],
    projects: list[dict] | None = None,
    project_links: list[dict] | None = None,
    upgrades: list[dict] | None = None,
    base_year: int | None = None,
) -> Path:
    """Write a small dataset folder from Python records (population 1000 each)."""
    import csv

    from geo.schema import TABLES

    folder.mkdir(parents=True, exist_ok=True)

    def dump(name: str, rows: list[dict]) -> None:
        columns = TABLES[name].field_names
        with open(folder / f"{name}.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            for row in rows:
                writer.writerow({c: row.get(c, "") for c in columns})

    dump(
        "nodes",
        [
            {
                "id": i,
                "name": i.upper(),
                "kind": "city",
                "population": 1000,
                "lon": lon,
                "lat": lat,
                "source": "test",
            }
            for i, lon, lat in nodes
        ],
    )
    dump("links", [{"name": r["id"], "source": "test", **r} for r in links])
    if projects:
        dump(
            "projects",
            [{"name": r["id"], "category": "transport", "source": "test", **r} for r in projects],
        )
    if project_links:
        dump("project_links", [{"name": r["id"], "source": "test", **r} for r in project_links])
    if upgrades:
        dump("project_upgrades", [{"source": "test", **r} for r in upgrades])
    year = f"base_year = {base_year}\n" if base_year is not None else ""
    (folder / "dataset.toml").write_text(year + HAND_PARAMETERS, encoding="utf-8")
    return folder
