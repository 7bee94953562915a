"""Uncertainty of an appraisal: N parameter draws, ranges and probabilities.

Each draw *k* (generator seeded with ``(seed, k)``, so a draw is the same on any
worker) takes, uniformly:

- the values of time × 0.8–1.2, the investments and O&M × 0.8–1.2, the gravity decay
  × 0.8–1.2, the demand elasticity in [−1.0, −0.4] and the air fare elasticity in
  [−2.0, −0.8] (route to national level, InterVISTAS 2007);
- the mode speeds × 0.9–1.1 each: HSR and rail (``speed_factor``), expressways (their
  running speed by design class, ``expressway_kmh``, which sets their factor) and
  ordinary roads (``speed_factor.road``). These change the network itself, so they run
  through the sweep runner (:func:`corridor.executors.run_sweep`: local processes or a
  Dask cluster): every
  project alone and the full programme under each draw's speeds. The person-minutes a
  project saves under the draw, over those under the central speeds, scale its hours
  saved.

The results: percentiles of NPV and BCR per project, the probability that the BCR
exceeds 1, and the share of draws in which the top five projects by BCR stay the top
five.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from network.appraisalrun import PROGRAMME, AppraisalModel, Draw

#: Uniform ranges of the multipliers (and of the elasticity itself).
RANGES: dict[str, tuple[float, float]] = {
    "vot": (0.8, 1.2),
    "costs": (0.8, 1.2),
    "decay": (0.8, 1.2),
    "elasticity": (-1.0, -0.4),
    "air_elasticity": (-2.0, -0.8),
    "speed": (0.9, 1.1),
}
#: The modes whose speeds a draw scales.
SPEED_MODES: tuple[str, ...] = ("hsr", "rail", "expressway", "road")


def draws(n: int, seed: int) -> list[dict[str, Any]]:
    """Return ``n`` draws: multipliers and the speed-factor overrides of each.

    Parameters
    ----------
    n : int
    seed : int

    Returns
    -------
    list of dict
        ``vot``, ``costs``, ``decay``, ``elasticity``, ``air_elasticity`` and ``speed``
        (mode → multiplier).
    """
    out = []
    for k in range(n):
        rng = np.random.default_rng([seed, k])
        row: dict[str, Any] = {
            name: float(rng.uniform(*RANGES[name]))
            for name in ("vot", "costs", "decay", "elasticity", "air_elasticity")
        }
        row["speed"] = {m: float(rng.uniform(*RANGES["speed"])) for m in SPEED_MODES}
        out.append(row)
    return out


def run_draws(
    study: Any, model: AppraisalModel, n: int, *, seed: int = 0, workers: int = 1, dask: Any = None
) -> dict[str, Any]:
    """Run ``n`` draws and summarise them (see the module docstring).

    Parameters
    ----------
    study : corridor.Study
    model : AppraisalModel
    n : int
    seed : int, default 0
    workers : int, default 1
    dask : str or distributed.Client, optional

    Returns
    -------
    dict
        ``draws``, ``seed``, ``ranges`` (one record per project: percentiles and
        ``p_bcr_above_1``), ``top5`` and ``top5_stable``.
    """
    drawn = draws(n, seed)
    ratios = _speed_ratios(study, model, drawn, workers=workers, dask=dask)
    table = []
    for k, d in enumerate(drawn):
        run = model.run(Draw(vot=d["vot"], costs=d["costs"], decay=d["decay"],
                             elasticity=d["elasticity"], air_elasticity=d["air_elasticity"],
                             speed=ratios[k]))  # fmt: skip
        result = run["results"].assign(draw=k)
        table.append(result)
    every = pd.concat(table, ignore_index=True)
    central = model.run()["results"]
    return {
        "draws": n,
        "seed": seed,
        "ranges": _ranges(every).to_dict("records"),
        "top5": _top5(central),
        "top5_stable": float(
            np.mean([_top5(g) == _top5(central) for _, g in every.groupby("draw")])
        ),
        "table": every,
    }


def _speed_ratios(
    study: Any, model: AppraisalModel, drawn: list[dict[str, Any]], *, workers: int, dask: Any
) -> list[dict[str, float]]:
    """Return, per draw, each project's person-minutes saved over the central ones."""
    from corridor.executors import open_executor, run_sweep
    from corridor.sweep import Sweep, Task, task_key
    from corridor.worker import World
    from network.scenario import Scenario

    base = study.params
    keys = [k for k in model.after if k == PROGRAMME or k in model.bundles
            or bool(model.projects.at[k, "has_network_effect"])]  # fmt: skip
    routed = model.projects.index[model.projects["has_network_effect"].astype(bool)]
    members = tuple(p for p in model.programme_projects if p in routed)

    def projects_of(k: str) -> tuple[str, ...]:
        if k == PROGRAMME:
            return members
        return tuple(p for p in model.bundles.get(k, [k]) if p in routed)

    scenarios = {k: Scenario(k, projects_of(k)) for k in keys}
    sets = [()] + [_speed_overrides(base, d["speed"]) for d in drawn]
    tasks: list[Task] = []
    for overrides in sets:
        for key in keys:
            scenario = scenarios[key]
            digest = task_key(study.dataset, base, scenario, overrides, "any", "door_to_door", [])
            tasks.append(Task(len(tasks), scenario, overrides, digest))
    plan = Sweep(tasks=tasks, modes="any", basis="door_to_door", pairs=[],
                 parameters=[name for name, _ in sets[-1]] if len(sets) > 1 else [])  # fmt: skip
    with open_executor(workers, dask) as executor:
        rows = run_sweep(World(study.cache.compiled), plan, executor)
    saved = rows["benefit_pmin"].to_numpy(dtype=float).reshape(len(sets), len(keys))
    central = saved[0]
    out = []
    for s in range(1, len(sets)):
        ratio = np.divide(saved[s], central, out=np.ones_like(central), where=central > 0)
        out.append(dict(zip(keys, ratio.tolist(), strict=True)))
    return out


def _speed_overrides(base: Any, scale: dict[str, float]) -> tuple[tuple[str, float], ...]:
    """Return the parameter overrides of one draw's speed multipliers (sorted by name).

    Expressways run at the speed of their design class (``expressway_kmh``), which
    replaces their ``speed_factor``; so their draw scales every class.
    """
    out = [(f"speed_factor.{m}", base.speed_factor[m] * scale[m]) for m in ("hsr", "rail", "road")]
    out += [
        (f"expressway_kmh.{c}", v * scale["expressway"]) for c, v in base.expressway_kmh.items()
    ]
    return tuple(sorted(out))


def _ranges(every: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for key, group in every.groupby("project_id", sort=False):
        bcr, npv = group["bcr"].to_numpy(dtype=float), group["npv"].to_numpy(dtype=float)
        has = np.isfinite(bcr)
        rows.append({
            "project_id": key,
            "bcr_p05": float(np.percentile(bcr[has], 5)) if has.any() else np.nan,
            "bcr_p50": float(np.percentile(bcr[has], 50)) if has.any() else np.nan,
            "bcr_p95": float(np.percentile(bcr[has], 95)) if has.any() else np.nan,
            "npv_p05": float(np.percentile(npv[has], 5)) if has.any() else np.nan,
            "npv_p95": float(np.percentile(npv[has], 95)) if has.any() else np.nan,
            "p_bcr_above_1": float(np.mean(bcr[has] > 1)) if has.any() else np.nan,
        })  # fmt: skip
    return pd.DataFrame(rows)


def _top5(results: pd.DataFrame) -> list[str]:
    ranked = results[(results["project_id"] != PROGRAMME) & results["bcr"].notna()]
    return sorted(
        ranked.sort_values(["bcr", "project_id"], ascending=[False, True])["project_id"].head(5)
    )


__all__ = ["RANGES", "SPEED_MODES", "draws", "run_draws"]
