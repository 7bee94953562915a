"""Progress bars: shown on a terminal for large work, never otherwise."""

from __future__ import annotations

import io
import sys

from geo import progress
from geo.dataset import load_dataset
from tests.conftest import TINY


class Terminal(io.StringIO):
    """A stderr that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_loading_a_large_dataset_shows_its_stages_on_a_terminal(monkeypatch) -> None:
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(progress, "LARGE_BYTES", 0)  # the tiny data counts as large
    monkeypatch.setattr("geo.dataset.LARGE_BYTES", 0)
    load_dataset(TINY, progress=True)
    shown = terminal.getvalue()
    assert "loading tiny" in shown and "nodes.csv" in shown and "links.csv" in shown
    assert "built" in shown


def test_no_bar_when_small_not_asked_or_not_a_terminal(monkeypatch) -> None:
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    load_dataset(TINY, progress=True)  # small: no bar
    load_dataset(TINY)  # not asked
    assert terminal.getvalue() == ""
    pipe = io.StringIO()  # not a terminal
    monkeypatch.setattr(sys, "stderr", pipe)
    monkeypatch.setattr("geo.dataset.LARGE_BYTES", 0)
    load_dataset(TINY, progress=True)
    assert pipe.getvalue() == ""


def test_compiling_a_large_network_shows_its_stages(monkeypatch, tmp_path) -> None:
    from network.store import compiled_network

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr("network.store.LARGE_LINKS", 0)
    monkeypatch.setenv("CORRIDOR_CACHE_DIR", str(tmp_path))
    compiled_network(load_dataset(TINY), progress=True)
    shown = terminal.getvalue()
    assert "compiling" in shown and "rides" in shown and "saved to the cache" in shown
