"""Sparse graphs for Dijkstra: the CSR matrix of an edge list, and chunked searches."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

#: Origins per Dijkstra call: bounds memory to CHUNK × nodes of the graph.
CHUNK = 256


def min_csr(keys: np.ndarray, weight: np.ndarray, size: int) -> sp.csr_matrix:
    """Return the CSR matrix of edges sorted by ``keys`` (i × size + j).

    Parallel edges reduce to the smallest weight; explicit zeros stay edges (zero-cost access).

    Parameters
    ----------
    keys : numpy.ndarray of int
        ``i × size + j`` per edge, sorted.
    weight : numpy.ndarray
        Seconds per edge.
    size : int
        Number of nodes.

    Returns
    -------
    scipy.sparse.csr_matrix
    """
    if not len(keys):
        return sp.csr_matrix((size, size))
    first = np.r_[True, keys[1:] != keys[:-1]]
    starts = np.flatnonzero(first)
    data = np.minimum.reduceat(weight, starts)
    unique = keys[starts]
    rows, cols = unique // size, unique % size
    indptr = np.r_[0, np.cumsum(np.bincount(rows, minlength=size))]
    return sp.csr_matrix((data, cols.astype(np.int32), indptr), shape=(size, size))


def search(
    graph: sp.csr_matrix, sources: np.ndarray, targets: np.ndarray, *, chunk: int = CHUNK
) -> np.ndarray:
    """Return shortest distances from ``sources`` to ``targets`` (scipy's Dijkstra).

    Sources run in chunks and only the target columns are kept, so memory grows with
    sources × targets, not sources × every node.

    Parameters
    ----------
    graph : scipy.sparse.csr_matrix
        Directed; explicit zeros are zero-cost edges.
    sources, targets : numpy.ndarray of int
        Node indices.
    chunk : int
        Sources per Dijkstra call.

    Returns
    -------
    numpy.ndarray
        Sources × targets, in the graph's unit; ``inf`` = no path.
    """
    out = np.empty((len(sources), len(targets)))
    for start in range(0, len(sources), chunk):
        part = sources[start : start + chunk]
        out[start : start + len(part)] = dijkstra(graph, directed=True, indices=part)[:, targets]
    return out


__all__ = ["CHUNK", "min_csr", "search"]
