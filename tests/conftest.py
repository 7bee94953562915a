from __future__ import annotations

import shutil
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
TINY = TESTS / "data" / "tiny"
REPO = TESTS.parent


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
