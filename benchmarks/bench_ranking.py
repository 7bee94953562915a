"""Ranking (add-one-in and leave-one-out of every project) against recomputation.

Three ways to the same ranking, timed in one run on one dataset (default: a synthetic
region of 5,000 places, :mod:`benchmarks.synthetic`):

- **ours**: :func:`network.ranking.rank_projects`, incremental (compiled once, skims
  updated by the first-new-edge rule, leave-one-out by insertion only);
- **scipy recomputation**: every scenario's matrix by Dijkstra from every place on
  the compiled network's masked CSR (the floor without incremental updates);
- **rebuild per scenario**: the way Corridor ranked before, a NetworkX graph built
  from the dataset's rows per scenario (:mod:`benchmarks.legacy_graph`) and routed.

The references are timed on ``--sample`` projects (their add-one-in and leave-one-out
scenarios) and scaled to all 2 × projects + 2 scenarios; the benefits of those
projects are checked equal to ours. Not a test: the ratios are what to compare.

    python benchmarks/bench_ranking.py [--places 5000 | --data DIR] [--sample 3]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.legacy_graph import build_graph_reference  # noqa: E402
from geo import load_dataset  # noqa: E402
from network.accessibility import person_minutes_saved, resident_weights  # noqa: E402
from network.cache import ScenarioCache  # noqa: E402
from network.ranking import rank_projects  # noqa: E402
from network.routing import Router  # noqa: E402
from network.scenario import Scenario  # noqa: E402


def main() -> None:
    """Time the three rankings; print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--places", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sample", type=int, default=3)
    args = parser.parse_args()
    folder = args.data
    if folder is None:
        from benchmarks.synthetic import write_region

        folder = Path(tempfile.mkdtemp(prefix="corridor-rank-")) / f"region{args.places}"
        write_region(folder, args.places, seed=args.seed)
    dataset = load_dataset(folder)
    projects = dataset.projects
    effect = sorted(projects.index[projects["has_network_effect"]])
    scenarios = 2 * len(effect) + 2
    print(f"{dataset.name}: {len(dataset.nodes)} places, {len(effect)} projects", flush=True)

    start = time.perf_counter()
    cache = ScenarioCache(dataset)
    ranking = rank_projects(cache).set_index("project_id")
    ours = time.perf_counter() - start
    skims = cache.skims()
    print(
        f"ours: {ours:.1f} s ({skims.incremental_runs} incremental updates, "
        f"{skims.full_runs} full), peak {_peak():.2f} GB",
        flush=True,
    )

    weights = resident_weights(dataset)
    sample = effect[:: max(1, len(effect) // args.sample)][: args.sample]
    full = Scenario("full", tuple(effect))
    jobs = [Scenario("baseline", ()), full]
    for p in sample:
        jobs += [Scenario(p, (p,)), Scenario(f"full-{p}", tuple(q for q in effect if q != p))]

    def recompute(scenario: Scenario):
        return ScenarioCache(dataset).skims().matrix(scenario)

    def rebuild(scenario: Scenario):
        return Router(build_graph_reference(dataset, scenario)).matrix()

    table = [("ours (incremental)", ours, "")]
    for label, method in (("scipy recomputation", recompute), ("rebuild per scenario", rebuild)):
        start = time.perf_counter()
        matrices = [method(s) for s in jobs]
        each = (time.perf_counter() - start) / len(jobs)
        worst = _check(ranking, sample, matrices, weights)
        table.append((label, each * scenarios, f"{worst:.1e}"))
        print(f"{label}: {each:.2f} s per scenario, max relative difference {worst:.1e}")
    print()
    print(f"| method | ranking of {len(effect)} projects, s | ours faster by | max rel. diff |")
    print("|---|---|---|---|")
    for label, seconds, diff in table:
        scaled = "" if label.startswith("ours") else " (scaled)"
        print(f"| {label} | {seconds:,.1f}{scaled} | {seconds / ours:.1f}× | {diff} |")


def _check(ranking, sample, matrices, weights) -> float:
    """Return the largest relative difference between our benefits and these matrices'."""
    base, full, rest = matrices[0], matrices[1], matrices[2:]
    worst = 0.0
    for k, p in enumerate(sample):
        add = person_minutes_saved(base, rest[2 * k], weights).person_minutes
        loo = person_minutes_saved(rest[2 * k + 1], full, weights).person_minutes
        for ours, theirs in (
            (ranking.at[p, "add_one_in_pmin"], add),
            (ranking.at[p, "leave_one_out_pmin"], loo),
        ):
            worst = max(worst, abs(ours - theirs) / max(abs(theirs), 1.0))
    return worst


def _peak() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6


if __name__ == "__main__":
    main()
