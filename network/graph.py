"""The multimodal NetworkX graph of a scenario, built from the compiled network.

The graph follows OSMnx's conventions where they overlap: nodes carry ``x``/``y``
(lon/lat, WGS84), edges ``length`` in metres and ``travel_time`` in seconds, so
NetworkX and OSMnx-style tools work on it. Structure:

- a **place** node per place (id ``chengdu``), the origin and destination of trips;
- a **station** node per (place, mode) (id ``chengdu|hsr``), where trips board, and its
  **arrival** twin (``chengdu|hsr|arr``), where rides end;
- **access** edges place → station and **egress** edges arrival → place (door-to-door
  minutes from the parameters);
- **ride** edges station → arrival between every pair of stops i < j of a line, in both
  directions, whose time is the running time of the segments between them plus a dwell
  for every stop passed where the train calls (alighting anywhere is exact). Between two
  of a line's ``express_stops`` the fastest train calls only at the express stops in
  between; every other pair is served by the all-stops train;
- **transfer** edges arrival → station at one place: to another mode (the transfer
  penalty) or to another line of the same mode (the line-change penalty, never below the
  dwell, so alighting and re-boarding never beats staying on).

Each edge also has ``line_haul`` (seconds, station to station: zero on access/egress),
``minutes``, ``mode``, ``link_id``, ``project_id`` (``;``-joined ids of the projects
that add or upgrade the link, '' for none) and ``kind``.

The edges come from :class:`network.compiled.CompiledNetwork`, which holds every edge
of every scenario once; this module turns a scenario's edges into the graph.
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

from geo.dataset import Dataset
from network.compiled import CompiledNetwork
from network.ids import SEP, arrival_id, station_id
from network.params import TravelTimeParams
from network.scenario import Scenario, resolve_scenario


def build_graph(
    dataset: Dataset,
    scenario: str | Scenario | None = "baseline",
    *,
    params: TravelTimeParams | None = None,
    modes: str | frozenset[str] | None = "any",
) -> nx.MultiDiGraph:
    """Return the multimodal graph of a scenario.

    Parameters
    ----------
    dataset : geo.dataset.Dataset
        From :func:`geo.load_dataset`.
    scenario : str or Scenario, default "baseline"
        See :mod:`network.scenario` for the specification strings.
    params : TravelTimeParams, optional
        Model parameters (default: the documented defaults).
    modes : str, default "any"
        Mode set (``rail``, ``road``, ``water``, ``any``, ``freight``) or modes.

    Returns
    -------
    networkx.MultiDiGraph
        Graph attributes ``crs``, ``scenario``, ``modes``, ``project_ids``, ``dataset``.
        Many scenarios of one dataset: compile once with
        :class:`network.compiled.CompiledNetwork` (or use ``ScenarioCache``).
    """
    compiled = CompiledNetwork(dataset, params)
    return compiled.graph(resolve_scenario(dataset, scenario), modes)


def graph_from_edges(
    compiled: CompiledNetwork,
    edges: pd.DataFrame,
    places: list[str],
    *,
    scenario: Scenario,
    modes: str,
) -> nx.MultiDiGraph:
    """Return the graph of a scenario's compiled edges.

    Parameters
    ----------
    compiled : CompiledNetwork
    edges : pandas.DataFrame
        The scenario's rows of ``compiled.edges``.
    places : list of str
        The scenario's place nodes (base nodes and those its projects add).
    scenario : Scenario
    modes : str
        The mode set's name.

    Returns
    -------
    networkx.MultiDiGraph
    """
    dataset = compiled.dataset
    graph = nx.MultiDiGraph(
        crs="EPSG:4326",
        dataset=dataset.name,
        scenario=scenario.name,
        modes=modes,
        project_ids=";".join(scenario.project_ids),
    )
    _add_nodes(graph, compiled, edges, places)
    ids = compiled.node_ids
    names = dataset.links["name"].to_numpy(dtype=object)
    link_ids = dataset.links.index.to_numpy(dtype=object)
    n_nodes = len(ids)
    for e in edges.itertuples(index=False):
        ride = e.kind == "ride"
        target = ids[e.v] if e.v < n_nodes else e.to_place  # egress leads to the place
        graph.add_edge(
            ids[e.u],
            target,
            key=e.key,
            kind=e.kind,
            mode=e.mode,
            link_id=link_ids[e.link] if ride else "",
            name=names[e.link] if ride else e.kind,
            project_id=e.project_id,
            length=float(e.length),
            travel_time=float(e.travel_time),
            line_haul=float(e.line_haul),
            minutes=float(e.travel_time) / 60.0,
            stops_passed=int(e.stops_passed),
            from_place=e.from_place,
            to_place=e.to_place,
        )
    return graph


def _add_nodes(
    graph: nx.MultiDiGraph, compiled: CompiledNetwork, edges: pd.DataFrame, places: list[str]
) -> None:
    """Add the place nodes, and the station and arrival nodes the edges use."""
    dataset = compiled.dataset
    nodes = dataset.nodes
    for node in nodes.loc[places].itertuples():
        graph.add_node(
            node.Index,
            kind="place",
            place=node.Index,
            x=float(node.lon),
            y=float(node.lat),
            name=node.name,
            name_zh=node.name_zh,
            node_kind=node.kind,
            population=None if pd.isna(node.population) else int(node.population),
            circle=bool(node.circle),
            project_id=node.project_id,
        )
    lon, lat = nodes["lon"].to_dict(), nodes["lat"].to_dict()
    for k in sorted(set(edges["station_a"]) | set(edges["station_b"])):
        place, mode = compiled.stations[k]
        x, y = float(lon[place]), float(lat[place])
        graph.add_node(station_id(place, mode), kind="station", place=place, mode=mode, x=x, y=y)
        graph.add_node(arrival_id(place, mode), kind="arrival", place=place, mode=mode, x=x, y=y)


__all__ = ["SEP", "arrival_id", "build_graph", "graph_from_edges", "station_id"]
