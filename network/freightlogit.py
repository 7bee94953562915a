"""A logit split of freight between the cheapest chain of each mode-chain class.

All-or-nothing puts an OD's tonnes on its single cheapest chain. Shippers do not all
choose alike (their goods, contracts and schedules differ), so the split spreads them
over the cheapest chain of each **class** of chain, by the layers it uses besides trucks:

- ``truck``: trucks only;
- ``rail``: at least one rail leg, no ship;
- ``water``: at least one ship leg, no train;
- ``rail_water``: both.

The cheapest chain of a class comes from the same Dijkstra on a layered copy of the
freight graph: each node is copied once per subset of the class's required layers
visited so far, a ride on a required layer moves to the copy that adds it, and the
trip ends only in the copy that has visited them all; the excluded layers' rides are
left out. A chain that passes a station twice (out and back on a line only to touch
the layer) is not an alternative: that pair has no chain of the class. Each class's
share of an OD's tonnes is ``exp(−θ c_k) / Σ_j exp(−θ c_j)`` over the classes with a
chain, θ per CNY of
generalised cost per tonne (``FreightParams.logit_scale``). The tonnes on a link are
the sum of each class's all-or-nothing assignment of its share, so the tonnes leaving
every origin still equal its demand.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from network.freight import FreightGraph
from network.freightroute import FreightSkim, freight_skim

#: Chain classes: (layers a chain must use, layers it must not use).
CLASSES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "truck": ((), ("rail", "water")),
    "rail": (("rail",), ("water",)),
    "water": (("water",), ("rail",)),
    "rail_water": (("rail", "water"), ()),
}


def class_graph(
    graph: FreightGraph, required: tuple[str, ...], excluded: tuple[str, ...]
) -> FreightGraph:
    """Return the layered copy of ``graph`` whose chains use every required layer.

    Parameters
    ----------
    graph : network.freight.FreightGraph
    required : tuple of str
        Layers every chain must ride at least once.
    excluded : tuple of str
        Layers no chain may ride.

    Returns
    -------
    network.freight.FreightGraph
        Stations copied once per subset of ``required`` visited; the origins and the
        sinks as in ``graph`` (origins leave from the empty subset, sinks are entered
        from the full one), so :func:`network.freightroute.freight_skim` applies.
    """
    n, n_nodes = len(graph.ends), len(graph.nodes)
    stations = n_nodes - 2 * n
    states = 1 << len(required)
    full = states - 1
    bit = {layer: 1 << k for k, layer in enumerate(required)}
    edges = graph.edges
    ride = edges["kind"].eq("ride").to_numpy()
    layer = edges["layer"].to_numpy()
    keep = ~(ride & np.isin(layer, list(excluded)))
    edges, ride, layer = edges[keep], ride[keep], layer[keep]
    u, v = edges["u"].to_numpy(), edges["v"].to_numpy()
    step = np.array([bit.get(str(g), 0) if r else 0 for g, r in zip(layer, ride, strict=True)])

    def station(node: np.ndarray, state: int | np.ndarray) -> np.ndarray:
        return state * stations + node

    def end(node: np.ndarray) -> np.ndarray:  # origins and sinks follow every copy
        return states * stations + (node - stations)

    parts = []
    inner = (u < stations) & (v < stations)
    for state in range(states):
        parts.append(edges[inner].assign(u=station(u[inner], state),
                                         v=station(v[inner], state | step[inner])))  # fmt: skip
    leaving = (u >= stations) & (v < stations)
    parts.append(edges[leaving].assign(u=end(u[leaving]), v=station(v[leaving], 0)))
    arriving = (u < stations) & (v >= stations)
    parts.append(edges[arriving].assign(u=station(u[arriving], full), v=end(v[arriving])))
    direct = (u >= stations) & (v >= stations)
    if not required:
        parts.append(edges[direct].assign(u=end(u[direct]), v=end(v[direct])))
    labels = [f"{label}#{state}" for state in range(states) for label in graph.nodes[:stations]]
    return FreightGraph(
        edges=pd.concat(parts, ignore_index=True),
        nodes=labels + graph.nodes[stations:],
        ends=graph.ends,
        cargo=graph.cargo,
        value_of_time=graph.value_of_time,
    )


def class_skims(graph: FreightGraph) -> dict[str, FreightSkim]:
    """Return the cheapest chain of every class (:data:`CLASSES`) between all ends.

    A class's chain that passes a station twice (a ride out and back only to touch a
    required layer) is no alternative a shipper has: that pair has no chain of the class
    (NaN cost).

    Parameters
    ----------
    graph : network.freight.FreightGraph

    Returns
    -------
    dict of str to network.freightroute.FreightSkim
    """
    out = {}
    for name, rule in CLASSES.items():
        skim = freight_skim(class_graph(graph, *rule))
        if rule[0]:
            _drop_detours(skim)
        out[name] = skim
    return out


def _drop_detours(skim: FreightSkim) -> None:
    """Set the pairs whose chain visits a station twice (in any copy) to no chain."""
    nodes = skim.graph.nodes
    n = len(skim.ends)
    base = {label: k for k, label in enumerate(dict.fromkeys(x.rsplit("#", 1)[0] for x in nodes))}
    place = np.array([base[x.rsplit("#", 1)[0]] for x in nodes])
    first_sink = len(nodes) - n
    pred = skim._pred
    for o in range(n):
        start = first_sink - n + o
        for d in np.flatnonzero(~np.isnan(skim.cost[o])):
            node, seen = int(first_sink + d), set()
            while node != start and node >= 0:
                if place[node] in seen:
                    for values in (skim.cost, skim.cny, skim.hours, *skim.km.values()):
                        values[o, d] = np.nan
                    break
                seen.add(place[node])
                node = int(pred[o, node])


def logit_shares(skims: dict[str, FreightSkim], scale: float) -> dict[str, np.ndarray]:
    """Return each class's share of every OD's tonnes.

    Parameters
    ----------
    skims : dict of str to FreightSkim
        :func:`class_skims`.
    scale : float
        θ, per CNY of generalised cost per tonne.

    Returns
    -------
    dict of str to numpy.ndarray
        Ends × ends shares summing to 1 where any class has a chain (0 elsewhere).
    """
    costs = np.stack([s.cost for s in skims.values()])
    low = np.nanmin(np.where(np.isnan(costs), np.inf, costs), axis=0)
    weight = np.where(np.isnan(costs), 0.0, np.exp(-scale * (costs - low)))
    total = weight.sum(axis=0)
    shares = np.divide(weight, total, out=np.zeros_like(weight), where=total > 0)
    return dict(zip(skims, shares, strict=True))


def logit_link_tonnes(
    skims: dict[str, FreightSkim], shares: dict[str, np.ndarray], demand: np.ndarray
) -> pd.DataFrame:
    """Return the tonnes a year on every link when each class carries its share.

    Parameters
    ----------
    skims, shares : dict
        :func:`class_skims` and :func:`logit_shares`.
    demand : numpy.ndarray
        Ends × ends, tonnes a year.

    Returns
    -------
    pandas.DataFrame
        Indexed by link id: ``tonnes`` (the busiest segment, both directions, the
        classes' tonnes added segment by segment) and ``layer``.
    """
    segments, layers = [], []
    for name, skim in skims.items():
        edges = skim.graph.edges.assign(tonnes=skim.assign(demand * shares[name]))
        rides = edges[edges["kind"] == "ride"]
        base = [label.rsplit("#", 1)[0] for label in skim.graph.nodes]
        pair = [
            tuple(sorted((base[a], base[b]))) for a, b in zip(rides["u"], rides["v"], strict=True)
        ]
        segments.append(rides.assign(pair=pair).groupby(["link", "pair"])["tonnes"].sum())
        layers.append(rides.groupby("link")["layer"].first())
    per = pd.concat(segments, axis=1).fillna(0.0).sum(axis=1).groupby(level=0).max()
    layer = pd.concat(layers).groupby(level=0).first()
    return pd.DataFrame({"tonnes": per, "layer": layer.reindex(per.index)})


__all__ = ["CLASSES", "class_graph", "class_skims", "logit_link_tonnes", "logit_shares"]
