"""A before/after comparison: the key pairs, the circles, the targets, the top projects.

:meth:`corridor.Study.compare` returns a :class:`Comparison`; ``corridor compare``
prints its :meth:`~Comparison.to_text` (or :meth:`~Comparison.to_dict` as JSON, or its
pairs as CSV), so Python and the command line give the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from corridor.render import text_table

#: Mode set and basis of the circles and of the project ranking in the summary.
CIRCLE_MODES, CIRCLE_BASIS = "any", "line_haul"
RANK_MODES, RANK_BASIS = "any", "door_to_door"
_STATUS_KEYS = ("status", "worst_min", "worst_pair", "gap_min", "pairs", "pairs_met")


@dataclass(frozen=True)
class Comparison:
    """Before/after results of two scenarios.

    Attributes
    ----------
    dataset : str
        The dataset's name.
    before, after : str
        The scenario specifications compared.
    pairs : pandas.DataFrame
        One row per (pair, mode set, basis): see :func:`network.compare.compare_pairs`.
    circles : pandas.DataFrame or None
        Circle membership per core and place (:func:`network.circles.circle_members`),
        None for a brief comparison.
    circle_minutes : float
        The circles' radius, minutes.
    targets : pandas.DataFrame or None
        One row per (target, scenario): ``target``, ``name``, ``minutes``, ``basis``,
        ``modes``, ``scenario``, ``status``, ``worst_min``, ``worst_pair``, ``gap_min``,
        ``pairs``, ``pairs_met``.
    top_projects : pandas.DataFrame or None
        The five projects that save most, added alone to the baseline
        (:func:`network.ranking.rank_projects` rows).
    names : dict
        Display name of every place id, for the text.
    today : str or None
        The current year when the pairs also hold ``today_min``: the network open by
        this year (later lines and the projects opened by then).
    later_lines : list of dict
        Lines opened after the base year that are not projects (``id``, ``name``,
        ``opened``): in ``today`` and year scenarios, outside the programme (``full``).
    currency : str
        ISO 4217 code of the amounts (the dataset's ``currency``).
    """

    dataset: str
    before: str
    after: str
    pairs: pd.DataFrame
    circles: pd.DataFrame | None = None
    circle_minutes: float = 60.0
    targets: pd.DataFrame | None = None
    top_projects: pd.DataFrame | None = None
    names: dict[str, str] = field(default_factory=dict, repr=False)
    today: str | None = None
    later_lines: list[dict[str, Any]] = field(default_factory=list)
    currency: str = "CNY"

    @property
    def brief(self) -> bool:
        """Whether only the pairs were computed."""
        return self.circles is None

    def to_dict(self) -> dict[str, Any]:
        """Return plain data (what ``corridor compare --format json`` prints).

        Returns
        -------
        dict
            ``before``, ``after``, ``rows`` (the pairs, minutes; unreachable NaN) and,
            unless brief, ``circles``, ``targets`` and ``top_projects``.
        """
        out: dict[str, Any] = {
            "before": self.before,
            "after": self.after,
            "rows": self.pairs.to_dict("records"),
        }
        if self.today is not None:
            out["today"] = self.today
            out["later_lines"] = self.later_lines
        if self.circles is not None:
            out["circles"] = {
                "minutes": self.circle_minutes,
                "basis": CIRCLE_BASIS,
                "modes": CIRCLE_MODES,
                "cores": self._circle_cores(),
            }
        if self.targets is not None:
            out["targets"] = self._target_records()
        if self.top_projects is not None:
            out["top_projects"] = {
                "modes": RANK_MODES,
                "basis": RANK_BASIS,
                "unit": "person-minutes",
                "rows": self.top_projects.to_dict("records"),
            }
        return out

    def _circle_cores(self) -> dict[str, dict[str, list[str]]]:
        assert self.circles is not None
        cores: dict[str, dict[str, list[str]]] = {}
        if "core" not in self.circles.columns:  # no core places: no circles
            return cores
        for core, group in self.circles.groupby("core", sort=False):
            cores[str(core)] = {
                "before": sorted(group.loc[group["member_before"], "place"]),
                "after": sorted(group.loc[group["member_after"], "place"]),
                "joins": sorted(group.loc[group["change"] == "joins", "place"]),
                "leaves": sorted(group.loc[group["change"] == "leaves", "place"]),
            }
        return cores

    def _target_records(self) -> list[dict[str, Any]]:
        assert self.targets is not None
        records: list[dict[str, Any]] = []
        if self.targets.empty:
            return records
        for target, group in self.targets.groupby("target", sort=False):
            rows = group.to_dict("records")
            first = rows[0]
            records.append(
                {
                    "target": target,
                    "name": first["name"],
                    "minutes": first["minutes"],
                    "basis": first["basis"],
                    "modes": first["modes"],
                    "before": {k: rows[0][k] for k in _STATUS_KEYS},
                    "after": {k: rows[-1][k] for k in _STATUS_KEYS},
                }
            )
        return records

    def to_text(self) -> str:
        """Return the text ``corridor compare`` prints: aligned tables."""
        lines = [f"{self.dataset}: {self.before} → {self.after}", self._pairs_text()]
        if self.later_lines:
            lines.append(self._later_text())
        if not self.brief:
            lines += [self._circles_text(), self._targets_text(), self._top_text()]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()

    def _name(self, place: str) -> str:
        return str(self.names.get(place, place))

    def _pairs_text(self) -> str:
        rows = [
            [
                self._name(r.origin),
                self._name(r.destination),
                r.modes,
                r.basis.replace("_", "-"),
                _minutes(r.before_min),
                *([_minutes(getattr(r, "today_min", None))] if self.today else []),
                _minutes(r.after_min),
                None if pd.isna(r.change_min) else round(r.change_min, 1),
                None if pd.isna(r.change_pct) else round(r.change_pct, 1),
                r.status,
                r.projects.replace(";", ", "),
            ]
            for r in self.pairs.itertuples(index=False)
        ]
        today = [f"today ({self.today})"] if self.today else []
        headers = ["from", "to", "modes", "basis", self.before, *today, self.after]
        headers += ["change min", "change %", "status", "projects used"]
        numeric = [False] * 4 + [True] * (4 + len(today)) + [False] * 2
        return text_table(headers, rows, numeric=numeric, missing="")

    def _later_text(self) -> str:
        lines = ", ".join(f"{r['name']} ({r['opened']})" for r in self.later_lines)
        return (
            f"\nOutside the programme: {len(self.later_lines)} lines opened after the base "
            f"year are not projects, so '{self.after}' leaves them out while today "
            f"({self.today}) has them (scenario 'today+full' adds the programme to today's "
            f"network): {lines}."
        )

    def _circles_text(self) -> str:
        def named(ids: list[str]) -> str:
            return ", ".join(self._name(i) for i in ids) or "—"

        if not self._circle_cores():
            return "\nNo core places (core in dataset.toml): no one-hour circles."
        rows = [
            [self._name(core), len(c["before"]), len(c["after"]), named(c["joins"])]
            + [named(c["leaves"])]
            for core, c in self._circle_cores().items()
        ]
        title = (
            f"\n{self.circle_minutes:g}-minute circles (line-haul, any mode): "
            "members before → after"
        )
        table = text_table(["core", "before", "after", "joins", "leaves"], rows, missing="")
        return f"{title}\n{table}"

    def _targets_text(self) -> str:
        rows = []
        for t in self._target_records():
            b, a = t["before"], t["after"]
            rows.append(
                [t["name"], t["minutes"], f"{t['modes']} {t['basis'].replace('_', '-')}"]
                + [b["status"], b["gap_min"], a["status"], a["gap_min"]]
                + [f"{a['pairs_met']}/{a['pairs']}"]
            )
        headers = ["target", "min", "measured", "before", "gap", "after", "gap"]
        table = text_table(
            [*headers, "pairs met after"],
            rows,
            numeric=[False, True, False, False, True, False, True, True],
        )
        title = "\nTargets (gap = worst trip minus the target; negative = met with room)"
        return f"{title}\n{table}"

    def _top_text(self) -> str:
        assert self.top_projects is not None
        rows = [
            [r["rank"], r["project_id"], r["add_one_in_pmin"] / 1e6]
            + [r["leave_one_out_pmin"] / 1e6, r["investment_cny_bn"], r["top_places"]]
            for r in self.top_projects.to_dict("records")
        ]
        table = text_table(
            ["rank", "project", "add-one-in", "leave-one-out", f"{self.currency} bn"]
            + ["gains most (min/trip)"],
            rows,
            numeric=[True, False, True, True, True, False],
            missing="",
        )
        title = (
            "\nTop projects by person-minutes saved, each added alone to the baseline "
            "(any mode, door-to-door; millions):"
        )
        return f"{title}\n{table}\nFull ranking: corridor rank"


def _minutes(value: float | None) -> str:
    return "unreachable" if value is None or pd.isna(value) else f"{value:.1f}"


__all__ = ["Comparison"]
