"""Travel times on small fixtures, worked out by hand.

Tiny fixture (tests/data/tiny): a(104,30) b(105,30) c(106,30) d(105,31).
r1 rail a-b-c, 200 km published (100 + 100), 100 km/h × 0.75 = 75 km/h: 80 min a
segment; dwell 4 min. w1 waterway b→c 96 km at 12 km/h (480 min), 8 km/h upstream
(720 min). e1 expressway a-d, no length: geodesic × 1.2 at 100 × 0.8 = 80 km/h.
Defaults: access rail 25, egress rail 15, access/egress expressway 15, access water
45, egress water 20, transfer 20.
"""

from __future__ import annotations

import math
from dataclasses import replace

import networkx as nx
import pytest

from geo import geodesic_km, load_dataset
from network.graph import build_graph
from network.itinerary import merge_through_rides
from network.params import TravelTimeParams
from network.routing import Leg, Router
from tests.conftest import TINY, write_dataset

E1_MIN = float(geodesic_km(104, 30, 105, 31)) * 1.2 / 80 * 60


@pytest.fixture(scope="module")
def tiny():
    return load_dataset(TINY)


def matrix(ds, scenario="baseline", modes="any", basis="door_to_door", params=None):
    return Router(build_graph(ds, scenario, modes=modes, params=params)).matrix(basis)


def test_rail_line_haul_with_dwell(tiny) -> None:
    m = matrix(tiny, modes="rail", basis="line_haul")
    assert m.loc["a", "b"] == pytest.approx(80.0)
    assert m.loc["a", "c"] == pytest.approx(80 + 80 + 4)  # one stop passed at b


def test_rail_door_to_door(tiny) -> None:
    m = matrix(tiny, modes="rail")
    assert m.loc["a", "c"] == pytest.approx(25 + 164 + 15)


def test_waterway_direction(tiny) -> None:
    m = matrix(tiny, modes="water", basis="line_haul")
    assert m.loc["b", "c"] == pytest.approx(480.0)  # downstream
    assert m.loc["c", "b"] == pytest.approx(720.0)  # upstream
    door = matrix(tiny, modes="water")
    assert door.loc["b", "c"] == pytest.approx(45 + 480 + 20)


def test_multimodal_transfer(tiny) -> None:
    m = matrix(tiny)
    # d→c: access by road 15, expressway to a, transfer 20, rail a→c 164, egress 15.
    assert m.loc["d", "c"] == pytest.approx(15 + E1_MIN + 20 + 164 + 15)
    # c→d: access rail 25 (not 15): the matrix is not symmetric.
    assert m.loc["c", "d"] == pytest.approx(25 + 164 + 20 + E1_MIN + 15)


def test_unreachable_is_nan_not_a_number(tiny) -> None:
    m = matrix(tiny, modes="water")
    assert math.isnan(m.loc["a", "b"])
    route = Router(build_graph(tiny, modes="water")).route("a", "c")
    assert route.minutes is None and route.to_dict()["minutes"] is None


def test_full_scenario_hand_numbers(tiny) -> None:
    m = matrix(tiny, "full", basis="line_haul")
    # p_up raises r1 to 200 km/h (150 km/h average): 40 min a segment.
    assert m.loc["a", "c"] == pytest.approx(40 + 40 + 4)
    door = matrix(tiny, "full")
    # d→c: new expressway b-d 120 km at 120 × 0.8 = 96 km/h = 75 min, then rail b→c.
    assert door.loc["d", "c"] == pytest.approx(15 + 75 + 20 + 40 + 15)


def test_year_scenario_includes_later_links(tiny) -> None:
    m = matrix(tiny, "2022", modes="rail", basis="line_haul")
    hsr = float(geodesic_km(104, 30, 105, 30)) * 1.15 / (250 * 0.85) * 60
    assert m.loc["a", "b"] == pytest.approx(hsr)


def test_itinerary_legs_and_projects(tiny) -> None:
    route = Router(build_graph(tiny, "full")).route("d", "c")
    kinds = [(leg.kind, leg.mode, leg.from_place, leg.to_place) for leg in route.legs]
    assert kinds == [
        ("access", "expressway", "d", "d"),
        ("ride", "expressway", "d", "b"),
        ("transfer", "expressway>rail", "b", "b"),
        ("ride", "rail", "b", "c"),
        ("egress", "rail", "c", "c"),
    ]
    assert route.project_ids == ("p_new", "p_up")
    assert sum(leg.minutes for leg in route.legs) == pytest.approx(route.minutes)


def test_line_change_and_no_reboarding_trick(tmp_path) -> None:
    # x(100,0) y(101,0) z(102,0); line L1 x-y-z and line L2 y-z, all rail, 111.32 km
    # a segment at 100 km/h (75 km/h average).
    nodes = [("x", 100, 0), ("y", 101, 0), ("z", 102, 0)]
    seg = float(geodesic_km(100, 0, 101, 0))
    links = [
        {"id": "l1", "mode": "rail", "stops": "x;y", "length_km": seg, "speed_kmh": 100},
        {"id": "l2", "mode": "rail", "stops": "y;z", "length_km": seg, "speed_kmh": 100},
        {"id": "l3", "mode": "rail", "stops": "x;y;z", "length_km": 2 * seg, "speed_kmh": 50},
    ]
    ds = load_dataset(write_dataset(tmp_path, nodes, links))
    run = seg / 75 * 60
    lh = Router(build_graph(ds, modes="rail")).matrix("line_haul")
    # Change at y from l1 to l2 costs the rail line change (15 min); staying on the slow
    # l3 costs 2 × 2 × run + 4 min dwell.
    assert lh.loc["x", "z"] == pytest.approx(min(2 * run + 15, 4 * run + 4))
    # With a line change below the dwell the parameters are refused.
    with pytest.raises(ValueError, match="below"):
        TravelTimeParams().replace(line_change_minutes={"rail": 1.0})


def test_express_stops_skip_dwell(tmp_path) -> None:
    # One rail line w-x-y-z, 100 km a segment (the places 89 km apart) at 100 km/h
    # (75 km/h average): 80 min a segment, dwell 4 min. The fastest train calls only at
    # w, y and z.
    nodes = [("w", 100, 0), ("x", 100.8, 0), ("y", 101.6, 0), ("z", 102.4, 0)]
    links = [
        {
            "id": "l",
            "mode": "rail",
            "stops": "w;x;y;z",
            "express_stops": "w;y;z",
            "length_km": "100;100;100",
            "speed_kmh": 100,
        }
    ]
    ds = load_dataset(write_dataset(tmp_path, nodes, links))
    graph = build_graph(ds, modes="rail")
    lh = Router(graph).matrix("line_haul")
    assert lh.loc["w", "y"] == pytest.approx(160.0)  # express passes x without calling
    assert lh.loc["w", "z"] == pytest.approx(240 + 4)  # calls at y only
    assert lh.loc["z", "w"] == pytest.approx(240 + 4)
    assert lh.loc["x", "z"] == pytest.approx(160 + 4)  # x is all-stops: dwell at y
    assert lh.loc["w", "x"] == pytest.approx(80.0)
    assert graph.get_edge_data("w|rail", "z|rail|arr")["l"]["stops_passed"] == 1


def test_drive_through_a_place_is_one_leg() -> None:
    # Roads have no dwell and no line change, so a shortest path may split one drive at
    # a place it passes (on the embedded data Chengdu → Chongqing by road in 2017 came
    # out as Chengdu → Bishan, a free transfer, Bishan → Chongqing); it is one ride.
    ride = Leg("ride", "expressway", "x", "y", 75.0, "e", "E", 2, 100.0, ("p",))
    free = Leg("transfer", "expressway", "y", "y", 0.0)
    onward = Leg("ride", "expressway", "y", "z", 50.0, "e", "E", 0, 60.0, ("p",))
    merged = merge_through_rides([ride, free, onward])
    assert merged == (Leg("ride", "expressway", "x", "z", 125.0, "e", "E", 3, 160.0, ("p",)),)
    # A paid change, or a change of link, stays as it is.
    paid = Leg("transfer", "rail", "y", "y", 15.0)
    assert len(merge_through_rides([ride, paid, onward])) == 3
    other = replace(onward, link_id="f")
    assert len(merge_through_rides([ride, free, other])) == 3
    ds = load_dataset()
    route = Router(build_graph(ds, "2017", modes="road")).route("chengdu", "chongqing", "line_haul")
    rides = [leg.link_id for leg in route.legs if leg.kind == "ride"]
    assert len(rides) == len(set(rides))  # no expressway is split at the places it passes
    assert all(leg.minutes == 0 for leg in route.legs if leg.kind == "transfer")


def test_router_agrees_with_networkx_dijkstra(tiny) -> None:
    # Independent method: NetworkX's own Dijkstra on the exported MultiDiGraph.
    for scenario in ("baseline", "full", "2030"):
        graph = build_graph(tiny, scenario)
        ours = Router(graph).matrix("door_to_door")
        for origin in ours.index:
            theirs = nx.single_source_dijkstra_path_length(graph, origin, weight="travel_time")
            for destination in ours.columns:
                expected = theirs.get(destination, math.inf) / 60
                got = ours.loc[origin, destination]
                if math.isinf(expected):
                    assert math.isnan(got)
                else:
                    assert got == pytest.approx(expected)


def test_graph_attributes_follow_osmnx(tiny) -> None:
    graph = build_graph(tiny, "full")
    assert graph.graph["crs"] == "EPSG:4326"
    assert graph.nodes["a"]["x"] == 104.0 and graph.nodes["a"]["y"] == 30.0
    data = graph.get_edge_data("a|rail", "c|rail|arr")["r1"]
    assert data["length"] == pytest.approx(200_000.0)
    assert data["travel_time"] == pytest.approx(84 * 60)
    assert data["minutes"] == pytest.approx(84.0)
    assert data["project_id"] == "p_up" and data["mode"] == "rail" and data["link_id"] == "r1"


def test_repeated_runs_identical(tiny) -> None:
    first = matrix(tiny, "full")
    for _ in range(3):
        again = matrix(tiny, "full")
        assert again.equals(first)
        assert list(again.index) == list(first.index)
