"""Time graph building and the any-mode OD matrix on a dataset (default: embedded).

Prints absolute times and the ratio against a reference computed in the same run:
NetworkX's own Dijkstra from every place on the same graph. Not a test: numbers
vary by machine; the ratio is what to compare across changes.

    python benchmarks/bench_engine.py [--data DIR] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import time

import networkx as nx

from geo import load_dataset
from network.graph import build_graph
from network.routing import Router


def best_of(repeat: int, func):
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default=None)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    t0 = time.perf_counter()
    dataset = load_dataset(args.data)
    print(
        f"dataset: {dataset.name}: {len(dataset.nodes)} nodes, {len(dataset.links)} links "
        f"(load + validate {time.perf_counter() - t0:.3f} s)"
    )
    for scenario in ("baseline", "full"):
        build, build_med, graph = best_of(args.repeat, lambda s=scenario: build_graph(dataset, s))
        router = Router(graph)
        places = router.places

        def ours(router=router):
            router.__dict__.pop("_edges", None)
            router.__dict__.pop("_matrices", None)
            return router.matrix("door_to_door")

        ours_t, ours_med, _ = best_of(args.repeat, ours)

        def reference(graph=graph, places=places):
            return {
                p: nx.single_source_dijkstra_path_length(graph, p, weight="travel_time")
                for p in places
            }

        ref_t, _ref_med, _ = best_of(args.repeat, reference)
        print(
            f"{scenario:>8}: graph {graph.number_of_nodes()} nodes / "
            f"{graph.number_of_edges()} edges; build {build * 1000:.1f} ms "
            f"(median {build_med * 1000:.1f}); any-mode door-to-door matrix "
            f"{len(places)}×{len(places)} {ours_t * 1000:.1f} ms (median "
            f"{ours_med * 1000:.1f}); NetworkX Dijkstra from every place "
            f"{ref_t * 1000:.1f} ms; ratio ours/NetworkX {ours_t / ref_t:.2f}; "
            f"build + matrix {(build + ours_t) * 1000:.1f} ms"
        )


if __name__ == "__main__":
    main()
