"""Per-project marginal benefit: add-one-in, leave-one-out, per CNY billion, interactions.

For a project *p* (benefits in person-minutes, see :mod:`network.accessibility`):

- **add-one-in**: what *p* saves added alone to the baseline,
  ``benefit(baseline → baseline + p)``;
- **leave-one-out**: what the full programme loses without *p*,
  ``benefit(full − p → full)``;
- **interaction** of *p* and *q*: ``joint(p + q) − add(p) − add(q)``, positive when
  the two together save more than apart (complements: a line and its feeder),
  negative when they compete for the same trips (two parallel lines).

Projects with no network effect (5G coverage, a plan) are listed with
``network_effect`` false and no benefit, never ranked as zero.
"""

from __future__ import annotations

import functools
import itertools
from typing import Any

import numpy as np
import pandas as pd

from network.accessibility import Benefit, resident_weights
from network.benefit import SkimBenefit
from network.cache import ScenarioCache
from network.incremental import Skim
from network.rollup import group_of
from network.scenario import Scenario

RANK_COLUMNS = (
    "rank",
    "project_id",
    "name",
    "category",
    "subtype",
    "opening_year",
    "investment_cny_bn",
    "network_effect",
    "add_one_in_pmin",
    "leave_one_out_pmin",
    "add_one_in_pmin_per_bn",
    "leave_one_out_pmin_per_bn",
    "newly_reachable_trips",
    "top_places",
    "note",
)


class _Bar:
    """A progress bar on stderr (tqdm, only on a terminal), or nothing."""

    def __init__(self, enabled: bool, total: int, description: str) -> None:
        self._bar = None
        if enabled:
            from tqdm import tqdm

            self._bar = tqdm(
                total=total, desc=description, unit="scenario", leave=False, disable=None
            )

    def update(self) -> None:
        """Advance by one scenario."""
        if self._bar is not None:
            self._bar.update()

    def close(self) -> None:
        """Remove the bar."""
        if self._bar is not None:
            self._bar.close()


#: Why a project without network records is listed but not ranked.
NO_EFFECT = "no network effect: no link, node, upgrade or facility in the data (not ranked)"


def rank_projects(
    cache: ScenarioCache,
    *,
    modes: str = "any",
    basis: str = "door_to_door",
    progress: bool = False,
    top_places: int = 3,
    by: str = "zone",
) -> pd.DataFrame:
    """Rank the projects by add-one-in benefit (person-minutes saved).

    Parameters
    ----------
    cache : ScenarioCache
        The dataset and parameters (graphs built once).
    modes : str, default "any"
    basis : {"door_to_door", "line_haul"}, default "door_to_door"
    progress : bool, default False
        Show a progress bar on stderr (only on a terminal).
    top_places : int, default 3
        How many of the places that gain most to list per project.
    by : {"zone", "prefecture", "province"}, default "zone"
        Whom ``top_places`` lists (:func:`_top`).

    Returns
    -------
    pandas.DataFrame
        :data:`RANK_COLUMNS`; ``rank`` is 1 for the largest add-one-in benefit (ties by
        id) and empty for projects with no network effect, listed last.
        ``top_places``: ``place: minutes saved per resident trip``; ``note``: why a
        project saves nothing (:func:`network.explain.zero_benefit_reason`).
    """
    projects, weights = cache.dataset.projects, resident_weights(cache.dataset)
    effect = sorted(projects.index[projects["has_network_effect"]])
    skims, base = cache.skims(modes, basis), cache.skim("baseline", modes, basis)
    benefit = SkimBenefit(cache.compiled, weights)
    groups = group_of(cache.dataset, list(weights.index), by)
    bar = _Bar(progress, 2 * len(effect), "ranking projects")
    loo: dict[str, float] = {}
    full: list[Skim] = []  # base + every project, handed over before the first visit

    def leave_out(project: str, skim: Skim) -> None:
        loo[project] = benefit(skim, full[0]).person_minutes
        bar.update()

    skims.leave_one_out(base, effect, leave_out, with_all=full.append)
    rows, buffer = [], np.empty_like(base.seconds)  # one array for every add-one-in
    for project in effect:
        add = benefit(
            base, skims.add(base, Scenario(f"baseline+{project}", (project,)), out=buffer)
        )
        top = _top(add, weights, groups, top_places)
        rows.append(_row(projects.loc[project], add, loo[project], top))
        bar.update()
    bar.close()
    frame = _ordered(pd.DataFrame(_explained(cache, rows, set(effect), modes, basis)))
    frame.attrs.update(modes=modes, basis=basis, unit="person-minutes")
    return frame


def _explained(
    cache: ScenarioCache, rows: list[dict[str, Any]], effect: set[str], modes: str, basis: str
) -> list[dict[str, Any]]:
    """Add the projects with no network effect; say why a project with one saves nothing."""
    from network.explain import zero_benefit_reason

    projects = cache.dataset.projects
    others = sorted(set(projects.index) - effect)
    rows = rows + [_row(projects.loc[p], None, np.nan, "") for p in others]
    for row in rows:
        saved = float(row["add_one_in_pmin"])
        if row["network_effect"] and not saved > 0:
            project = str(row["project_id"])
            row["note"] = zero_benefit_reason(cache, project, modes=modes, basis=basis)
    return rows


def _ordered(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the ranking rows in rank order, projects with no network effect last."""
    if frame.empty:
        return pd.DataFrame(columns=list(RANK_COLUMNS))
    has = frame["network_effect"]
    order = frame[has].sort_values(
        ["add_one_in_pmin", "project_id"], ascending=[False, True], kind="mergesort"
    )
    frame = pd.concat([order, frame[~has].sort_values("project_id")], ignore_index=True)
    frame.insert(0, "rank", [i + 1 if e else None for i, e in enumerate(frame["network_effect"])])
    frame["rank"] = frame["rank"].astype("Int64")
    return frame[list(RANK_COLUMNS)]


def _top(add: Benefit, weights: pd.Series, groups: pd.Series, n: int) -> str:
    """``group: minutes saved per resident trip`` of the ``n`` groups that save most.

    Groups are zones, prefectures or provinces: their zones' person-minutes summed, per
    resident over their residents.
    """
    saved = add.by_place.groupby(groups.reindex(add.by_place.index)).sum()
    residents = weights.groupby(groups.reindex(weights.index)).sum()
    ranked = sorted(((g, v) for g, v in saved.items() if v > 0), key=lambda kv: (-kv[1], kv[0]))
    return "; ".join(f"{g}: {v / residents[g]:.1f}" for g, v in ranked[:n])


def _row(project: pd.Series, add: Benefit | None, loo_pmin: float, top: str) -> dict[str, object]:
    investment = project.get("investment_cny_bn", np.nan)
    investment = np.nan if pd.isna(investment) else float(investment)
    add_pmin = np.nan if add is None else add.person_minutes
    per_bn = investment if investment and investment > 0 else np.nan
    return {
        "project_id": project["id"],
        "name": project["name"],
        "category": project.get("category", ""),
        "subtype": project.get("subtype", ""),
        "opening_year": project.get("opening_year", pd.NA),
        "investment_cny_bn": investment,
        "network_effect": add is not None,
        "add_one_in_pmin": add_pmin,
        "leave_one_out_pmin": loo_pmin,
        "add_one_in_pmin_per_bn": add_pmin / per_bn,
        "leave_one_out_pmin_per_bn": loo_pmin / per_bn,
        "newly_reachable_trips": np.nan if add is None else add.newly_reachable_trips,
        "top_places": top,
        "note": "" if add is not None else NO_EFFECT,
    }


INTERACTION_COLUMNS = (
    "project_a",
    "project_b",
    "alone_a_pmin",
    "alone_b_pmin",
    "joint_pmin",
    "interaction_pmin",
)


def interactions(
    cache: ScenarioCache,
    project_ids: list[str],
    *,
    modes: str = "any",
    basis: str = "door_to_door",
    progress: bool = False,
) -> pd.DataFrame:
    """Return the interaction of every pair of ``project_ids`` (added to the baseline).

    Parameters
    ----------
    cache : ScenarioCache
    project_ids : list of str
        Project ids (any case).
    modes : str, default "any"
    basis : {"door_to_door", "line_haul"}
    progress : bool, default False

    Returns
    -------
    pandas.DataFrame
        Columns ``project_a``, ``project_b``, ``alone_a_pmin``, ``alone_b_pmin``,
        ``joint_pmin``, ``interaction_pmin`` (joint − alone a − alone b), in
        person-minutes.

    Raises
    ------
    geo.errors.UnknownProjectError
        For an id that is not in the catalogue.
    """
    project_ids = [cache.dataset.project(p) for p in project_ids]
    weights = resident_weights(cache.dataset)
    skims, base = cache.skims(modes, basis), cache.skim("baseline", modes, basis)
    benefit_of = SkimBenefit(cache.compiled, weights)

    @functools.cache
    def benefit(ids: tuple[str, ...]) -> float:  # each project alone: once, not per pair
        after = skims.add(base, Scenario("baseline+" + "+".join(ids), ids))
        return benefit_of(base, after).person_minutes

    ids = sorted(dict.fromkeys(project_ids))
    pairs = list(itertools.combinations(ids, 2))
    bar = _Bar(progress, len(pairs), "interactions")
    rows = []
    for a, b in pairs:
        alone_a, alone_b, joint = benefit((a,)), benefit((b,)), benefit((a, b))
        rows.append((a, b, alone_a, alone_b, joint, joint - alone_a - alone_b))
        bar.update()
    bar.close()
    return pd.DataFrame(rows, columns=list(INTERACTION_COLUMNS))


__all__ = [
    "INTERACTION_COLUMNS",
    "RANK_COLUMNS",
    "interactions",
    "rank_projects",
]
