"""The generated ordinary-road layer: a Gabriel graph, checked against its definition."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from geo import load_dataset
from geo.roads import gabriel_pairs
from network.cache import ScenarioCache
from tests.conftest import write_dataset


def _gabriel_brute_force(x: np.ndarray, y: np.ndarray) -> set[tuple[int, int]]:
    """Pairs whose diametral circle holds no third point (the definition, O(n^3))."""
    out = set()
    for i, j in itertools.combinations(range(len(x)), 2):
        mx, my = (x[i] + x[j]) / 2, (y[i] + y[j]) / 2
        r2 = ((x[i] - x[j]) ** 2 + (y[i] - y[j]) ** 2) / 4
        inside = [
            k for k in range(len(x)) if k not in (i, j) and (x[k] - mx) ** 2 + (y[k] - my) ** 2 < r2
        ]
        if not inside:
            out.add((i, j))
    return out


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 10_000), st.integers(0, 10_000)),
        min_size=2,
        max_size=25,
        unique=True,
    )
)
def test_gabriel_pairs_equal_the_definition(points) -> None:
    x = np.array([p[0] for p in points], dtype=float)
    y = np.array([p[1] for p in points], dtype=float)
    got = {tuple(map(int, pair)) for pair in gabriel_pairs(x, y)}
    assert got == _gabriel_brute_force(x, y)


def test_a_square_with_a_centre_joins_the_centre_only() -> None:
    # Corners of a square and its centre: every side's circle is empty, but each
    # diagonal's circle holds the centre, so the diagonals are not roads.
    x = np.array([0.0, 2.0, 2.0, 0.0, 1.0])
    y = np.array([0.0, 0.0, 2.0, 2.0, 1.0])
    got = {tuple(map(int, p)) for p in gabriel_pairs(x, y)}
    assert got == {(0, 1), (1, 2), (2, 3), (0, 3), (0, 4), (1, 4), (2, 4), (3, 4)}


def test_every_embedded_place_is_reached_by_road_in_every_year() -> None:
    dataset = load_dataset()
    cache = ScenarioCache(dataset)
    places = [
        p
        for p, kind, circle in zip(
            dataset.nodes.index, dataset.nodes["kind"], dataset.nodes["circle"], strict=True
        )
        if kind in ("city", "district", "county") and circle
    ]
    for year in ("2000", "2010", "baseline"):
        matrix = cache.router(year, "road").matrix("line_haul").loc[places, places]
        assert np.isfinite(matrix.to_numpy()).all(), year


def test_the_layer_is_generated_only_when_asked(tmp_path) -> None:
    nodes = [("a", 104.0, 30.0), ("b", 104.5, 30.0), ("c", 104.25, 30.4)]
    links = [{"id": "r", "mode": "rail", "stops": "a;b", "speed_kmh": 100}]
    folder = write_dataset(tmp_path / "d", nodes, links)
    assert list(load_dataset(folder).links.index) == ["r"]
    with open(folder / "dataset.toml", "a", encoding="utf-8") as handle:
        handle.write("[roads]\nordinary = true\nmax_km = 40\n")
    generated = load_dataset(folder).links
    roads = generated[generated["mode"] == "road"]
    # a–b 48 km is beyond max_km; a–c and b–c (about 50 km) too: nothing within 40 km.
    assert roads.empty
    text = (folder / "dataset.toml").read_text(encoding="utf-8").replace("max_km = 40", "")
    (folder / "dataset.toml").write_text(text, encoding="utf-8")
    roads = load_dataset(folder).links
    roads = roads[roads["mode"] == "road"]
    assert sorted(roads.index) == ["road_a__b", "road_a__c", "road_b__c"]
    assert roads["source"].str.startswith("generated").all()


def test_a_bad_roads_table_is_refused(tmp_path) -> None:
    from geo.errors import DataValidationError

    nodes = [("a", 104.0, 30.0), ("b", 104.5, 30.0)]
    links = [{"id": "r", "mode": "rail", "stops": "a;b", "speed_kmh": 100}]
    folder = write_dataset(tmp_path / "d", nodes, links)
    with open(folder / "dataset.toml", "a", encoding="utf-8") as handle:
        handle.write('[roads]\nordinary = "yes"\nmax_km = -5\n')
    try:
        load_dataset(folder)
    except DataValidationError as caught:
        fields = {(p.file, p.record, p.field) for p in caught.problems}
    else:
        raise AssertionError("a bad [roads] table was accepted")
    assert fields == {("dataset.toml", "roads", "ordinary"), ("dataset.toml", "roads", "max_km")}
