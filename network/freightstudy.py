"""Freight for a whole study: chains between places, and the freight value of projects.

:class:`FreightModel` builds each scenario's freight network and cheapest chains once
per cargo type, the baseline gravity demand once, and answers: what does a tonne cost
from A to B, by which modes (:meth:`FreightModel.chain`); what does each project save a
year, added alone to the baseline and left out of the full programme, and how many
tonne-km it moves to water and rail (:meth:`FreightModel.rank`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from geo.dataset import Dataset
from geo.errors import InputError
from geo.schema import CARGO_TYPES
from network.freight import carries_freight, freight_graph
from network.freightdemand import (
    FreightDemandParams,
    freight_benefit,
    gravity_demand,
    table_demand,
)
from network.freightparams import FREIGHT_MODES, FreightParams
from network.freightroute import FreightSkim, freight_skim
from network.params import TravelTimeParams
from network.scenario import Scenario, resolve_scenario

RANK_COLUMNS = (
    "rank", "project_id", "name", "category", "network_effect", "add_one_in_cny",
    "leave_one_out_cny", "tkm_to_water_rail", "note",
)  # fmt: skip


class FreightModel:
    """Freight chains and benefits of one dataset (see the module docstring).

    Parameters
    ----------
    dataset : geo.dataset.Dataset
    travel : TravelTimeParams
    params : FreightParams, optional
        Default: the dataset's ``[freight]`` table over the defaults.
    demand : FreightDemandParams, optional
    """

    def __init__(
        self,
        dataset: Dataset,
        travel: TravelTimeParams,
        params: FreightParams | None = None,
        demand: FreightDemandParams | None = None,
    ) -> None:
        self.dataset, self.travel = dataset, travel
        self.params = params or FreightParams.from_mapping(dataset.metadata.get("freight"))
        self.demand_params = demand or FreightDemandParams()
        self._skims: dict[tuple[tuple[str, ...], int | None, str], FreightSkim] = {}
        self._demand: dict[str, np.ndarray] = {}
        from network.zoneaccess import access_pairs

        self._access = access_pairs(dataset, travel)

    def skim(self, scenario: str | Scenario, cargo: str) -> FreightSkim:
        """Return the cheapest chains of a scenario for one cargo (built once).

        Parameters
        ----------
        scenario : str or Scenario
        cargo : str

        Returns
        -------
        FreightSkim
        """
        chosen = resolve_scenario(self.dataset, scenario) if isinstance(scenario, str) else scenario
        key = (tuple(sorted(chosen.project_ids)), chosen.year, cargo)
        if key not in self._skims:
            graph = freight_graph(
                self.dataset, chosen, cargo, self.params, self.travel, self._access
            )
            self._skims[key] = freight_skim(graph)
        return self._skims[key]

    def demand(self, cargo: str) -> np.ndarray:
        """Return the OD table of a cargo, tonnes a year (ends × ends), fixed in every scenario.

        The dataset's own table (``freight_od.csv``) if it has one; else the gravity
        model, shaped by the full programme's costs so that pairs a project newly joins
        carry tonnes (:func:`network.freightdemand.gravity_demand`).
        """
        if cargo not in self._demand:
            full = self.skim("full", cargo)
            if len(self.dataset.freight_od):
                self._demand[cargo] = table_demand(self.dataset, full.ends, cargo)
            else:
                self._demand[cargo] = gravity_demand(self.dataset, full, cargo, self.demand_params)
        return self._demand[cargo]

    def chain(
        self, origin: str, destination: str, cargo: str = "container", scenario: str = "baseline"
    ) -> dict[str, Any]:
        """Return the cheapest chain of a tonne from ``origin`` to ``destination``.

        Parameters
        ----------
        origin, destination : str
            Trip ends (zones, or places outside them) by id.
        cargo : str, default "container"
        scenario : str, default "baseline"

        Returns
        -------
        dict
            ``cost_cny_t`` (generalised), ``money_cny_t``, ``hours``, ``tkm`` by layer
            (per tonne), ``chain`` (the modes and facilities in order) and ``legs``;
            costs are NaN and the chain empty when no chain exists.
        """
        skim = self.skim(scenario, cargo)
        i, j = skim.ends.index(origin), skim.ends.index(destination)
        edges = skim.graph.edges
        legs: list[dict[str, Any]] = []
        for k in skim.path(origin, destination):
            row = edges.loc[k]
            if legs and row["kind"] == "ride" and legs[-1]["link"] == row["link"]:
                legs[-1]["km"] += float(row["km"])
                continue
            legs.append(
                {
                    "kind": row["kind"],
                    "layer": row["layer"],
                    "link": row["link"],
                    "km": float(row["km"]),
                }
            )
        chain = [leg["layer"] if leg["kind"] != "transfer" else f"[{leg['link']}]" for leg in legs]
        return {
            "origin": origin, "destination": destination, "cargo": cargo, "scenario": scenario,
            "cost_cny_t": float(skim.cost[i, j]), "money_cny_t": float(skim.cny[i, j]),
            "hours": float(skim.hours[i, j]),
            "tkm": {layer: float(skim.km[layer][i, j]) for layer in FREIGHT_MODES},
            "chain": [c for n, c in enumerate(chain) if n == 0 or c != chain[n - 1]],
            "legs": legs,
        }  # fmt: skip

    def flows(self, scenario: str | Scenario, *, split: str = "aon") -> pd.DataFrame:
        """Return the tonnes a year on every link, every cargo assigned.

        Parameters
        ----------
        scenario : str or Scenario
        split : {"aon", "logit"}, default "aon"
            All-or-nothing on the cheapest chain, or the logit split between the
            cheapest chain of each class (:mod:`network.freightlogit`).

        Returns
        -------
        pandas.DataFrame
            Indexed by link id: ``tonnes`` (the busiest segment, both directions) and
            ``layer``; the baseline demand on the scenario's chains.
        """
        from network.freightdemand import link_tonnes
        from network.freightlogit import class_skims, logit_link_tonnes, logit_shares

        if split not in ("aon", "logit"):
            raise InputError(f"split '{split}' is not aon or logit")
        parts = []
        for cargo in CARGO_TYPES:
            skim, demand = self.skim(scenario, cargo), self.demand(cargo)
            if split == "aon":
                parts.append(link_tonnes(skim, demand))
                continue
            classes = class_skims(skim.graph)
            shares = logit_shares(classes, self.params.logit_scale)
            parts.append(logit_link_tonnes(classes, shares, demand))
        tonnes = pd.concat([p["tonnes"] for p in parts], axis=1).fillna(0.0).sum(axis=1)
        layer = pd.concat([p["layer"] for p in parts]).groupby(level=0).first()
        return pd.DataFrame({"tonnes": tonnes, "layer": layer.reindex(tonnes.index)})

    def benefit(self, before: str | Scenario, after: str | Scenario) -> dict[str, float]:
        """Return CNY a year saved and tonne-km by layer, summed over the cargo types.

        Parameters
        ----------
        before, after : str or Scenario

        Returns
        -------
        dict
            See :func:`network.freightdemand.freight_benefit`.
        """
        total: dict[str, float] = {}
        for cargo in CARGO_TYPES:
            got = freight_benefit(
                self.skim(before, cargo), self.skim(after, cargo), self.demand(cargo)
            )
            for key, value in got.items():
                total[key] = total.get(key, 0.0) + value
        return total

    def rank(self) -> pd.DataFrame:
        """Rank the projects by freight CNY saved a year (add-one-in, leave-one-out).

        Returns
        -------
        pandas.DataFrame
            :data:`RANK_COLUMNS`; ``tkm_to_water_rail`` is the tonne-km a year the
            project moves onto water and rail added alone; ``note`` says why a
            project saves nothing.
        """
        dataset = self.dataset
        projects = dataset.projects
        effect = sorted(projects.index[projects["has_network_effect"]])
        full = resolve_scenario(dataset, "full")
        rows = []
        no_demand = all(self.demand(c).sum() == 0 for c in CARGO_TYPES)
        for project in effect:
            if no_demand:
                rows.append(
                    _passenger_only(
                        projects, project, "no freight demand: the dataset has no zones with GDP"
                    )
                )
                continue
            if not self._carries_freight(project):
                rows.append(_passenger_only(projects, project))
                continue
            alone = Scenario(f"baseline+{project}", (project,))
            without = Scenario(
                f"full-{project}", tuple(p for p in full.project_ids if p != project)
            )
            add, loo = self.benefit("baseline", alone), self.benefit(without, full)
            shift = sum(add[f"tkm_{m}_after"] - add[f"tkm_{m}_before"] for m in ("rail", "water"))
            rows.append({
                "project_id": project, "name": projects.at[project, "name"],
                "category": projects.at[project, "category"], "network_effect": True,
                "add_one_in_cny": add["cny_saved"], "leave_one_out_cny": loo["cny_saved"],
                "tkm_to_water_rail": shift, "note": _note(dataset, project, add, loo),
            })  # fmt: skip
        frame = pd.DataFrame(rows).sort_values(
            ["add_one_in_cny", "project_id"], ascending=[False, True]
        )
        frame.insert(0, "rank", pd.array(range(1, len(frame) + 1), dtype="Int64"))
        others = sorted(set(projects.index) - set(effect))
        rest = pd.DataFrame(
            {
                "rank": pd.array([None] * len(others), dtype="Int64"),
                "project_id": others,
                "name": [projects.at[p, "name"] for p in others],
                "category": [projects.at[p, "category"] for p in others],
                "network_effect": False,
                "note": "no network effect: no link, node, upgrade or facility in the data "
                "(not ranked)",
            }
        )
        frame = pd.concat([frame, rest], ignore_index=True) if others else frame
        return frame[list(RANK_COLUMNS)].reset_index(drop=True)

    def _carries_freight(self, project: str) -> bool:
        """Whether a project touches a freight layer: its links, upgrades or facilities."""
        dataset = self.dataset
        links = dataset.links
        upgraded = dataset.upgrades.loc[dataset.upgrades["project_id"] == project, "link_id"]
        touched = links[
            ((links["project_id"] == project) | links.index.isin(upgraded))
            & ~links["service"].astype(bool)
        ]
        facility = (dataset.facilities["project_id"] == project).any()
        return bool(facility or carries_freight(touched).any())


def _passenger_only(
    projects: pd.DataFrame,
    project: str,
    note: str = "passenger lines only (HSR, metro): freight runs on conventional rail, "
    "mixed-traffic lines, roads and rivers",
) -> dict[str, Any]:
    """Return the row of a project valued at nothing for freight, with the reason."""
    return {
        "project_id": project, "name": projects.at[project, "name"],
        "category": projects.at[project, "category"], "network_effect": True,
        "add_one_in_cny": 0.0, "leave_one_out_cny": 0.0, "tkm_to_water_rail": 0.0,
        "note": note,
    }  # fmt: skip


def _note(dataset: Dataset, project: str, add: dict[str, float], loo: dict[str, float]) -> str:
    """Say why a project saves no freight cost, or only with the rest of the programme."""
    fresh = add.get("tonnes_newly_served", 0.0)
    if fresh > 0.5:
        return f"newly joins pairs carrying {fresh / 1e6:,.2f} million t a year (no cost before)"
    if add["cny_saved"] > 0.5:
        return ""
    if loo["cny_saved"] > 0.5:
        return "saves only with the rest of the programme (see leave-one-out)"
    facilities = dataset.facilities
    mine = facilities[facilities["project_id"] == project]
    if len(mine) and (mine["cargo"] != "").all():
        cargo = ", ".join(sorted(set(mine["cargo"])))
        return f"a facility for {cargo} only, at a place no cheaper {cargo} chain passes"
    return "no cheapest freight chain uses it"


__all__ = ["RANK_COLUMNS", "FreightModel"]
