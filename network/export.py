"""Exports for GIS and transport-modelling tools, each with a run manifest.

=========  =========================================================================================
gpkg       GeoPackage: ``nodes`` and ``edges`` layers of the scenario graph (OSMnx's convention:
           ``u``, ``v``, ``key``; ``x``/``y``), and the ``projects`` catalogue as a table
geojson    one FeatureCollection: graph nodes and edges (``element``)
graphml    the MultiDiGraph itself, typed attributes (``nx.read_graphml``)
csv        long table of minutes (``scenario``, ``modes``, ``basis``, ``origin``, ``destination``,
           ``minutes``), or with a before and an after scenario the comparison of every pair
omx        Open Matrix: one matrix per (scenario, mode set); lookup ``zone`` numbers 1..N and
           ``place_id`` in the same order; NaN = unreachable
=========  =========================================================================================

Every export writes ``<file>.manifest.json`` beside it: Corridor's version, the
dataset's content hash, the parameters, scenarios, modes and basis. With it a figure
can be reproduced, and :func:`check_manifest` tells when the data has changed since.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
from shapely.geometry import LineString, Point

from geo.atomic import atomic_path, check_folder, fixed_gdal_date
from geo.dataset import Dataset
from geo.errors import OutputError
from geo.plain import safe_frame
from network.cache import ScenarioCache, ScenarioSpec
from network.compare import compare_matrices
from network.manifest import check_manifest, manifest, write_manifest
from network.matrix import long_form, od_matrix

FORMATS: dict[str, str] = {
    "gpkg": ".gpkg",
    "geojson": ".geojson",
    "graphml": ".graphml",
    "csv": ".csv",
    "omx": ".omx",
}
MODE_SETS: tuple[str, ...] = ("rail", "road", "water", "any")


# ---------------------------------------------------------------------- GIS layers


def graph_to_gdfs(
    graph: nx.MultiDiGraph, dataset: Dataset
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Return (nodes, edges) GeoDataFrames of a graph, as OSMnx's ``graph_to_gdfs``.

    Nodes: index ``osmid`` (the node id), ``x``, ``y`` and the node attributes.
    Edges: index (``u``, ``v``, ``key``) and the edge attributes; ride edges follow
    the line through the stops they pass, the others are zero-length.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    dataset : geo.dataset.Dataset
    """
    node_rows = []
    for node, data in graph.nodes(data=True):
        node_rows.append({"osmid": node, **data, "geometry": Point(data["x"], data["y"])})
    nodes = gpd.GeoDataFrame(node_rows, geometry="geometry", crs="EPSG:4326").set_index("osmid")
    coords = {n: (d["x"], d["y"]) for n, d in graph.nodes(data=True)}
    stops_of = dataset.links["stops"].to_dict()
    edge_rows = []
    for u, v, key, data in graph.edges(keys=True, data=True):
        path = [coords[u], coords[v]]
        if data["kind"] == "ride" and data["link_id"] in stops_of:
            stops = list(stops_of[data["link_id"]])
            a, b = data["from_place"], data["to_place"]
            if a in stops and b in stops:
                i, j = stops.index(a), stops.index(b)
                step = 1 if j > i else -1
                path = [coords[s] if s in coords else coords[u] for s in stops[i : j + step : step]]
        edge_rows.append({"u": u, "v": v, "key": key, **data, "geometry": LineString(path)})
    edges = gpd.GeoDataFrame(edge_rows, geometry="geometry", crs="EPSG:4326")
    edges = edges.set_index(["u", "v", "key"])
    return nodes, edges


# ------------------------------------------------------------------------- writers


def export(
    cache: ScenarioCache,
    path: str | Path,
    fmt: str | None = None,
    *,
    scenario: ScenarioSpec = "full",
    before: str | None = None,
    after: str | None = None,
    modes: str = "any",
    basis: str = "door_to_door",
) -> list[Path]:
    """Export a scenario (or a before/after comparison) to ``path``.

    Parameters
    ----------
    cache : ScenarioCache
    path : str or Path
        Output file; its folder must exist.
    fmt : {"gpkg", "geojson", "graphml", "csv", "omx"}, optional
        Default: from the file's suffix.
    scenario : str, default "full"
        The scenario of graph exports (gpkg, geojson, graphml) and of matrices.
    before, after : str, optional
        For csv and omx: the two scenarios to export (csv: their comparison).
    modes : str, default "any"
        Mode set of graph exports (matrices cover rail, road, water and any).
    basis : {"door_to_door", "line_haul"}

    Returns
    -------
    list of Path
        The file written and its manifest.

    Raises
    ------
    geo.errors.OutputError
        For an unknown format or a path that cannot be written (exit code 2).
    """
    path = check_folder(path)
    fmt = _format(path, fmt)
    dataset = cache.dataset
    chosen = [before, after] if before and after else [scenario]
    scenarios = [s if isinstance(s, str) else s.name for s in chosen if s is not None]
    if fmt in ("gpkg", "geojson", "graphml"):
        graph = cache.graph(scenario, modes)
        if fmt == "graphml":
            _write_graphml(graph, path)
        else:
            _write_layers(graph, dataset, path, fmt)
    elif fmt == "csv":
        _write_csv(cache, path, scenarios, before, after, basis)
    else:
        _write_omx(cache, path, scenarios, basis)
    export = {"format": fmt, "file": path.name, "modes": modes, "basis": basis}
    record = manifest(dataset, params=cache.params, scenarios=scenarios, export=export)
    return [path, write_manifest(path, record)]


def _format(path: Path, fmt: str | None) -> str:
    """Return the export format: ``fmt``, else the file's suffix; raise if unknown."""
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise OutputError(
            f"{path}: unknown export format '{fmt}': use one of {', '.join(FORMATS)} "
            "(--format, or the file's suffix)"
        )
    return fmt


def _write_layers(graph: nx.MultiDiGraph, dataset: Dataset, path: Path, fmt: str) -> None:
    nodes, edges = graph_to_gdfs(graph, dataset)
    nodes = nodes.reset_index()
    edges = edges.reset_index()
    for frame in (nodes, edges):
        for column in frame.columns:
            if frame[column].dtype == object and column != "geometry":
                frame[column] = frame[column].map(lambda v: None if v is None else str(v))
    with atomic_path(path) as tmp, fixed_gdal_date():
        if fmt == "gpkg":
            nodes.to_file(tmp, layer="nodes", driver="GPKG", engine="pyogrio")
            edges.to_file(tmp, layer="edges", driver="GPKG", engine="pyogrio")
            import pyogrio

            catalogue = dataset.projects.reset_index(drop=True).copy()
            catalogue["opening_year"] = catalogue["opening_year"].astype("Int64")
            pyogrio.write_dataframe(catalogue, tmp, layer="projects", driver="GPKG")
        else:
            both = pd.concat(
                [nodes.assign(element="node"), edges.assign(element="edge")], ignore_index=True
            )
            gpd.GeoDataFrame(both, geometry="geometry", crs="EPSG:4326").to_file(
                tmp, driver="GeoJSON", engine="pyogrio", layer=path.stem
            )


def _write_graphml(graph: nx.MultiDiGraph, path: Path) -> None:
    clean = nx.MultiDiGraph()
    clean.graph.update({k: str(v) for k, v in graph.graph.items()})
    for node, data in graph.nodes(data=True):
        clean.add_node(node, **{k: v for k, v in data.items() if v is not None})
    for u, v, key, data in graph.edges(keys=True, data=True):
        clean.add_edge(u, v, key=key, **data)
    with atomic_path(path) as tmp:
        nx.write_graphml(clean, tmp, named_key_ids=True)


def _matrices(
    cache: ScenarioCache, scenarios: list[str], basis: str
) -> dict[tuple[str, str], pd.DataFrame]:
    return {(s, m): od_matrix(cache, s, modes=m, basis=basis) for s in scenarios for m in MODE_SETS}


def _write_csv(
    cache: ScenarioCache,
    path: Path,
    scenarios: list[str],
    before: str | None,
    after: str | None,
    basis: str,
) -> None:
    frames = []
    if before and after:
        for m in MODE_SETS:
            b = od_matrix(cache, before, modes=m, basis=basis)
            a = od_matrix(cache, after, modes=m, basis=basis)
            table = compare_matrices(b, a)
            table.insert(0, "basis", basis)
            table.insert(0, "modes", m)
            table.insert(0, "after", after)
            table.insert(0, "before", before)
            frames.append(table)
    else:
        for (s, m), matrix in _matrices(cache, scenarios, basis).items():
            table = long_form(matrix)
            table.insert(0, "basis", basis)
            table.insert(0, "modes", m)
            table.insert(0, "scenario", s)
            frames.append(table)
    with atomic_path(path) as tmp:
        safe_frame(pd.concat(frames, ignore_index=True)).to_csv(tmp, index=False, encoding="utf-8")


def omx_name(scenario: str, modes: str) -> str:
    """Name of a matrix in an OMX file: ``<scenario>__<modes>``.

    Parameters
    ----------
    scenario, modes : str

    Returns
    -------
    str
    """
    return f"{scenario}__{modes}"


def _write_omx(cache: ScenarioCache, path: Path, scenarios: list[str], basis: str) -> None:
    import openmatrix as omx

    matrices = _matrices(cache, scenarios, basis)
    places = list(next(iter(matrices.values())).index)
    with atomic_path(path) as tmp:
        handle = omx.open_file(str(tmp), "w")
        try:
            # Arrays are written without HDF5 object times (track_times), so the same
            # matrices give the same bytes; openmatrix's own writers always stamp them.
            handle.root._v_attrs["SHAPE"] = np.array([len(places)] * 2, dtype="int32")
            for (s, m), matrix in matrices.items():
                values = matrix.reindex(index=places, columns=places).to_numpy(dtype=float)
                node = handle.create_carray(
                    handle.root.data, omx_name(s, m), obj=values, track_times=False
                )
                node.attrs.scenario = s
                node.attrs.modes = m
                node.attrs.basis = basis
                node.attrs.unit = "minutes; NaN = unreachable"
            # OMX lookups are numeric: zone numbers 1..N in place order; the place ids
            # sit beside them as a string array of the same order.
            lookup = handle.root.lookup
            zones = np.arange(1, len(places) + 1)
            handle.create_array(lookup, "zone", obj=zones, track_times=False)
            ids = np.array([p.encode() for p in places])
            handle.create_array(lookup, "place_id", obj=ids, track_times=False)
        finally:
            handle.close()


def read_omx(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read an OMX file written by :func:`export` back as DataFrames (place ids).

    Returns
    -------
    dict of str to pandas.DataFrame
        By :func:`omx_name`: places × places, minutes; NaN = unreachable.
    """
    import openmatrix as omx

    handle = omx.open_file(str(path), "r")
    try:
        places = [p.decode() for p in handle.root.lookup.place_id[:]]
        return {
            name: pd.DataFrame(np.array(handle[name]), index=places, columns=places)
            for name in handle.list_matrices()
        }
    finally:
        handle.close()


__all__ = [
    "FORMATS",
    "MODE_SETS",
    "check_manifest",
    "export",
    "graph_to_gdfs",
    "manifest",
    "omx_name",
    "read_omx",
    "write_manifest",
]
