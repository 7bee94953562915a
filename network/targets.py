"""Travel-time targets from the plans: status and gap per scenario, and what closes them.

A target says: every trip between the places of ``from`` and those of ``to`` (both
directions) takes at most ``minutes`` on a time basis and mode set. How targets are
written and read (``[[targets]]`` in ``dataset.toml`` or a user's TOML file) is in
:mod:`network.targetspec`; this module evaluates them.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from network.cache import ScenarioCache
from network.matrix import pair_minutes
from network.scenario import Scenario
from network.targetspec import SELECTORS, Target, read_targets, target_problems


@dataclass(frozen=True)
class TargetStatus:
    """How a scenario stands against a target."""

    target: str
    scenario: str
    met: bool
    worst_min: float
    worst_pair: tuple[str, str] | None
    gap_min: float
    pairs: int
    pairs_met: int

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form (JSON).

        Returns
        -------
        dict
            ``target``, ``scenario``, ``status`` ("met" or "not met"), ``worst_min`` and
            ``gap_min`` (minutes), ``worst_pair`` (a list, or None), ``pairs`` and
            ``pairs_met``.
        """
        return {
            "target": self.target,
            "scenario": self.scenario,
            "status": "met" if self.met else "not met",
            "worst_min": self.worst_min,
            "worst_pair": list(self.worst_pair) if self.worst_pair else None,
            "gap_min": self.gap_min,
            "pairs": self.pairs,
            "pairs_met": self.pairs_met,
        }


def evaluate(cache: ScenarioCache, target: Target, scenario: str | Scenario) -> TargetStatus:
    """Return the status of one target in one scenario.

    Parameters
    ----------
    cache : ScenarioCache
    target : Target
    scenario : str or Scenario

    Returns
    -------
    TargetStatus
        ``worst_min`` is NaN when a pair is unreachable (``worst_pair`` is then the
        first such pair) or the target has no pairs; ``gap_min`` = ``worst_min`` −
        the target's minutes (positive: too slow). ``met`` needs every pair met.
    """
    resolved = cache.scenario(scenario)
    matrix = cache.matrix(resolved, target.modes, target.basis)
    pairs = target.pairs()
    values = pair_minutes(matrix, pairs)
    if len(values) and np.isnan(values).any():
        k = int(np.flatnonzero(np.isnan(values))[0])
        worst, worst_pair = np.nan, pairs[k]
    elif len(values):
        k = int(np.argmax(values))
        worst, worst_pair = float(values[k]), pairs[k]
    else:
        worst, worst_pair = np.nan, None
    met_count = int(np.sum(values <= target.minutes + 1e-9))
    return TargetStatus(
        target=target.id,
        scenario=resolved.name,
        met=bool(len(values)) and met_count == len(values),
        worst_min=worst,
        worst_pair=worst_pair,
        gap_min=worst - target.minutes,
        pairs=len(values),
        pairs_met=met_count,
    )


def target_table(cache: ScenarioCache, targets: list[Target], scenarios: list[str]) -> pd.DataFrame:
    """Return one row per (target, scenario): status, worst time, gap, pairs met.

    Parameters
    ----------
    cache : ScenarioCache
    targets : list of Target
    scenarios : list of str
        Scenario specifications.

    Returns
    -------
    pandas.DataFrame
        ``name``, ``minutes`` (the target's limit) and the fields of
        :meth:`TargetStatus.to_dict`; minutes, NaN = unreachable.
    """
    rows = []
    for target in targets:
        for spec in scenarios:
            status = evaluate(cache, target, spec).to_dict()
            rows.append({"name": target.name, "minutes": target.minutes, **status})
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class ClosingSet:
    """The smallest set of projects (added to the baseline) that meets a target.

    ``project_ids`` is None when no set was found: ``full_met`` tells whether every
    project together meets it (then no set of at most ``max_size`` candidates does).
    ``candidates`` are the projects searched; ``evaluated`` counts the scenarios tried.
    """

    target: str
    project_ids: tuple[str, ...] | None
    minutes: float
    candidates: tuple[str, ...]
    evaluated: int
    baseline_met: bool
    full_met: bool = True

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form (JSON).

        Returns
        -------
        dict
            ``target``, ``baseline_met``, ``full_met``, ``closed`` (a set was found),
            ``project_ids`` (None if not), ``worst_min`` (minutes), ``candidates`` and
            ``scenarios_evaluated``.
        """
        return {
            "target": self.target,
            "baseline_met": self.baseline_met,
            "full_met": self.full_met,
            "closed": self.project_ids is not None,
            "project_ids": list(self.project_ids) if self.project_ids is not None else None,
            "worst_min": self.minutes,
            "candidates": list(self.candidates),
            "scenarios_evaluated": self.evaluated,
        }


def smallest_closing_set(cache: ScenarioCache, target: Target, *, max_size: int = 4) -> ClosingSet:
    """Find the fewest projects whose addition to the baseline meets ``target``.

    Candidates are the projects that shorten the target's worst trip on their own,
    plus those the target's trips use with every project built. Sets are tried by
    size, then by the time they give, so the first set found is a smallest one and,
    among those, the fastest. Sets larger than ``max_size`` are not searched.

    Parameters
    ----------
    cache : ScenarioCache
    target : Target
    max_size : int, default 4
        Largest number of projects in a set.

    Returns
    -------
    ClosingSet
        ``project_ids`` empty when the baseline meets the target, None when no set was
        found; ``minutes`` is the worst trip (minutes) of the set found, else of the
        baseline when it meets the target, else of every project built.
    """
    dataset = cache.dataset
    base = evaluate(cache, target, "baseline")
    if base.met:
        return ClosingSet(target.id, (), base.worst_min, (), 1, True)
    effect = sorted(dataset.projects.index[dataset.projects["has_network_effect"]])
    full = Scenario("full", tuple(effect))
    candidates: set[str] = set()
    router = cache.router(full, target.modes)
    for origin, destination in target.pairs():
        if origin in router and destination in router:
            candidates |= set(router.route(origin, destination, target.basis).project_ids)
    evaluated = 2
    for project in effect:
        alone = evaluate(cache, target, Scenario(f"baseline+{project}", (project,)))
        evaluated += 1
        if _better(alone, base):
            candidates.add(project)
    ordered = tuple(sorted(candidates))
    best_full = evaluate(cache, target, full)
    if not best_full.met:
        return ClosingSet(target.id, None, best_full.worst_min, ordered, evaluated, False, False)
    for size in range(1, min(max_size, len(ordered)) + 1):
        found = []
        for combo in itertools.combinations(ordered, size):
            status = evaluate(cache, target, Scenario("baseline+" + "+".join(combo), combo))
            evaluated += 1
            if status.met:
                found.append((status.worst_min, combo))
        if found:
            worst, combo = min(found)
            return ClosingSet(target.id, combo, worst, ordered, evaluated, False)
    return ClosingSet(target.id, None, best_full.worst_min, ordered, evaluated, False)


def _better(status: TargetStatus, reference: TargetStatus) -> bool:
    if np.isnan(status.worst_min):
        return status.pairs_met > reference.pairs_met
    if np.isnan(reference.worst_min):
        return True
    return status.worst_min < reference.worst_min - 1e-9 or status.pairs_met > reference.pairs_met


__all__ = [
    "SELECTORS",
    "ClosingSet",
    "Target",
    "TargetStatus",
    "evaluate",
    "read_targets",
    "smallest_closing_set",
    "target_problems",
    "target_table",
]
