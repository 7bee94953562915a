"""Exact place-to-place times of many scenarios, updated incrementally.

Ranking evaluates dozens of scenarios that differ from one another by a few projects.
Recomputing each one runs Dijkstra from every place; :class:`Skims` instead updates a
known scenario *X* to a scenario *Y* that adds edges to it (a project, or several):

1. The edges of *Y* that *X* lacks are the **new edges** (ride edges of new or upgraded
   links, the access, egress and transfer edges of stations that open). The edges of *X*
   that *Y* lacks (a link's state before an upgrade) must each be **dominated** by an
   edge of *Y* between the same nodes that is no slower; otherwise the update falls back
   to a full recomputation, so the result is always exact.
2. A shortest path in *Y* either uses no new edge, and then it is a path of *X*, or it
   has a *first* new edge (a, b), before which it runs in *X*. Hence, for every origin s
   and destination t::

       d_Y(s, t) = min( d_X(s, t),  min over new edges (a, b) of d_X(s, a) + w(a, b) + d_Y(b, t) )

   ``d_X(·, a)`` comes from Dijkstra *to* each tail a (on the reversed graph of *X*) and
   ``d_Y(b, ·)`` from Dijkstra *from* each head b on *Y*: one search per distinct tail
   and head instead of one per place. The last step is a min-plus product over the tails,
   done in row blocks. Tails that are a place's own origin node (access edges) have no
   incoming edges, so they update that place's row alone.

Leave-one-out uses insertions only (:meth:`Skims.leave_one_out`): split the projects in
two halves, add one half incrementally to the scenario and recurse into the other, so
every "all but *p*" scenario is reached by adding projects, never by removing them.

Times are seconds in ``float64`` arrays over every place the compiled network knows
(base and project-added), ``inf`` where there is no path; :meth:`Skims.frame` turns one
into the DataFrame :meth:`network.routing.Router.matrix` returns (minutes, NaN, the
scenario's places only). The equality with full recomputation is tested on random
networks (hypothesis) and on the embedded data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from network.compiled import CompiledNetwork
from network.modes import mode_set_name, resolve_modes
from network.routing import check_basis
from network.scenario import Scenario
from network.sparse import min_csr, search

#: Elements per block of the min-plus step (rows × places; about 512 KB of float64).
BLOCK = 1 << 16


@dataclass(frozen=True)
class Skim:
    """Place-to-place seconds of one scenario.

    Attributes
    ----------
    scenario : Scenario
    mask : numpy.ndarray of bool
        The scenario's edges among the compiled edges.
    seconds : numpy.ndarray
        Places × places (every place of the compiled network, in its order), seconds;
        ``inf`` = no path. The diagonal is what Dijkstra finds (a round trip).
    incremental : bool
        Whether it was updated incrementally (False: computed from every place).
    """

    scenario: Scenario
    mask: np.ndarray
    seconds: np.ndarray
    incremental: bool = False


class Skims:
    """Full and incremental place-to-place times of one compiled network.

    Parameters
    ----------
    compiled : CompiledNetwork
    modes : str, default "any"
    basis : {"door_to_door", "line_haul"}
    always : bool, default False
        Update incrementally even where a full recomputation looks cheaper (many new
        edges on a small network); an update that removes an edge it cannot prove
        dominated still recomputes. For tests and benchmarks.
    """

    def __init__(
        self,
        compiled: CompiledNetwork,
        modes: str = "any",
        basis: str = "door_to_door",
        *,
        always: bool = False,
    ) -> None:
        self.compiled = compiled
        self.always = always
        self.modes = resolve_modes(modes)
        self.name = mode_set_name(self.modes)
        self.basis = check_basis(basis)
        edges = compiled.edges
        self._u = edges["u"].to_numpy(np.int64)
        self._v = edges["v"].to_numpy(np.int64)
        self._keys = self._u * compiled.size + self._v
        column = "travel_time" if self.basis == "door_to_door" else "line_haul"
        self._w = edges[column].to_numpy(float)
        n = compiled.n_places
        self._origins = np.arange(n)
        self._sinks = len(compiled.node_ids) + np.arange(n)
        self.full_runs = 0
        self.incremental_runs = 0
        self.searches = 0

    def mask(self, scenario: Scenario) -> np.ndarray:
        """Return the compiled edges of ``scenario`` in this mode set."""
        return self.compiled.mask(scenario, self.modes)

    def _csr(self, mask: np.ndarray) -> sp.csr_matrix:
        return min_csr(self._keys[mask], self._w[mask], self.compiled.size)

    def full(self, scenario: Scenario) -> Skim:
        """Return the skim of ``scenario`` by Dijkstra from every place."""
        mask = self.mask(scenario)
        self.full_runs += 1
        return Skim(scenario, mask, search(self._csr(mask), self._origins, self._sinks))

    def matrix(self, scenario: Scenario) -> pd.DataFrame:
        """Return minutes between the scenario's places by Dijkstra from each place.

        What :meth:`frame` of :meth:`full` returns, computed from and to the scenario's
        places only and converted in place: one array of places × places, no skim kept.

        Parameters
        ----------
        scenario : Scenario

        Returns
        -------
        pandas.DataFrame
            Origins × destinations (ids), minutes; NaN = unreachable, diagonal 0.
        """
        places = self.compiled.active_places(scenario)
        pos = self.compiled.place_positions(places)
        self.full_runs += 1
        minutes = search(self._csr(self.mask(scenario)), self._origins[pos], self._sinks[pos])
        minutes /= 60.0
        return _frame(minutes, places)

    def add(self, skim: Skim, scenario: Scenario, *, out: np.ndarray | None = None) -> Skim:
        """Return the skim of ``scenario``, which adds projects to ``skim``'s scenario.

        Exact: falls back to :meth:`full` where an edge the update removes is not
        dominated, or where so many nodes change that a full recomputation is cheaper.

        Parameters
        ----------
        skim : Skim
            A scenario whose projects ``scenario`` includes.
        scenario : Scenario
        out : numpy.ndarray, optional
            An array shaped like ``skim.seconds`` that an incremental update writes
            into (a buffer reused across many updates); default: a new one. Read the
            result from the returned skim: where nothing changes it shares
            ``skim.seconds``, and a full recomputation has its own array.

        Returns
        -------
        Skim
        """
        mask = self.mask(scenario)
        added, removed = mask & ~skim.mask, skim.mask & ~mask
        if not added.any() and not removed.any():
            return Skim(scenario, mask, skim.seconds, skim.incremental)
        after = self._csr(mask)
        tails, heads = np.unique(self._u[added]), np.unique(self._v[added])
        cheap = self.always or len(tails) + len(heads) < len(self._origins) // 2
        if not cheap or not self._dominated(removed, mask):
            return self.full(scenario)
        self.incremental_runs += 1
        to_tail = self._trivial_or_search(self._csr(skim.mask).T.tocsr(), tails, self._origins)
        from_head = self._trivial_or_search(after, heads, self._sinks)
        via = _via_tails(tails, heads, self._u[added], self._v[added], self._w[added], from_head)
        seconds = skim.seconds.copy() if out is None else out
        if out is not None:
            np.copyto(out, skim.seconds)
        _min_plus(seconds, to_tail, via, own=self._own_row(tails))
        return Skim(scenario, mask, seconds, incremental=True)

    def _trivial_or_search(
        self, graph: sp.csr_matrix, sources: np.ndarray, targets: np.ndarray
    ) -> np.ndarray:
        """Return distances from ``sources`` to ``targets``, searching only where needed.

        From a source with no edge out (a place's sink; in the reversed graph its origin
        node, or a station the scenario does not have yet) every target is out of reach
        but the source itself: no Dijkstra runs for it.
        """
        out = np.full((len(sources), len(targets)), np.inf)
        column = {int(t): k for k, t in enumerate(targets)}
        trivial = np.diff(graph.indptr)[sources] == 0
        for k in np.flatnonzero(trivial):
            if int(sources[k]) in column:
                out[k, column[int(sources[k])]] = 0.0
        if (~trivial).any():
            out[~trivial] = search(graph, sources[~trivial], targets)
        self.searches += int((~trivial).sum())
        return out

    def _own_row(self, tails: np.ndarray) -> np.ndarray:
        """Return, per tail, the place whose origin node it is (-1: not an origin)."""
        return np.where(tails < self.compiled.n_places, tails, -1)

    def _dominated(self, removed: np.ndarray, mask: np.ndarray) -> bool:
        """Whether each removed edge has an edge of ``mask`` between its nodes, no slower."""
        if not removed.any():
            return True
        keys, weights = self._keys[mask], self._w[mask]
        if not len(keys):
            return False
        first = np.r_[True, keys[1:] != keys[:-1]]  # keys are sorted: groups of parallels
        unique, fastest = keys[first], np.minimum.reduceat(weights, np.flatnonzero(first))
        gone_keys, gone_w = self._keys[removed], self._w[removed]
        at = np.minimum(np.searchsorted(unique, gone_keys), len(unique) - 1)
        best = np.where(unique[at] == gone_keys, fastest[at], np.inf)
        return bool(np.all(best <= gone_w))

    def leave_one_out(
        self,
        base: Skim,
        projects: list[str],
        visit: Callable[[str, Skim], None],
        *,
        with_all: Callable[[Skim], None] | None = None,
    ) -> None:
        """Call ``visit(p, skim)`` with the skim of base + every project but p, for each p.

        Insertions only: the halves of ``projects`` are added in turn and the other half
        recursed into, so ``log2(len(projects))`` levels of additions replace
        ``len(projects)`` full recomputations. One array per level is reused, so the
        skim ``visit`` receives is valid only during the call: keep what it needs.

        Parameters
        ----------
        base : Skim
            The scenario the projects are added to.
        projects : list of str
            Project ids.
        visit : callable
            Called once per project with its id and the skim without it.
        with_all : callable, optional
            Called once, before any ``visit``, with the skim of base + every project
            (kept: it has its own array). It comes from the first half already added,
            so it costs the second half's update only.
        """
        projects = list(projects)
        if with_all is not None and len(projects) < 2:
            ids = tuple(sorted({*base.scenario.project_ids, *projects}))
            with_all(self.add(base, Scenario("+".join(ids), ids, year=base.scenario.year)))
            with_all = None
        self._leave_one_out(base, projects, visit, [], with_all=with_all)

    def _leave_one_out(
        self,
        base: Skim,
        projects: list[str],
        visit: Callable[[str, Skim], None],
        buffers: list[np.ndarray],
        depth: int = 0,
        with_all: Callable[[Skim], None] | None = None,
    ) -> None:
        if not projects:
            return
        if len(projects) == 1:
            visit(projects[0], base)
            return
        if len(buffers) <= depth:
            buffers.append(np.empty_like(base.seconds))
        half = len(projects) // 2
        first, second = projects[:half], projects[half:]
        for keep, recurse in ((second, first), (first, second)):
            ids = tuple(sorted({*base.scenario.project_ids, *keep}))
            scenario = Scenario("+".join(ids), ids, year=base.scenario.year)
            grown = self.add(base, scenario, out=buffers[depth])
            if with_all is not None:  # base + everything, from this half: its own array
                every = tuple(sorted({*ids, *recurse}))
                year = base.scenario.year
                with_all(self.add(grown, Scenario("+".join(every), every, year=year)))
                with_all = None
            self._leave_one_out(grown, recurse, visit, buffers, depth + 1)

    def frame(self, skim: Skim) -> pd.DataFrame:
        """Return minutes between the scenario's places, as :meth:`Router.matrix` does.

        Parameters
        ----------
        skim : Skim

        Returns
        -------
        pandas.DataFrame
            Origins × destinations (ids), minutes; NaN = unreachable, diagonal 0.
        """
        places = self.compiled.active_places(skim.scenario)
        pos = self.compiled.place_positions(places)
        return _frame(skim.seconds[np.ix_(pos, pos)] / 60.0, places)


def _frame(minutes: np.ndarray, places: list[str]) -> pd.DataFrame:
    """Wrap a places × places array of minutes (changed in place: NaN, diagonal 0)."""
    minutes[~np.isfinite(minutes)] = np.nan
    np.fill_diagonal(minutes, 0.0)
    index = pd.Index(places, name="origin")
    columns = pd.Index(places, name="destination")
    return pd.DataFrame(minutes, index=index, columns=columns, copy=False)  # no second copy


def _via_tails(
    tails: np.ndarray,
    heads: np.ndarray,
    u: np.ndarray,
    v: np.ndarray,
    w: np.ndarray,
    from_head: np.ndarray,
) -> np.ndarray:
    """Return, per tail a, min over new edges (a, b) of w(a, b) + d_Y(b, ·) (seconds)."""
    via = np.full((len(tails), from_head.shape[1]), np.inf)
    tail_no, head_no = np.searchsorted(tails, u), np.searchsorted(heads, v)
    for k in range(len(u)):
        np.minimum(via[tail_no[k]], w[k] + from_head[head_no[k]], out=via[tail_no[k]])
    return via


def _min_plus(seconds: np.ndarray, to_tail: np.ndarray, via: np.ndarray, own: np.ndarray) -> None:
    """Lower ``seconds`` in place to min over tails a of to_tail[a, s] + via[a, t].

    Row blocks small enough to stay in the processor's cache while every tail passes
    over them, and one scratch array: the work is arithmetic, not memory traffic.
    """
    for a in np.flatnonzero(own >= 0):  # a place's origin node: its own row only
        np.minimum(seconds[own[a]], via[a], out=seconds[own[a]])
    tails = np.flatnonzero(own < 0)
    tails = tails[np.isfinite(via[tails]).any(axis=1) & np.isfinite(to_tail[tails]).any(axis=1)]
    reach = np.isfinite(to_tail[tails])
    rows = max(1, BLOCK // max(1, seconds.shape[1]))
    scratch = np.empty((rows, seconds.shape[1]))
    for start in range(0, seconds.shape[0], rows):
        best = seconds[start : start + rows]  # a view: updated in place
        tmp = scratch[: len(best)]
        for k in np.flatnonzero(reach[:, start : start + rows].any(axis=1)):
            np.add(to_tail[tails[k], start : start + rows, None], via[tails[k]], out=tmp)
            np.minimum(best, tmp, out=best)


__all__ = ["BLOCK", "Skim", "Skims"]
