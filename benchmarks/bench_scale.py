"""Compile, matrix and comparison at 1k–20k places, against references in the same run.

For each size, a synthetic region (:mod:`benchmarks.synthetic`) is written and measured
in a fresh process (so each peak memory is its own):

- **compile**: the dataset into the compiled network (disk cache off), and the load of
  the same from the disk cache;
- **matrix**: the door-to-door place matrix of the baseline, against **raw scipy**
  (one ``dijkstra`` call from every place on the very same CSR, keeping the whole
  result; above 10k places it runs from a sample of origins and is scaled, since the
  full result alone would not fit in memory) and **NetworkX** (single-source Dijkstra
  on the scenario's graph from a sample of places, scaled to all);
- **compare**: baseline and full matrices plus the change summary by status, in a
  fresh process (the compiled network from the disk cache), against one matrix; with
  that process's peak resident memory.

Not a test: absolute times vary by machine; the ratios are what to compare.

    python benchmarks/bench_scale.py [--places 1000 5000 10000 20000] [--work DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
#: Above this many places the raw-scipy reference runs from a sample of origins.
FULL_REFERENCE_MAX = 10_000


def measure(folder: Path, seed: int) -> dict[str, float]:
    """Measure one region (run in its own process); return the figures."""
    import networkx as nx
    import numpy as np
    from scipy.sparse.csgraph import dijkstra

    from geo import load_dataset
    from network.cache import ScenarioCache
    from network.compiled import CompiledNetwork
    from network.store import compiled_network

    out: dict[str, float] = {}
    start = time.perf_counter()
    dataset = load_dataset(folder)
    out["load_s"] = time.perf_counter() - start
    out["places"] = len(dataset.nodes)
    start = time.perf_counter()
    compiled = CompiledNetwork(dataset)
    out["compile_s"] = time.perf_counter() - start
    out["edges"] = len(compiled.edges)
    os.environ["CORRIDOR_CACHE_DIR"] = str(folder / ".cache")
    compiled_network(dataset)  # writes the cache
    start = time.perf_counter()
    compiled_network(dataset)
    out["cached_load_s"] = time.perf_counter() - start

    cache = ScenarioCache(dataset, compiled=compiled)
    skims = cache.skims()
    scenario = cache.scenario("baseline")
    start = time.perf_counter()
    base = cache.matrix(scenario)
    out["matrix_s"] = time.perf_counter() - start
    places = list(base.index)
    pos = compiled.place_positions(places)
    graph = skims._csr(skims.mask(scenario))
    origins, sinks = pos, len(compiled.node_ids) + pos
    rows = np.arange(len(origins))
    if len(origins) > FULL_REFERENCE_MAX:
        rows = rows[:: len(origins) // 2000]
    start = time.perf_counter()
    reference = dijkstra(graph, directed=True, indices=origins[rows])[:, sinks] / 60.0
    out["scipy_s"] = (time.perf_counter() - start) * len(origins) / len(rows)
    out["scipy_sampled"] = float(len(rows) < len(origins))
    ours = base.to_numpy()[rows]
    check = np.isfinite(reference) & (rows[:, None] != np.arange(len(origins))[None, :])
    out["max_diff_min"] = float(np.abs(ours[check] - reference[check]).max())
    del reference, ours, check

    nx_graph = cache.graph(scenario)
    chosen = places[:: max(1, len(places) // 20)][:20]
    start = time.perf_counter()
    for place in chosen:
        nx.single_source_dijkstra_path_length(nx_graph, place, weight="travel_time")
    out["networkx_s"] = (time.perf_counter() - start) * len(places) / len(chosen)
    del nx_graph, cache

    out["peak_gb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
    return out


def measure_compare(folder: Path) -> dict[str, float]:
    """Baseline and full matrices and their change summary, alone in a fresh process.

    The compiled network comes from the disk cache that :func:`measure` wrote, as it
    would for a second command on the same data; the peak memory is this comparison's.
    """
    from geo import load_dataset
    from network.cache import ScenarioCache
    from network.compare import change_summary

    os.environ["CORRIDOR_CACHE_DIR"] = str(folder / ".cache")
    start = time.perf_counter()
    cache = ScenarioCache(load_dataset(folder))
    before, after = cache.matrix("baseline"), cache.matrix("full")
    summary = change_summary(before, after)
    return {
        "compare_s": time.perf_counter() - start,
        "faster_share": float(summary.at["faster", "share"]),
        "compare_peak_gb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6,
    }


def main() -> None:
    """Write the regions, measure each in a subprocess, print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--places", type=int, nargs="+", default=[1000, 5000, 10000, 20000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=None, help="keep the regions here")
    parser.add_argument("--measure", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--compare", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure is not None:  # the child processes
        print(json.dumps(measure(args.measure, args.seed)))
        return
    if args.compare is not None:
        print(json.dumps(measure_compare(args.compare)))
        return
    work = args.work or Path(tempfile.mkdtemp(prefix="corridor-bench-"))
    rows = []
    for n in args.places:
        folder = work / f"region{n}"
        if not (folder / "nodes.csv").exists():
            sys.path.insert(0, str(REPO))
            from benchmarks.synthetic import write_region

            write_region(folder, n, seed=args.seed)
        row = {}
        for flag in ("--measure", "--compare"):
            child = subprocess.run(
                [sys.executable, __file__, flag, str(folder), "--seed", str(args.seed)],
                capture_output=True,
                text=True,
                check=True,
                cwd=REPO,
            )
            row.update(json.loads(child.stdout.strip().splitlines()[-1]))
        rows.append(row)
        print(_line(n, row), flush=True)
    print()
    print(_table(rows))


def _line(n: int, r: dict[str, float]) -> str:
    return f"{n} places: " + ", ".join(f"{k} {v:.3g}" for k, v in r.items())


def _table(rows: list[dict[str, float]]) -> str:
    head = (
        "| places | edges | load s | compile s | cached s | matrix s | scipy s | ours/scipy "
        "| NetworkX s | NetworkX/ours | compare s | compare/matrix | compare peak GB |"
    )
    lines = [head, "|" + "---|" * 13]
    for r in rows:
        star = "*" if r["scipy_sampled"] else ""
        lines.append(
            f"| {r['places']:,.0f} | {r['edges']:,.0f} | {r['load_s']:.1f} | {r['compile_s']:.1f} "
            f"| {r['cached_load_s']:.2f} | {r['matrix_s']:.1f} | {r['scipy_s']:.1f}{star} "
            f"| {r['matrix_s'] / r['scipy_s']:.2f} | {r['networkx_s']:.0f} "
            f"| {r['networkx_s'] / r['matrix_s']:.1f} | {r['compare_s']:.1f} "
            f"| {r['compare_s'] / r['matrix_s']:.2f} | {r['compare_peak_gb']:.2f} |"
        )
    lines.append("")
    lines.append("* scaled from a sample of origins (the full scipy result would not fit).")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
