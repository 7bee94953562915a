"""Cheapest freight chains: cost matrices, itineraries and all-or-nothing assignment.

A :class:`FreightSkim` holds, for one scenario and cargo, the cheapest generalised cost
(CNY per tonne, money and time) between every pair of trip ends, with the money, hours
and kilometres by layer of that cheapest chain (scipy's Dijkstra from every origin,
then the attributes summed along each origin's shortest-path tree). The same trees
carry an all-or-nothing assignment of an OD table of tonnes: the flow on a tree edge is
the demand of every destination below it, so the tonnes leaving an origin equal its
demand by construction.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from network.freight import FreightGraph
from network.freightparams import FREIGHT_MODES

UNREACHABLE = -9999


@dataclass
class FreightSkim:
    """Cheapest chains between the trip ends of one scenario and cargo.

    Attributes
    ----------
    graph : FreightGraph
    cost : numpy.ndarray
        Ends × ends, generalised CNY per tonne (NaN: no chain).
    cny, hours : numpy.ndarray
        Money (CNY per tonne) and hours of that chain.
    km : dict of str to numpy.ndarray
        Kilometres of the chain by layer (truck, rail, water): tonne-km per tonne.
    """

    graph: FreightGraph
    cost: np.ndarray
    cny: np.ndarray
    hours: np.ndarray
    km: dict[str, np.ndarray]
    _pred: np.ndarray
    _edge: dict[tuple[int, int], int]
    _hops: np.ndarray

    @property
    def ends(self) -> list[str]:
        """The trip ends, in matrix order."""
        return self.graph.ends

    def frame(self, what: str = "cost") -> pd.DataFrame:
        """Return one matrix as a DataFrame (origins × destinations).

        Parameters
        ----------
        what : {"cost", "cny", "hours"}

        Returns
        -------
        pandas.DataFrame
        """
        values = getattr(self, what)
        return pd.DataFrame(values, index=self.ends, columns=self.ends)

    def path(self, origin: str, destination: str) -> list[int]:
        """Return the edge numbers (rows of ``graph.edges``) of the cheapest chain.

        Parameters
        ----------
        origin, destination : str
            Trip ends.

        Returns
        -------
        list of int
            In travel order; empty when there is no chain.
        """
        o = self.ends.index(origin)
        node = self.graph.nodes.index(f">{destination}")
        start = self.graph.nodes.index(f"{origin}>")
        out = []
        while node != start:
            before = int(self._pred[o, node])
            if before < 0:
                return []
            out.append(self._edge[(before, node)])
            node = before
        return out[::-1]

    def assign(self, demand: np.ndarray) -> np.ndarray:
        """Return the tonnes on every edge of the all-or-nothing assignment of ``demand``.

        Parameters
        ----------
        demand : numpy.ndarray
            Ends × ends, tonnes (per year); pairs with no chain carry nothing.

        Returns
        -------
        numpy.ndarray
            One value per row of ``graph.edges``.
        """
        flows = np.zeros(len(self.graph.edges))
        n = len(self.ends)
        first_sink = len(self.graph.nodes) - n
        for o in range(n):
            at = np.zeros(len(self.graph.nodes))
            reachable = ~np.isnan(self.cost[o])
            at[first_sink : first_sink + n] = np.where(reachable, demand[o], 0.0)
            # Deepest nodes first: every node hands its tonnes on after all below it.
            for node in np.argsort(-self._hops[o], kind="stable"):
                before = int(self._pred[o, node])
                if before < 0 or at[node] == 0.0:
                    continue
                flows[self._edge[(before, int(node))]] += at[node]
                at[before] += at[node]
        return flows


def freight_skim(graph: FreightGraph) -> FreightSkim:
    """Return the cheapest chains of a freight graph (see the module docstring).

    Parameters
    ----------
    graph : FreightGraph

    Returns
    -------
    FreightSkim
    """
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    edges = graph.edges.assign(w=graph.generalised)
    best = edges.sort_values("w", kind="mergesort").drop_duplicates(["u", "v"]).sort_index()
    n_nodes, n = len(graph.nodes), len(graph.ends)
    matrix = csr_matrix(
        (best["w"].to_numpy() + 1e-12, (best["u"].to_numpy(), best["v"].to_numpy())),
        shape=(n_nodes, n_nodes),
    )
    origins = np.arange(n_nodes - 2 * n, n_nodes - n)
    dist, pred = dijkstra(matrix, indices=origins, return_predecessors=True)
    edge = {
        (int(u), int(v)): int(k) for k, u, v in zip(best.index, best["u"], best["v"], strict=True)
    }
    sinks = np.arange(n_nodes - n, n_nodes)
    attributes = _tree_sums(graph, dist, pred, edge)
    skim = FreightSkim(
        graph=graph,
        cost=np.where(np.isfinite(dist[:, sinks]), dist[:, sinks], np.nan),
        cny=attributes["cny"][:, sinks],
        hours=attributes["hours"][:, sinks],
        km={layer: attributes[layer][:, sinks] for layer in FREIGHT_MODES},
        _pred=pred,
        _edge=edge,
        _hops=attributes["hops"],
    )
    unreachable = np.isnan(skim.cost)
    for values in (skim.cny, skim.hours, *skim.km.values()):
        values[unreachable] = np.nan
    return skim


def _tree_sums(
    graph: FreightGraph, dist: np.ndarray, pred: np.ndarray, edge: dict[tuple[int, int], int]
) -> dict[str, np.ndarray]:
    """Sum money, hours and km by layer from each origin along its shortest-path tree.

    Pointer jumping, for every origin at once: each node starts with the attribute of
    the tree edge into it and a pointer to its predecessor; doubling adds the
    predecessor's sum and jumps, so log2(depth) vectorised steps reach the roots.
    """
    edges = graph.edges
    columns = {
        "hops": np.ones(len(edges)),
        "cny": edges["cny"].to_numpy(float),
        "hours": edges["hours"].to_numpy(float),
        **{
            layer: np.where(edges["layer"] == layer, edges["km"], 0.0).astype(float)
            for layer in FREIGHT_MODES
        },
    }
    from scipy.sparse import csr_matrix

    n_origins, n = pred.shape
    pairs = np.array(list(edge), dtype=np.int64).reshape(-1, 2)
    number = np.array(list(edge.values()), dtype=np.int64)
    lookup = csr_matrix((number + 1, (pairs[:, 0], pairs[:, 1])), shape=(n, n))  # 0: no edge
    valid = pred >= 0
    rows = np.arange(n_origins)[:, None]
    heads = np.broadcast_to(np.arange(n)[None, :], pred.shape)
    found = np.asarray(lookup[np.where(valid, pred, 0).ravel(), heads.ravel()]).ravel() - 1
    into = np.where(valid, found.reshape(pred.shape), -1)
    pointer = np.where(valid, pred, np.arange(n)[None, :])
    sums = {
        name: np.where(into >= 0, values[np.maximum(into, 0)], 0.0)
        for name, values in columns.items()
    }
    while True:
        jumped = pointer[rows, pointer]
        if np.array_equal(jumped, pointer):
            break
        for name in sums:
            sums[name] = sums[name] + sums[name][rows, pointer]
        pointer = jumped
    unreachable = ~np.isfinite(dist)
    for name, values in sums.items():
        if name != "hops":
            values[unreachable] = np.nan
    return sums


__all__ = ["FreightSkim", "freight_skim"]
