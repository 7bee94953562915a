"""Invariants of the travel-time model on random networks (hypothesis)."""

from __future__ import annotations

import itertools
import math
import tempfile
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo import geodesic_km, load_dataset
from network.graph import build_graph
from network.params import dataset_params
from network.routing import Router
from tests.conftest import write_dataset

MODES = ("hsr", "rail", "expressway", "road", "waterway")


@st.composite
def networks(draw):
    n = draw(st.integers(3, 7))
    coords = draw(
        st.lists(
            st.tuples(st.floats(100, 103, allow_nan=False), st.floats(28, 31, allow_nan=False)),
            min_size=n,
            max_size=n,
            unique_by=lambda c: (round(c[0], 3), round(c[1], 3)),
        )
    )
    nodes = [(f"n{i}", lon, lat) for i, (lon, lat) in enumerate(coords)]
    ids = [node[0] for node in nodes]

    def link(prefix: str, k: int) -> dict:
        stops = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=4, unique=True))
        mode = draw(st.sampled_from(MODES))
        row = {
            "id": f"{prefix}{k}",
            "mode": mode,
            "stops": ";".join(stops),
            "speed_kmh": draw(st.floats(*_speeds(mode))),
        }
        if mode == "waterway":
            row["reverse_speed_kmh"] = draw(st.floats(5, 30))
        return row

    links = [link("l", k) for k in range(draw(st.integers(1, 6)))]
    extra = [link("p", k) for k in range(draw(st.integers(1, 3)))]
    return nodes, links, extra


def matrices(folder: Path, basis: str):
    ds = load_dataset(folder)
    return (
        Router(build_graph(ds, "baseline")).matrix(basis),
        Router(build_graph(ds, "full")).matrix(basis),
        ds,
    )


def never_slower(before, after) -> None:
    b, a = before.to_numpy(), after.loc[before.index, before.columns].to_numpy()
    finite = np.isfinite(b)
    assert np.all(np.isfinite(a[finite])), "a trip became unreachable"
    assert np.all(a[finite] <= b[finite] + 1e-6), "a trip became slower"


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
def _speeds(mode: str) -> tuple[float, float]:
    """The speeds validation accepts for a mode (geo.plausible), at most 350 km/h."""
    from geo.plausible import SPEED_KMH

    low, high = SPEED_KMH[mode]
    return low, min(high, 350.0)


@given(networks(), st.sampled_from(["line_haul", "door_to_door"]))
def test_adding_a_project_never_lengthens_a_trip(net, basis) -> None:
    nodes, links, extra = net
    with tempfile.TemporaryDirectory() as tmp:
        projects = [{"id": f"proj{k}"} for k in range(len(extra))]
        added = [{**row, "project_id": f"proj{k}"} for k, row in enumerate(extra)]
        folder = write_dataset(Path(tmp), nodes, links, projects, added)
        before, after, _ = matrices(folder, basis)
        never_slower(before, after)


@SETTINGS
@given(networks(), st.data())
def test_raising_a_speed_never_lengthens_a_trip(net, data) -> None:
    nodes, links, _ = net
    target = data.draw(st.sampled_from(links))
    faster = min(target["speed_kmh"] * data.draw(st.floats(1.0, 3.0)), _speeds(target["mode"])[1])
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_dataset(
            Path(tmp),
            nodes,
            links,
            [{"id": "up"}],
            None,
            [{"project_id": "up", "link_id": target["id"], "speed_kmh": faster}],
        )
        for basis in ("line_haul", "door_to_door"):
            before, after, _ = matrices(folder, basis)
            never_slower(before, after)


@SETTINGS
@given(networks())
def test_no_trip_beats_the_crow_at_top_speed(net) -> None:
    nodes, links, extra = net
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_dataset(Path(tmp), nodes, links + extra)
        ds = load_dataset(folder)
        params = dataset_params(ds.metadata)
        line_haul = Router(build_graph(ds, params=params)).matrix("line_haul")
        top = max(
            params.expressway_speed(float(r["speed_kmh"]))
            if r["mode"] == "expressway"
            else max(float(r["speed_kmh"]), float(r.get("reverse_speed_kmh", 0)))
            * params.speed_factor[r["mode"]]
            for r in links + extra
        )
        where = {i: (lon, lat) for i, lon, lat in nodes}
        for a, b in itertools.permutations(line_haul.index, 2):
            minutes = line_haul.loc[a, b]
            if math.isnan(minutes):
                continue
            crow = float(geodesic_km(*where[a], *where[b]))
            assert minutes >= crow / top * 60 - 1e-6


@SETTINGS
@given(networks())
def test_door_to_door_never_below_line_haul(net) -> None:
    nodes, links, _ = net
    with tempfile.TemporaryDirectory() as tmp:
        ds = load_dataset(write_dataset(Path(tmp), nodes, links))
        router = Router(build_graph(ds))
        lh, dd = router.matrix("line_haul"), router.matrix("door_to_door")
        finite = np.isfinite(lh.to_numpy())
        assert np.array_equal(finite, np.isfinite(dd.to_numpy()))
        assert np.all(dd.to_numpy()[finite] >= lh.to_numpy()[finite] - 1e-9)


@st.composite
def published_networks(draw):
    """Random networks whose links carry a published total length, often below the
    geodesic chain of their stops (stops off the line), and random physical parameters."""
    nodes, links, extra = draw(networks())
    where = {i: (lon, lat) for i, lon, lat in nodes}
    for row in links + extra:
        stops = row["stops"].split(";")
        chain = sum(float(geodesic_km(*where[a], *where[b])) for a, b in itertools.pairwise(stops))
        row["length_km"] = chain * draw(st.floats(0.5, 1.5))
    return nodes, links, extra


@SETTINGS
@given(
    published_networks(),
    st.floats(0.3, 1.0),
    st.one_of(st.just(0.0), st.floats(0.05, 1.5)),
    st.floats(0.0, 10.0),
)
def test_physics_holds_under_any_parameters(net, factor, accel, urban) -> None:
    """No segment is shorter than its geodesic and no trip beats the crow at top speed."""
    from network.params import TravelTimeParams

    nodes, links, extra = net
    params = TravelTimeParams().replace(
        speed_factor=dict.fromkeys(MODES, factor),
        acceleration={"hsr": accel, "rail": accel},
        urban_minutes=urban,
    )
    with tempfile.TemporaryDirectory() as tmp:
        ds = load_dataset(write_dataset(Path(tmp), nodes, links + extra))
        segments = ds.segments()
        assert (segments["length_km"] >= segments["geodesic_km"] - 1e-9).all()
        line_haul = Router(build_graph(ds, "full", params=params)).matrix("line_haul")
    top = max(
        params.expressway_speed(float(r["speed_kmh"]))
        if r["mode"] == "expressway"
        else max(float(r["speed_kmh"]), float(r.get("reverse_speed_kmh", 0))) * factor
        for r in links + extra
    )
    where = {i: (lon, lat) for i, lon, lat in nodes}
    for a, b in itertools.permutations(line_haul.index, 2):
        minutes = line_haul.loc[a, b]
        if not math.isnan(minutes):
            crow = float(geodesic_km(*where[a], *where[b]))
            assert minutes >= crow / top * 60 - 1e-6, (a, b, minutes, crow, top)
