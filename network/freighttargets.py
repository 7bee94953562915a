"""Freight targets: the plans' goals for goods on rail and the rivers, read and measured.

A freight target says: between its base scenario and a later one, the tonnes (or
tonne-km) carried on a layer change by at least ``change_pct`` per cent (a negative
value: fall by at least that much). Targets come from ``[[freight_targets]]`` in the
dataset's ``dataset.toml`` and from a user's TOML file of the same form::

    [[freight_targets]]
    id = "rail_freight_2025"
    name = "Rail freight volume up 10 % on 2020 by 2025"
    layer = "rail"            # truck, rail, water, or rail_water: chains using both
    measure = "tonnes"        # tonnes carried on the layer, or tonne_km
    change_pct = 10
    base = "baseline"         # the scenario the change is measured from
    year = 2025               # the plan's deadline (shown; scenarios are chosen apart)
    cargo = ["container"]     # optional; default every cargo type
    source = "where the target is stated"

The model's freight demand is fixed at the base year (:mod:`network.freightstudy`), so
the measured change is the part the network delivers: goods that move to another
layer because their cheapest chain changes. A plan's target also counts the growth of
trade, which the model does not forecast; the output says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from geo.errors import Problem, TargetsError
from geo.schema import CARGO_TYPES
from network.freightparams import FREIGHT_MODES
from network.tomltables import (
    dataset_records,
    list_problem,
    parse_records,
    raise_problems,
    table_records,
)

if TYPE_CHECKING:
    from geo.dataset import Dataset
    from network.freightstudy import FreightModel

#: What a target can count: a layer, or ``rail_water`` (chains that use both).
LAYERS = (*FREIGHT_MODES, "rail_water")
MEASURES = ("tonnes", "tonne_km")
_KEYS = ("id", "name", "layer", "measure", "change_pct", "base", "year", "cargo", "source")
_FIX = "see 'Freight targets' in the data README"
#: Columns of :func:`freight_target_table`.
COLUMNS = [
    "target", "scenario", "base", "layer", "measure", "before", "after", "change_pct",
    "target_pct", "status", "gap_pct", "year",
]  # fmt: skip


@dataclass(frozen=True)
class FreightTarget:
    """A freight target (see the module docstring)."""

    id: str
    name: str
    layer: str
    measure: str
    change_pct: float
    base: str = "baseline"
    year: int | None = None
    cargo: tuple[str, ...] = CARGO_TYPES
    source: str = ""

    def met(self, change: float) -> bool:
        """Return whether a measured change (per cent) meets the target.

        Parameters
        ----------
        change : float
            Per cent change from the base scenario.

        Returns
        -------
        bool
            A rise of at least ``change_pct``, or for a negative target a fall of at
            least as much.
        """
        return change >= self.change_pct if self.change_pct >= 0 else change <= self.change_pct


def read_freight_targets(dataset: Dataset, path: str | Path | None = None) -> list[FreightTarget]:
    """Return the dataset's freight targets plus those of a user's TOML file.

    Parameters
    ----------
    dataset : geo.dataset.Dataset
        Its ``dataset.toml`` ``[[freight_targets]]``.
    path : str or Path, optional
        A TOML file of more ``[[freight_targets]]`` (module docstring).

    Returns
    -------
    list of FreightTarget
        In file order, the dataset's first.

    Raises
    ------
    TargetsError
        Naming the file, the target and the field, for every problem found.
    """
    needs = "layer, measure and change_pct"
    records = table_records(dataset, "freight_targets", path, TargetsError, needs)
    targets, problems = _parse_all(dataset, records)
    raise_problems(problems, TargetsError, "bad freight targets")
    return targets


def freight_target_problems(dataset: Dataset) -> list[Problem]:
    """Return every problem of the dataset's own ``[[freight_targets]]``.

    Parameters
    ----------
    dataset : geo.dataset.Dataset

    Returns
    -------
    list of geo.errors.Problem
        File ``dataset.toml``, record ``freight target 'id'``, field the key.
    """
    records = dataset_records(dataset, "freight_targets")
    return list_problem(dataset, "freight_targets") or _parse_all(dataset, records)[1]


def measure(model: FreightModel, target: FreightTarget, scenario: str) -> float:
    """Return what a target counts in one scenario, summed over its cargo types.

    Parameters
    ----------
    model : network.freightstudy.FreightModel
    target : FreightTarget
    scenario : str

    Returns
    -------
    float
        Tonnes a year whose cheapest chain uses the layer (``tonnes``), or the tonne-km a
        year run on it (``tonne_km``; for ``rail_water`` the rail and water tonne-km of
        the chains that use both); the fixed base-year demand.
    """
    total = 0.0
    for cargo in target.cargo:
        skim, demand = model.skim(scenario, cargo), model.demand(cargo)
        km = {layer: np.nan_to_num(skim.km[layer], nan=0.0) for layer in FREIGHT_MODES}
        if target.layer == "rail_water":
            uses = (km["rail"] > 0) & (km["water"] > 0)
            run = km["rail"] + km["water"]
        else:
            uses, run = km[target.layer] > 0, km[target.layer]
        carried = demand * (run if target.measure == "tonne_km" else 1.0)
        total += float(np.sum(np.where(uses, carried, 0.0)))
    return total


def freight_target_table(
    model: FreightModel, targets: list[FreightTarget], scenarios: list[str]
) -> pd.DataFrame:
    """Return each freight target's change from its base in each scenario, and its status.

    Parameters
    ----------
    model : network.freightstudy.FreightModel
    targets : list of FreightTarget
    scenarios : list of str

    Returns
    -------
    pandas.DataFrame
        :data:`COLUMNS`: one row per (target, scenario); ``before`` and ``after`` in
        tonnes or tonne-km a year, ``gap_pct`` the change still missing (0 when met),
        ``status`` met / not met / no base (nothing carried in the base scenario: no
        change and no gap).
    """
    rows = []
    for target in targets:
        before = measure(model, target, target.base)
        for scenario in scenarios:
            after = measure(model, target, scenario)
            change = 100.0 * (after - before) / before if before > 0 else float("nan")
            met = before > 0 and target.met(change)
            status = "no base" if before <= 0 else ("met" if met else "not met")
            gap = float("nan") if before <= 0 else (0.0 if met else abs(target.change_pct - change))
            rows.append(
                [target.id, scenario, target.base, target.layer, target.measure, before,
                 after, change, target.change_pct, status, gap, target.year]
            )  # fmt: skip
    return pd.DataFrame(rows, columns=COLUMNS)


def _parse_all(
    dataset: Dataset, records: list[tuple[str, Any]]
) -> tuple[list[FreightTarget], list[Problem]]:
    def parse(record: Any, number: int) -> tuple[FreightTarget | None, list[tuple[str, str]]]:
        target, errors = _parse(record, number)
        if target is not None and (message := _scenario_problem(dataset, target.base)):
            return None, [("base", message)]
        return target, errors

    return parse_records(records, parse, "freight target", _FIX)


def _parse(record: Any, number: int) -> tuple[FreightTarget | None, list[tuple[str, str]]]:
    if not isinstance(record, dict):
        return None, [("", "is not a table; write [[freight_targets]] with keys")]
    errors = [
        (key, f"unknown key (known: {', '.join(_KEYS)})") for key in record if key not in _KEYS
    ]
    layer, kind = record.get("layer"), record.get("measure", "tonnes")
    if layer not in LAYERS:
        errors.append(("layer", f"{layer!r} is not one of {', '.join(LAYERS)}"))
    if kind not in MEASURES:
        errors.append(("measure", f"{kind!r} is not one of {', '.join(MEASURES)}"))
    change: Any = record.get("change_pct")
    if not _number(change) or change == 0 or abs(change) > 1000:
        errors.append(("change_pct", f"{change!r} is not a per cent change (non-zero, ±1000)"))
    base, year = record.get("base", "baseline"), record.get("year")
    if not isinstance(base, str | int) or isinstance(base, bool) or str(base).strip() == "":
        errors.append(("base", f"{base!r} is not a scenario (baseline, a year, today, …)"))
    if year is not None and (not _number(year) or year != int(year) or not 1900 <= year <= 2100):
        errors.append(("year", f"{year!r} is not a year"))
    cargo = record.get("cargo", list(CARGO_TYPES))
    cargo = [cargo] if isinstance(cargo, str) else cargo
    if not isinstance(cargo, list) or not cargo or any(c not in CARGO_TYPES for c in cargo):
        errors.append(("cargo", f"{cargo!r} is not a list of {', '.join(CARGO_TYPES)}"))
    if errors:
        return None, errors
    target_id = str(record.get("id") or f"freight_target_{number}")
    return FreightTarget(
        id=target_id, name=str(record.get("name") or target_id), layer=str(layer),
        measure=str(kind), change_pct=float(change), base=str(base),
        year=None if year is None else int(year),
        cargo=tuple(dict.fromkeys(cargo)), source=str(record.get("source", "")),
    ), []  # fmt: skip


def _scenario_problem(dataset: Dataset, spec: str) -> str:
    from geo.errors import ScenarioError
    from network.scenario import resolve_scenario

    try:
        resolve_scenario(dataset, spec)
    except ScenarioError as error:
        return str(error)
    return ""


def _number(value: Any) -> bool:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    return ok and bool(np.isfinite(value))


__all__ = [
    "COLUMNS",
    "LAYERS",
    "MEASURES",
    "FreightTarget",
    "freight_target_problems",
    "freight_target_table",
    "measure",
    "read_freight_targets",
]
