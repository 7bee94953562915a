"""Time the project ranking and the target search on a dataset (default: embedded).

The reference, computed in the same run, is one scenario evaluation: a graph build
plus the any-mode door-to-door matrix. Ranking needs 2 per project (add-one-in and
leave-one-out) plus 2; the printed ratio says how close to that floor it runs. Not a
test: absolute numbers vary by machine.

    python benchmarks/bench_analysis.py [--data DIR]
"""

from __future__ import annotations

import argparse
import time

from geo import load_dataset
from network.cache import ScenarioCache
from network.ranking import rank_projects
from network.targets import read_targets, smallest_closing_set


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default=None)
    args = parser.parse_args()
    dataset = load_dataset(args.data)

    start = time.perf_counter()
    ScenarioCache(dataset).matrix("full")
    one = time.perf_counter() - start

    cache = ScenarioCache(dataset)
    start = time.perf_counter()
    ranking = rank_projects(cache)
    rank_s = time.perf_counter() - start
    ranked = int(ranking["network_effect"].sum())
    floor = (2 * ranked + 2) * one
    print(
        f"one scenario (build + {len(cache.matrix('full'))}-place matrix): {one * 1000:.0f} ms; "
        f"ranking {ranked} projects: {rank_s:.2f} s, {cache.builds} graphs built; "
        f"ratio to {2 * ranked + 2} scenario evaluations {rank_s / floor:.2f}"
    )
    for target in read_targets(dataset):
        start = time.perf_counter()
        closing = smallest_closing_set(cache, target)
        seconds = time.perf_counter() - start
        print(
            f"target {target.id}: {closing.evaluated} scenarios tried in {seconds:.2f} s "
            f"(graphs cached from the ranking) → "
            f"{closing.project_ids if closing.project_ids is not None else 'not closed'}"
        )


if __name__ == "__main__":
    main()
