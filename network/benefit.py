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

#: Rows per block (bounds the temporaries to BLOCK × places).
BLOCK = 512


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
        self._pos = np.array([compiled.place_position(p) for p in self.places], dtype=np.int64)
        self._w = np.zeros(compiled.n_places)
        self._w[self._pos] = weights.to_numpy(dtype=float)
        self._total = float(self._w.sum())

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
        by_place, newly = np.zeros(n), 0.0
        if self._total > 0:
            for start in range(0, n, BLOCK):
                rows = np.arange(start, min(start + BLOCK, n))
                t0, t1 = before.seconds[rows], after.seconds[rows]
                f0, f1 = np.isfinite(t0), np.isfinite(t1)
                saved = np.subtract(t0, t1, out=np.zeros_like(t0), where=f0 & f1) / 60.0
                saved[np.abs(saved) < SAME_MINUTES] = 0.0
                saved[np.arange(len(rows)), rows] = 0.0  # a place to itself is no trip
                by_place[rows] = saved @ w * w[rows] / self._total
                new = (~f0 & f1).astype(float)
                new[np.arange(len(rows)), rows] = 0.0
                newly += float(w[rows] @ (new @ w)) / self._total
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
