"""Scenarios: the baseline network plus a chosen set of projects.

A scenario specification is a short string, the same in Python and on the
command line::

    baseline                      links open in the base year, no project
    full                          baseline + every project with a network effect
    2027  (or by:2027)            everything open by 2027: links opened by then, the
                                  projects whose opening year is at most 2027, and
                                  the sections of later projects already open
    today                         everything open by the current calendar year
    rail_chengyu_middle_hsr       baseline + that project
    baseline+category:transport   baseline + every transport project
    full-rail_chengyu_middle_hsr  full without that project (leave-one-out)
    baseline+subtype:waterway+log_suining_port_dashaba

Terms are joined by ``+`` (add) and ``-`` (remove); project ids, ``category:X``,
``subtype:X`` and years are terms. Matching is case-insensitive.
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from geo.dataset import Dataset
from geo.errors import ScenarioError

_YEAR = re.compile(r"^(?:by:)?(\d{4})$")


@dataclass(frozen=True)
class Scenario:
    """A resolved scenario.

    Attributes
    ----------
    name : str
        The specification it was made from (normalised), e.g. ``baseline``.
    project_ids : tuple of str
        Projects it includes, sorted.
    year : int or None
        For "open by year" scenarios: existing links opened after the base year but
        by this year are included too. None: only the baseline's existing links.
    """

    name: str
    project_ids: tuple[str, ...]
    year: int | None = None


def resolve_scenario(dataset: Dataset, spec: str | Scenario | None) -> Scenario:
    """Turn a specification string into a :class:`Scenario` for ``dataset``.

    Parameters
    ----------
    dataset : geo.dataset.Dataset
    spec : str, Scenario or None
        A specification (module docstring); a Scenario is returned as it is, None or
        an empty string mean ``baseline``.

    Returns
    -------
    Scenario
        Named by ``spec``; only projects with a network effect are kept.

    Raises
    ------
    geo.errors.ScenarioError
        For an unknown term, with the closest matches.
    """
    if isinstance(spec, Scenario):
        return spec
    spec = (spec or "baseline").strip()
    if not spec:
        spec = "baseline"
    terms = _split(dataset, spec)
    selected: set[str] = set()
    year: int | None = None
    _first_op, first_term = terms[0]
    start = _term_projects(dataset, first_term)
    if first_term.lower() in ("baseline", "full", "today") or _YEAR.match(first_term):
        selected, year = start
        terms = terms[1:]
    for op, term in terms:
        projects, term_year = _term_projects(dataset, term)
        if op == "+":
            selected |= projects
            if term_year is not None:  # "full+today" = "today+full": the later lines too
                year = max(year or term_year, term_year)
        else:
            selected -= projects
    effect = set(dataset.projects.index[dataset.projects["has_network_effect"]])
    return Scenario(name=spec, project_ids=tuple(sorted(selected & effect)), year=year)


def _known_terms(dataset: Dataset) -> dict[str, str]:
    """Lower-case term -> canonical term, for every project, category and subtype."""
    terms = {"baseline": "baseline", "full": "full", "today": "today"}
    projects = dataset.projects
    for project_id in projects.index:
        terms[str(project_id).lower()] = str(project_id)
    for column in ("category", "subtype"):
        if column in projects.columns:
            for value in projects[column].dropna().unique():
                if value:
                    terms[f"{column}:{value}".lower()] = f"{column}:{value}"
    return terms


def _split(dataset: Dataset, spec: str) -> list[tuple[str, str]]:
    """Split ``spec`` into (operator, term) pairs by longest match of known terms."""
    known = _known_terms(dataset)
    out: list[tuple[str, str]] = []
    rest = spec
    op = "+"
    while rest:
        lower = rest.lower()
        match = _YEAR.match(re.split(r"[+-]", rest, maxsplit=1)[0]) if rest[:1] != "-" else None
        candidates = [
            t
            for t in known
            if lower.startswith(t) and (len(t) == len(lower) or lower[len(t)] in "+-")
        ]
        if candidates:
            term = max(candidates, key=len)
            out.append((op, known[term]))
            rest = rest[len(term) :]
        elif match:
            token = re.split(r"[+-]", rest, maxsplit=1)[0]
            out.append((op, token.lower()))
            rest = rest[len(token) :]
        else:
            token = re.split(r"[+]", rest, maxsplit=1)[0]
            close = difflib.get_close_matches(token.lower(), list(known), n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(known[c] for c in close)}?" if close else ""
            raise ScenarioError(
                f"unknown scenario term '{token}' in '{spec}'{hint}. Terms are baseline, full, "
                "today, a year, a project id, category:X or subtype:X, joined by + or -"
            )
        if rest:
            op, rest = rest[0], rest[1:]
            if not rest:
                raise ScenarioError(f"scenario '{spec}' ends with '{op}'")
    return out


def _term_projects(dataset: Dataset, term: str) -> tuple[set[str], int | None]:
    """Projects a term stands for, and the year for year terms."""
    projects = dataset.projects
    lower = term.lower()
    if lower == "baseline":
        return set(), None
    if lower == "full":
        return set(projects.index), None
    year_match = _YEAR.match(lower)
    if lower == "today" or year_match:
        year = datetime.date.today().year if year_match is None else int(year_match.group(1))
        opening = projects.get("opening_year", pd.Series(dtype="Int64"))
        chosen = opening.notna() & (opening.fillna(9999) <= year)
        # A project that opens in sections is in as soon as its first section is open.
        links = dataset.links
        early = links.loc[(links["project_id"] != "") & (links["opened"] <= year), "project_id"]
        return set(projects.index[np.asarray(chosen, dtype=bool)]) | set(early), year
    if ":" in term and term.split(":", 1)[0] in ("category", "subtype"):
        column, value = term.split(":", 1)
        return set(projects.index[projects[column] == value]), None
    return {term}, None


def active_network(dataset: Dataset, scenario: Scenario) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the (links, nodes) of a scenario, with upgrades applied to the links.

    Links carry ``project_ids``: the project that adds the link and the projects
    that upgrade it (a tuple, empty for an untouched existing link).

    Parameters
    ----------
    dataset : geo.dataset.Dataset
    scenario : Scenario
        From :func:`resolve_scenario`.

    Returns
    -------
    links, nodes : pandas.DataFrame
        The dataset's rows in the scenario: existing links open by the
        scenario's year (else the base year) and the projects' links (open by that
        year, for a year scenario); existing nodes and the projects' nodes.
    """
    links = dataset.links
    base = links[links["project_id"] == ""]
    horizon = scenario.year if scenario.year is not None else dataset.base_year
    if horizon is not None:
        base = base[base["opened"].isna() | (base["opened"] <= horizon)]
    chosen = set(scenario.project_ids)
    added = links[links["project_id"].isin(chosen)]
    if scenario.year is not None:
        opening = dataset.projects["opening_year"]
        link_year = added["opened"].fillna(added["project_id"].map(opening))
        added = added[link_year.notna() & (link_year <= scenario.year)]
    active = pd.concat([base, added]).copy()
    if horizon is not None and "closed" in active.columns:  # withdrawn services, closed lines
        closed = pd.to_numeric(active["closed"], errors="coerce")
        active = active[closed.isna() | (closed > horizon)]
    active["project_ids"] = [(p,) if p else () for p in active["project_id"]]
    upgrades = dataset.upgrades[dataset.upgrades["project_id"].isin(chosen)]
    if scenario.year is not None:
        # An upgrade counts from its project's opening year, not from an early section.
        upgrade_year = upgrades["project_id"].map(dataset.projects["opening_year"])
        upgrades = upgrades[upgrade_year.notna() & (upgrade_year <= scenario.year)]
    if not upgrades.empty:
        order = upgrades["project_id"].map(dataset.projects["opening_year"]).fillna(0)
        for row in (
            upgrades.assign(_order=order)
            .sort_values(["_order", "project_id"])
            .itertuples(index=False)
        ):
            if row.link_id in active.index:
                _apply_upgrade(active, row)
    nodes = dataset.nodes
    nodes = nodes[(nodes["project_id"] == "") | nodes["project_id"].isin(chosen)]
    return active, nodes


def _apply_upgrade(active: pd.DataFrame, row: Any) -> None:
    """Apply one upgrade record to its link in ``active`` (in place)."""
    if not np.isnan(row.speed_kmh):
        active.at[row.link_id, "speed_kmh"] = row.speed_kmh
    if len(row.minutes):
        active.at[row.link_id, "minutes"] = row.minutes
    if not np.isnan(row.reverse_speed_kmh):
        active.at[row.link_id, "reverse_speed_kmh"] = row.reverse_speed_kmh
    vessel = getattr(row, "vessel_t", np.nan)
    if vessel == vessel:  # a channel raised to a larger vessel class
        active.at[row.link_id, "vessel_t"] = vessel
    new = tuple(getattr(row, "segment_speeds", ()) or ())
    if new:  # a service over upgraded track: the new speed on those segments
        old = active.at[row.link_id, "segment_speeds"]
        active.at[row.link_id, "segment_speeds"] = tuple(
            o if np.isnan(n) else n for o, n in zip(old, new, strict=True)
        )
    active.at[row.link_id, "project_ids"] = (*active.at[row.link_id, "project_ids"], row.project_id)


def later_lines(dataset: Dataset) -> list[dict[str, Any]]:
    """Return the lines opened after the base year that no project brings.

    They are in ``today`` and year scenarios but not in ``baseline`` or ``full`` (the
    programme on the base-year network); ``corridor compare`` names them.

    Parameters
    ----------
    dataset : geo.dataset.Dataset

    Returns
    -------
    list of dict
        ``id``, ``name``, ``mode`` and ``opened`` (a whole year), by opening year.
    """
    if dataset.base_year is None:
        return []
    links = dataset.links
    service = links["service"].astype(bool) if "service" in links else False
    late = links[(links["project_id"] == "") & ~service & (links["opened"] > dataset.base_year)]
    late = late.sort_values(["opened", "id"])
    return [
        {"id": str(r.id), "name": str(r.name), "mode": str(r.mode), "opened": int(r.opened)}
        for r in late.itertuples(index=False)
    ]


__all__ = [
    "Scenario",
    "active_network",
    "later_lines",
    "resolve_scenario",
]
