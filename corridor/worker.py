"""What a sweep's worker holds and does: the shipped network, and one task's row.

:class:`World` is sent to each worker once (a Dask scatter, a process pool's
initializer); :func:`evaluate` turns one :class:`~corridor.sweep.Task` into its row
(see :mod:`corridor.sweep` for the columns).
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from typing import Any

import numpy as np

from corridor.sweep import Sweep, Task, apply_overrides
from network.accessibility import person_minutes_saved, resident_weights
from network.cache import ScenarioCache
from network.compiled import CompiledNetwork


class World:
    """What every worker needs, shipped once: the dataset and its compiled network.

    Caches per parameter set (compiled on first use by the worker) live in the
    object, so a worker that holds it reuses them for every task it runs.

    Parameters
    ----------
    compiled : CompiledNetwork
        The network under the base parameters.
    """

    def __init__(self, compiled: CompiledNetwork) -> None:
        self.compiled = compiled
        self._base = ScenarioCache(compiled.dataset, compiled.params, compiled=compiled)
        self._caches: OrderedDict[str, ScenarioCache] = OrderedDict()
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        return {"compiled": self.compiled}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["compiled"])  # type: ignore[misc]

    def cache(self, overrides: tuple[tuple[str, float], ...]) -> ScenarioCache:
        """Return the scenario cache of the base parameters with ``overrides``.

        The base parameters' cache is kept for the worker's life; those of other
        parameter sets (compiled in memory, never written to the disk cache, since
        random draws rarely repeat) only while among the :data:`KEEP` most recent.

        Parameters
        ----------
        overrides : tuple of (str, float)

        Returns
        -------
        ScenarioCache
        """
        if not overrides:
            return self._base
        key = json.dumps(overrides)
        with self._lock:
            if key in self._caches:
                self._caches.move_to_end(key)
                return self._caches[key]
            base = self.compiled
            params = apply_overrides(base.params, overrides)
            compiled = CompiledNetwork(base.dataset, params)  # in memory, not the disk cache
            cache = ScenarioCache(base.dataset, params, compiled=compiled)
            self._caches[key] = cache
            while len(self._caches) > KEEP:
                self._caches.popitem(last=False)
            return cache


#: Parameter sets whose compiled networks a worker keeps besides the base one.
KEEP = 4


def evaluate(world: World, sweep: Sweep, task: Task) -> dict[str, Any]:
    """Return the row of one task (see the module docstring).

    Parameters
    ----------
    world : World
    sweep : Sweep
    task : Task

    Returns
    -------
    dict
        Column name → value.
    """
    cache = world.cache(task.overrides)
    skims = cache.skims(sweep.modes, sweep.basis)
    base_skim = cache.skim("baseline", sweep.modes, sweep.basis)
    after = skims.frame(skims.add(base_skim, task.scenario))
    weights = resident_weights(cache.dataset)
    base = cache.matrix("baseline", sweep.modes, sweep.basis)  # kept: once per parameter set
    benefit = person_minutes_saved(base, after, weights)
    row: dict[str, Any] = {
        "task": task.index,
        "key": task.key,
        "scenario": task.scenario.name,
        "projects": ";".join(task.scenario.project_ids),
        "n_projects": len(task.scenario.project_ids),
        **dict(task.overrides),
        "benefit_pmin": benefit.person_minutes,
        "newly_reachable_trips": benefit.newly_reachable_trips,
        "mean_min": _mean_minutes(after, weights),
    }
    for origin, destination in sweep.pairs:
        value = np.nan
        if origin in after.index and destination in after.columns:
            value = float(after.at[origin, destination])
        row[f"{origin}__{destination}_min"] = value
    return row


def _mean_minutes(minutes: Any, weights: Any) -> float:
    """Return the resident-weighted mean minutes over reachable pairs of places."""
    t = minutes.reindex(index=weights.index, columns=weights.index).to_numpy(dtype=float)
    w = weights.to_numpy(dtype=float)
    pair = np.outer(w, w)
    np.fill_diagonal(pair, 0.0)
    ok = np.isfinite(t) & (pair > 0)
    total = pair[ok].sum()
    return float((pair[ok] * t[ok]).sum() / total) if total > 0 else float("nan")


__all__ = ["KEEP", "World", "evaluate"]
