"""A sweep of random portfolios: in-process, a local process pool, and Dask.

The reference is the same sweep run in this process, timed in the same run; the
process pool and a two-worker Dask ``LocalCluster`` are timed against it, and their
tables are checked equal to it. Not a test: the ratios are what to compare.

    python benchmarks/bench_sweep.py [--data DIR] [--draws 200] [--workers 2]
"""

from __future__ import annotations

import argparse
import time

import pandas as pd

import corridor


def main() -> None:
    """Run the sweep three ways; print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default=None)
    parser.add_argument("--draws", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    study = corridor.Study(args.data)
    spec = {"portfolios": {"random": args.draws, "share": 0.5, "seed": 1}}
    study.sweep({"portfolios": {"scenarios": ["baseline"]}})  # compile and warm up

    start = time.perf_counter()
    serial = study.sweep(spec)
    reference = time.perf_counter() - start
    rows = [("in-process", reference, True)]

    start = time.perf_counter()
    pool = study.sweep(spec, workers=args.workers)
    rows.append(
        (f"{args.workers} local processes", time.perf_counter() - start, _same(pool, serial))
    )

    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        start = time.perf_counter()
        dask = study.sweep(spec, dask=client)
        rows.append(
            (f"Dask LocalCluster, {args.workers} workers", time.perf_counter() - start,
             _same(dask, serial))
        )  # fmt: skip
    print(f"{study.name}: {args.draws} random portfolios")
    print("| executor | seconds | tasks per second | vs in-process | same table |")
    print("|---|---|---|---|---|")
    for label, seconds, same in rows:
        print(
            f"| {label} | {seconds:.2f} | {args.draws / seconds:.0f} "
            f"| {reference / seconds:.2f}× | {'yes' if same else 'NO'} |"
        )


def _same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    try:
        pd.testing.assert_frame_equal(a, b)
    except AssertionError:
        return False
    return True


if __name__ == "__main__":
    main()
