"""The result of ``Study.appraise``: tables, text, JSON-ready data and the workbook."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from corridor.render import text_table
from network.appraisalparams import AppraisalParams
from network.appraisalrun import PROGRAMME


@dataclass
class Appraisal:
    """An appraisal of a dataset's projects and programme.

    Attributes
    ----------
    dataset, currency : str
    params : AppraisalParams
    assumptions : pandas.DataFrame
        Every parameter, its value and source.
    results : pandas.DataFrame
        One row per project and ``programme``: hours saved a year by purpose (and
        ``valued_hours_*``, weighted by mode), induced trips, freight CNY a year, the
        airport-capacity benefit in its market's counted year (``air_cny``), present
        values, NPV, BCR, EIRR, switching values and the verdict; with a sweep also
        ``bcr_p05``/``bcr_p50``/``bcr_p95``, ``npv_p05``/``npv_p95`` and
        ``p_bcr_above_1``.
    streams : pandas.DataFrame
        Yearly costs and benefits (:data:`network.appraisal.STREAM_COLUMNS`).
    demand : dict
        Calibrated trip rates, trips a year and the calibration count.
    wider : pandas.DataFrame
        Productivity gain a year by project and decay exponent (reported apart).
    equity : dict
        ``zones``, ``prefecture``, ``province``, ``income_group`` tables, ``inequality``
        (Gini and Palma of accessibility before and after) and ``losers``.
    sweep : dict or None
        ``draws``, ``top5`` (central), ``top5_stable`` (share of draws with the same
        top five by BCR) and the ranges.
    """

    dataset: str
    currency: str
    params: AppraisalParams
    assumptions: pd.DataFrame
    results: pd.DataFrame
    streams: pd.DataFrame
    demand: dict[str, Any]
    wider: pd.DataFrame
    equity: dict[str, Any]
    sweep: dict[str, Any] | None = field(default=None)

    def only(self, project: str) -> Appraisal:
        """Return the appraisal of one project (and the programme, for reference).

        Parameters
        ----------
        project : str

        Returns
        -------
        Appraisal
        """
        keep = {project, PROGRAMME}
        return replace(
            self,
            results=self.results[self.results["project_id"].isin(keep)].reset_index(drop=True),
            streams=self.streams[self.streams["project_id"].isin(keep)].reset_index(drop=True),
            wider=self.wider[self.wider["project_id"].isin(keep)].reset_index(drop=True)
            if "project_id" in self.wider
            else self.wider,
        )

    def ranking(self) -> pd.DataFrame:
        """Return the projects with costs, best BCR first (the programme excluded).

        Returns
        -------
        pandas.DataFrame
        """
        r = self.results[(self.results["project_id"] != PROGRAMME) & self.results["bcr"].notna()]
        return r.sort_values(["bcr", "project_id"], ascending=[False, True]).reset_index(drop=True)

    def to_dict(self) -> dict[str, Any]:
        """Return plain data (what ``corridor appraise --format json`` prints).

        Returns
        -------
        dict
        """
        return {
            "dataset": self.dataset,
            "currency": self.currency,
            "results": self.results.to_dict("records"),
            "demand": self.demand,
            "wider": self.wider.to_dict("records"),
            "equity": {
                "inequality": self.equity["inequality"],
                "province": self.equity["province"].to_dict("records"),
                "income_group": self.equity["income_group"].to_dict("records"),
                "losers": self.equity["losers"].to_dict("records"),
            },
            "sweep": {k: v for k, v in self.sweep.items() if k != "table"} if self.sweep else None,
            "assumptions": self.assumptions.to_dict("records"),
        }

    def to_text(self) -> str:
        """Return the tables ``corridor appraise`` prints."""
        cur, bn = self.currency, 1e9
        rows = [
            [r.project_id, _opt(r.opening_year, "{:.0f}"), _opt(r.investment_cny_bn, "{:.1f}"),
             _opt(r.pv_benefits / bn, "{:,.1f}"), _opt(r.pv_costs / bn, "{:,.1f}"),
             _opt(r.npv / bn, "{:,.1f}"), _opt(r.bcr, "{:.2f}"), _opt(r.eirr * 100, "{:.1f}"),
             *self._ranges(r), r.verdict]
            for r in self.results.itertuples(index=False)
        ]  # fmt: skip
        extra = ["BCR 5–95 %", "P(BCR>1)"] if self.sweep else []
        headers = ["project", "opens", f"{cur} bn", "PV benefits", "PV costs", "NPV", "BCR",
                   "EIRR %", *extra, "verdict"]  # fmt: skip
        p = self.params
        lines = [
            f"{self.dataset}: appraisal at {p.discount_rate:.0%} a year, prices and present "
            f"values of {p.price_year} ({cur} bn); benefits: time saved by purpose (rule of a "
            "half), freight cost saved and airport capacity",
            text_table(headers, rows, missing="—"),
        ]
        lines += self._demand_text() + self._equity_text() + self._sweep_text()
        return "\n".join(lines)

    def _ranges(self, r: Any) -> list[str | None]:
        if not self.sweep:
            return []
        low, high = getattr(r, "bcr_p05", np.nan), getattr(r, "bcr_p95", np.nan)
        span = f"{low:.2f}–{high:.2f}" if np.isfinite(low) else "—"
        chance = getattr(r, "p_bcr_above_1", np.nan)
        return [span, _opt(chance, "{:.0%}")]

    def _demand_text(self) -> list[str]:
        d = self.demand
        rates = ", ".join(f"{k} {v:.2f}" for k, v in d["rates"].items())
        c = d["calibration"]
        if not c.get("calibrated", True):
            return [
                f"\nDemand: intercity trips a resident makes a year: {rates}: NOT calibrated on "
                f"this dataset (its places hold no calibration groups {' and '.join(c['groups'])}"
                "): the rates of the embedded Chengdu–Chongqing calibration. Set [appraisal] "
                "calibration_groups and observed_trips in dataset.toml."
            ]
        return [
            f"\nDemand: intercity trips a resident makes a year: {rates}; calibrated on "
            f"{c['observed'] / 1e6:,.1f} million trips a year between "
            f"{' and '.join(c['groups'])} (modelled {c['modelled'] / 1e6:,.1f} million)."
        ]

    def _equity_text(self) -> list[str]:
        q = self.equity["inequality"]
        groups = self.equity["income_group"]
        per_head = ", ".join(
            f"{int(g.income_group)}: {g.benefit_per_head:,.0f}" for g in groups.itertuples()
        )
        lost = self.equity["losers"]
        lines = [
            f"\nWho gains (the programme): {self.currency} a year per resident by income group "
            f"(1 = lowest GDP per head): {per_head}. Accessibility Gini {q['gini_before']:.3f} "
            f"→ {q['gini_after']:.3f}, Palma {q['palma_before']:.2f} → {q['palma_after']:.2f}.",
        ]
        if len(lost):
            lines.append(
                "Zones that lose: " + "; ".join(f"{r.name}: {r.reason}" for r in lost.itertuples())
            )
        else:
            lines.append("No zone's mean time to the others rises.")
        return lines

    def _sweep_text(self) -> list[str]:
        if not self.sweep:
            return []
        s = self.sweep
        return [
            f"\nSweep of {s['draws']} draws: the top five by BCR ({', '.join(s['top5'])}) stay "
            f"the top five in {s['top5_stable']:.0%} of draws."
        ]

    def write_xlsx(self, path: str | Path) -> Path:
        """Write the workbook (assumptions, streams, results, wider, equity) atomically.

        Parameters
        ----------
        path : str or Path

        Returns
        -------
        Path
        """
        from corridor.appraisalbook import write_workbook

        return write_workbook(self, Path(path))


def _opt(value: Any, fmt: str) -> str | None:
    """Format a number, or None for a missing one."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return fmt.format(number) if np.isfinite(number) else None


__all__ = ["Appraisal"]
