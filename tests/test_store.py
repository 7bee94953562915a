"""The compiled network's disk cache: keyed by content and parameters, never by path."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

from geo import load_dataset
from network.compiled import CompiledNetwork
from network.params import TravelTimeParams
from network.scenario import resolve_scenario
from network.store import cache_key, compiled_network
from tests.conftest import TINY, edit


@pytest.fixture
def store(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("CORRIDOR_CACHE_DIR", str(folder))
    return folder


def test_read_back_equals_a_fresh_compilation(store) -> None:
    dataset = load_dataset(TINY)
    first = compiled_network(dataset)
    files = list(store.glob("*.npz"))
    assert len(files) == 1
    again = compiled_network(dataset)
    fresh = CompiledNetwork(dataset)
    pd.testing.assert_frame_equal(again.edges, fresh.edges, check_dtype=False)
    assert again.stations == fresh.stations == first.stations
    assert again.node_ids == fresh.node_ids
    scenario = resolve_scenario(dataset, "full")
    np.testing.assert_array_equal(again.mask(scenario), fresh.mask(scenario))
    # and the loaded arrays come from the file, not a recompilation
    assert list(store.glob("*.npz")) == files


def test_same_content_elsewhere_hits_a_changed_file_misses(store, tmp_path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(TINY, copy)
    assert cache_key(load_dataset(copy), TravelTimeParams()) == cache_key(
        load_dataset(TINY), TravelTimeParams()
    )
    compiled_network(load_dataset(TINY))
    compiled_network(load_dataset(copy))
    assert len(list(store.glob("*.npz"))) == 1
    edit(copy / "links.csv", "a;d,,100,", "a;d,,110,")
    compiled_network(load_dataset(copy))
    assert len(list(store.glob("*.npz"))) == 2


def test_parameters_are_part_of_the_key(store) -> None:
    dataset = load_dataset(TINY)
    slower = TravelTimeParams().replace(speed_factor={"hsr": 0.5})
    assert cache_key(dataset, slower) != cache_key(dataset, TravelTimeParams())
    a = compiled_network(dataset, slower)
    assert a.edges["travel_time"].sum() == pytest.approx(
        CompiledNetwork(dataset, slower).edges["travel_time"].sum()
    )


def test_a_damaged_file_is_recompiled(store) -> None:
    dataset = load_dataset(TINY)
    compiled_network(dataset)
    (file,) = store.glob("*.npz")
    file.write_bytes(b"not a zip")
    again = compiled_network(dataset)
    pd.testing.assert_frame_equal(again.edges, CompiledNetwork(dataset).edges, check_dtype=False)


def test_off_writes_nothing(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CORRIDOR_CACHE_DIR", "off")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    compiled_network(load_dataset(TINY))
    assert not any(tmp_path.rglob("*.npz"))


def test_an_empty_or_truncated_file_is_recompiled_and_replaced(store) -> None:
    dataset = load_dataset(TINY)
    compiled_network(dataset)
    (file,) = store.glob("*.npz")
    file.write_bytes(b"")
    again = compiled_network(dataset)
    pd.testing.assert_frame_equal(again.edges, CompiledNetwork(dataset).edges, check_dtype=False)
    assert file.stat().st_size > 0  # written afresh


def test_the_key_is_the_content_loaded_not_the_file_now(store, tiny) -> None:
    """Editing a file after loading never files the old network under the new content."""
    loaded = load_dataset(tiny)
    key = cache_key(loaded, TravelTimeParams())
    edit(tiny / "links.csv", "a;d,,100,", "a;d,,50,")
    assert cache_key(loaded, TravelTimeParams()) == key
    compiled_network(loaded)  # the old data, under the old content's key
    edited = compiled_network(load_dataset(tiny))
    fresh = CompiledNetwork(load_dataset(tiny))
    pd.testing.assert_frame_equal(edited.edges, fresh.edges, check_dtype=False)
