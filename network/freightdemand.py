"""Freight demand, the study-level freight analyses and the freight benefit of projects.

**Demand** (tonnes a year by cargo type between trip ends): a gravity model on the
zones' GDP, ``T_ij = K · G_i · G_j · exp(−β c_ij)`` for zones i ≠ j, with c_ij the
generalised cost of the cargo (CNY per tonne) in the full programme (so that a pair a
project newly joins has tonnes; a zone without GDP has none) and K scaling the total to the
cargo's inter-zone tonnes; a share of containers and cars goes to the gateways
(Shanghai, the sea), to Alashankou (the China–Europe trains) and to Qinzhou (the Beibu
Gulf) instead, by GDP. The totals, the decay and the shares are
:class:`FreightDemandParams`, each with its source (or marked an estimate). A dataset
may supply its own table instead (``freight_od.csv``: origin, destination, cargo,
tonnes a year, source; :func:`table_demand`).

**Benefit** of a change: CNY a year saved at fixed demand, Σ T_ij (c⁰_ij − c¹_ij), and
the tonne-km by layer before and after.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import pandas as pd

from geo.dataset import Dataset
from geo.schema import CARGO_TYPES
from network.freightparams import FREIGHT_MODES
from network.freightroute import FreightSkim


@dataclass(frozen=True)
class FreightDemandParams:
    """Totals and shape of the gravity demand (see the module docstring).

    Attributes
    ----------
    tonnes : Mapping[str, float]
        Tonnes a year moved between the zones, by cargo type.
    decay : float
        β, per CNY of generalised cost per tonne.
    gateways : Mapping[str, Mapping[str, float]]
        Per gateway node (where cargo leaves the region: the sea at Shanghai, Europe at
        Alashankou, the Beibu Gulf at Qinzhou), the share of each cargo's tonnes that
        goes to or comes from it.
    """

    tonnes: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType(
            {"bulk": 6.0e8, "container": 1.0e8, "cold_chain": 0.3e8, "cars": 0.2e8}
        )
    )
    decay: float = 0.01
    gateways: Mapping[str, Mapping[str, float]] = field(
        default_factory=lambda: MappingProxyType(
            {
                "shanghai": {"container": 0.098, "cars": 0.3},
                "alashankou": {"container": 0.080},
                "qinzhou": {"container": 0.022},
            }
        )
    )


DEMAND_DOCS = {
    "tonnes": (
        "estimate: Chongqing moved 1.08 bn t in 2016 (road 0.89, water 0.17, rail 0.044; "
        "circlelogistics.cn) and Sichuan 1.15 bn t in 2008 (NBS yearbook 2009), so "
        "the circle moves about 2.5 bn t a year; estimate: 30 % of it between counties, "
        "80 % bulk, 13 % containers, 4 % cold chain, 3 % cars"
    ),
    "decay": "estimate: a tonne's trips halve every 70 CNY of generalised cost",
    "gateways": (
        "estimate: a fifth of the containers leave or enter the region, split by the "
        "containers of each route: the Yangtze at Guoyuan 526,500 TEU (2021, focus123.cn), "
        "the China-Europe trains of Chengdu and Chongqing over 430,000 TEU (2023, "
        "china.org.cn), the land-sea corridor from Chongqing 112,000 TEU (2021, Xinhua): "
        "49, 40 and 11 %; nearly a third of the cars go down the Yangtze (Guoyuan "
        "dispatched 862,800 vehicles in 2021)"
    ),
}


def gravity_demand(
    dataset: Dataset, skim: FreightSkim, cargo: str, params: FreightDemandParams
) -> np.ndarray:
    """Return the OD table of one cargo (ends × ends, tonnes a year).

    Parameters
    ----------
    dataset : geo.dataset.Dataset
        With zones (their ``gdp_100m_cny`` is the mass).
    skim : FreightSkim
        The chains of the cargo whose generalised cost shapes the demand: the full
        programme's (:class:`network.freightstudy.FreightModel`), so that a pair a
        project newly joins has tonnes.
    cargo : str
    params : FreightDemandParams

    Returns
    -------
    numpy.ndarray
        Zero on the diagonal, between places outside the zones, and where no chain
        exists; sums to the cargo's tonnes (less nothing: K is scaled on what remains).
    """
    ends = skim.ends
    zones = dataset.zones
    mass = np.array(
        [float(zones.at[e, "gdp_100m_cny"]) if zones is not None and e in zones.index else 0.0
         for e in ends]
    )  # fmt: skip
    mass = np.nan_to_num(mass, nan=0.0)  # a zone without GDP sends and receives nothing
    cost = skim.cost
    pull = np.outer(mass, mass) * np.exp(-params.decay * np.nan_to_num(cost, nan=np.inf))
    np.fill_diagonal(pull, 0.0)
    total = float(params.tonnes.get(cargo, 0.0))
    shares = {g: float(t.get(cargo, 0.0)) for g, t in params.gateways.items() if g in ends}
    out = np.zeros_like(pull)
    if pull.sum() > 0:
        out = pull / pull.sum() * total * (1.0 - sum(shares.values()))
    for gateway, share in shares.items():
        g = ends.index(gateway)
        reach = ~np.isnan(cost[:, g]) & ~np.isnan(cost[g, :]) & (mass > 0)
        weights = np.where(reach, mass, 0.0)
        if share and weights.sum() > 0:
            out[:, g] += total * share / 2.0 * weights / weights.sum()
            out[g, :] += total * share / 2.0 * weights / weights.sum()
    return out


def table_demand(dataset: Dataset, ends: list[str], cargo: str) -> np.ndarray:
    """Return a dataset's own OD table of one cargo as a matrix (ends × ends, tonnes).

    A place inside a zone stands for its zone; rows for other cargo are skipped.

    Parameters
    ----------
    dataset : geo.dataset.Dataset
        With ``freight_od`` (``freight_od.csv``).
    ends : list of str
        The trip ends, in matrix order.
    cargo : str

    Returns
    -------
    numpy.ndarray
    """
    position = {e: k for k, e in enumerate(ends)}
    out = np.zeros((len(ends), len(ends)))
    rows = dataset.freight_od[dataset.freight_od["cargo"] == cargo]
    for row in rows.itertuples(index=False):
        i = position.get(dataset.trip_end(row.origin) or "")
        j = position.get(dataset.trip_end(row.destination) or "")
        if i is not None and j is not None and i != j:
            out[i, j] += float(row.tonnes)
    return out


def freight_benefit(
    before: FreightSkim, after: FreightSkim, demand: np.ndarray
) -> dict[str, float]:
    """Return CNY a year saved and tonne-km by layer, before and after, at fixed demand.

    Parameters
    ----------
    before, after : FreightSkim
        The same cargo in two scenarios (the same trip ends).
    demand : numpy.ndarray
        Ends × ends, tonnes a year.

    Returns
    -------
    dict
        ``cny_saved`` (pairs with a chain in both), ``tkm_<layer>_before`` and
        ``_after`` (all tonnes with a chain), and ``tonnes_newly_served``.
    """
    both = ~np.isnan(before.cost) & ~np.isnan(after.cost)
    saved = float(np.sum(np.where(both, demand * (before.cost - after.cost), 0.0)))
    out = {"cny_saved": saved}
    for layer in FREIGHT_MODES:
        for label, skim in (("before", before), ("after", after)):
            km = np.nan_to_num(skim.km[layer], nan=0.0)
            out[f"tkm_{layer}_{label}"] = float(np.sum(demand * km))
    fresh = np.isnan(before.cost) & ~np.isnan(after.cost)
    out["tonnes_newly_served"] = float(np.sum(np.where(fresh, demand, 0.0)))
    return out


def link_tonnes(skim: FreightSkim, demand: np.ndarray) -> pd.DataFrame:
    """Return the tonnes a year on every link (all-or-nothing), both directions summed.

    Parameters
    ----------
    skim : FreightSkim
    demand : numpy.ndarray

    Returns
    -------
    pandas.DataFrame
        Indexed by link id: ``tonnes`` (the busiest segment), ``layer``.
    """
    edges = skim.graph.edges.assign(tonnes=skim.assign(demand))
    rides = edges[edges["kind"] == "ride"]
    segment = rides.assign(
        pair=[tuple(sorted(p)) for p in zip(rides["u"], rides["v"], strict=True)]
    )
    per = segment.groupby(["link", "pair"])["tonnes"].sum().groupby("link").max()
    layer = rides.groupby("link")["layer"].first()
    return pd.DataFrame({"tonnes": per, "layer": layer})


__all__ = [
    "CARGO_TYPES",
    "DEMAND_DOCS",
    "FreightDemandParams",
    "freight_benefit",
    "gravity_demand",
    "link_tonnes",
    "table_demand",
]
