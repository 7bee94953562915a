"""Person-minutes saved between two skims, on their arrays (ranking's inner loop).

:func:`network.accessibility.person_minutes_saved` works on two DataFrames; ranking
compares dozens of scenarios of thousands of places, where building, aligning and
reindexing those frames costs more than the routing. :class:`SkimBenefit` computes the
same :class:`~network.accessibility.Benefit` from two
:class:`~network.incremental.Skim` arrays in row blocks, with the residents' weights
laid out once over the compiled network's places (zero for places that carry none, so
ports and outside cities drop out as they do from the frames).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from network.accessibility import SAME_MINUTES, Benefit
from network.compiled import CompiledNetwork
from network.incremental import Skim

#: Elements per block of rows (about 512 KB of float64: stays in the processor's cache).
BLOCK = 1 << 16


class SkimBenefit:
    """The benefit function of one compiled network and set of resident weights.

    Parameters
    ----------
    compiled : CompiledNetwork
    weights : pandas.Series
        Resident weight (persons) per place id
        (:func:`network.accessibility.resident_weights`).
    """

    def __init__(self, compiled: CompiledNetwork, weights: pd.Series) -> None:
        self.places = [str(p) for p in weights.index]
        self._pos = compiled.place_positions(self.places)
        self._w = np.zeros(compiled.n_places)
        self._w[self._pos] = weights.to_numpy(dtype=float)
        self._total = float(self._w.sum())
        self._compiled = compiled
        self._active: dict[tuple[str, ...], np.ndarray] = {}

    def _inactive(self, skim: Skim) -> np.ndarray:
        """Return the places a skim's scenario lacks (project nodes of other projects).

        A project's link may call at a node another project adds: the skim reaches it,
        but the scenario's matrix has no such place, so it counts as unreachable.
        """
        key = skim.scenario.project_ids
        if key not in self._active:
            compiled = self._compiled
            active = np.zeros(compiled.n_places, dtype=bool)
            places = compiled.active_places(skim.scenario)
            active[compiled.place_positions(places)] = True
            self._active[key] = ~active
        return self._active[key]

    def __call__(self, before: Skim, after: Skim) -> Benefit:
        """Return the person-minutes saved from ``before`` to ``after``.

        Parameters
        ----------
        before, after : Skim
            Of the same compiled network.

        Returns
        -------
        Benefit
            Equal to :func:`~network.accessibility.person_minutes_saved` of their frames.
        """
        n, w = len(self._w), self._w
        gone0, gone1 = self._inactive(before), self._inactive(after)
        by_place, newly = np.zeros(n), 0.0
        rows = max(1, BLOCK // max(1, n))
        diff = np.empty((rows, n))
        if self._total > 0:
            for start in range(0, n, rows):
                block = np.arange(start, min(start + rows, n))
                d = diff[: len(block)]
                t0, t1 = before.seconds[block], after.seconds[block]  # copies
                for t, gone in ((t0, gone0), (t1, gone1)):
                    if gone.any():
                        t[:, gone] = np.inf
                        t[gone[block]] = np.inf
                with np.errstate(invalid="ignore"):  # inf − inf: unreachable before and after
                    np.subtract(t0, t1, out=d)
                d[np.arange(len(block)), block] = 0.0  # a place to itself is no trip
                gained = d == np.inf  # unreachable before, reachable after
                newly += float(w[block] @ (gained @ w))
                d[~np.isfinite(d)] = 0.0
                d[np.abs(d) < SAME_MINUTES * 60.0] = 0.0
                by_place[block] = (d @ w) * w[block] / (60.0 * self._total)
            newly /= self._total
        mine = by_place[self._pos]
        weight = self._w[self._pos]
        per_resident = np.where(weight > 0, mine / np.where(weight > 0, weight, 1.0), 0.0)
        index = pd.Index(self.places, name="place")
        return Benefit(
            person_minutes=float(mine.sum()),
            by_place=pd.Series(mine, index=index),
            per_resident=pd.Series(per_resident, index=index),
            newly_reachable_trips=newly,
        )


__all__ = ["BLOCK", "SkimBenefit"]
