"""Running a sweep: one executor interface, in-process, a local process pool, or Dask.

Every executor receives the :class:`~corridor.worker.World` (the compiled network) once
per worker and the tasks in batches, and yields each batch's rows as it completes:

- :class:`LocalExecutor` runs in this process (``workers=1``) or in a pool of
  processes, each given the world once when it starts;
- :class:`DaskExecutor` connects to a Dask scheduler (``corridor sweep --dask
  ADDRESS``), scatters the world to every worker once (``broadcast=True``) and submits
  the batches, so a cluster of machines does the same job.

:func:`run_sweep` keeps a **journal** (JSON lines, one row per task, appended and
flushed as batches complete) beside the output: rows already in it are not run again,
so a crashed or interrupted sweep resumes where it stopped. The table is assembled in
task order from the rows by key, so it is the same whatever the number of workers.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from corridor.sweep import Sweep, Task
from corridor.worker import World, evaluate
from geo.errors import InputError


class Executor(Protocol):
    """Runs batches of tasks; yields each batch's rows as it completes."""

    workers: int

    def run(self, world: World, sweep: Sweep, batches: list[list[Task]]) -> Iterator[list[dict]]:
        """Yield the rows of every batch, in any order.

        Parameters
        ----------
        world : World
            Shipped once per worker.
        sweep : Sweep
            Without its tasks (what every row reports).
        batches : list of list of Task

        Returns
        -------
        iterator of list of dict
        """
        ...


def run_batch(world: World, sweep: Sweep, batch: list[Task]) -> list[dict]:
    """Return the rows of a batch of tasks (what a worker runs).

    Parameters
    ----------
    world : World
    sweep : Sweep
    batch : list of Task

    Returns
    -------
    list of dict
    """
    return [evaluate(world, sweep, task) for task in batch]


_PROCESS: dict[str, Any] = {}


def _start_process(world: World, sweep: Sweep) -> None:
    _PROCESS.update(world=world, sweep=sweep)


def _process_batch(batch: list[Task]) -> list[dict]:
    return run_batch(_PROCESS["world"], _PROCESS["sweep"], batch)


class LocalExecutor:
    """In this process (``workers=1``) or a pool of local processes.

    Parameters
    ----------
    workers : int, default 1
    """

    def __init__(self, workers: int = 1) -> None:
        if workers < 1:
            raise InputError(f"--workers {workers}: give 1 or more")
        self.workers = workers

    def run(self, world: World, sweep: Sweep, batches: list[list[Task]]) -> Iterator[list[dict]]:
        """Yield the rows of every batch as it completes (see :class:`Executor`).

        Parameters
        ----------
        world : World
        sweep : Sweep
        batches : list of list of Task

        Returns
        -------
        iterator of list of dict
        """
        if self.workers == 1:
            for batch in batches:
                yield run_batch(world, sweep, batch)
            return
        pool = ProcessPoolExecutor(
            self.workers, initializer=_start_process, initargs=(world, sweep)
        )
        try:
            pending = {pool.submit(_process_batch, batch) for batch in batches}
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield future.result()
        finally:  # a failed batch (or a stopped consumer) cancels what has not started
            pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor:
    """Batches on a Dask cluster; the world is scattered to each worker once.

    Parameters
    ----------
    address : str, optional
        The scheduler's address (``tcp://host:8786``); or give ``client``.
    client : distributed.Client, optional
        An existing client (a ``LocalCluster``'s, in tests and notebooks).
    """

    def __init__(self, address: str | None = None, *, client: Any = None) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise InputError(
                "--dask needs Dask distributed: pip install 'corridor[distributed]'"
            ) from None
        self._own = client is None
        try:
            self.client = client if client is not None else Client(address, timeout=20)
        except (OSError, ValueError, TypeError) as exc:
            raise InputError(
                f"--dask {address}: cannot reach a scheduler there ({exc}); give its "
                "address as tcp://HOST:PORT"
            ) from None
        try:
            self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        except Exception:
            self.close()
            raise

    def run(self, world: World, sweep: Sweep, batches: list[list[Task]]) -> Iterator[list[dict]]:
        """Yield the rows of every batch as it completes (see :class:`Executor`).

        Parameters
        ----------
        world : World
        sweep : Sweep
        batches : list of list of Task

        Returns
        -------
        iterator of list of dict
        """
        from distributed import as_completed

        shipped = self.client.scatter(world, broadcast=True)
        light = self.client.scatter(sweep, broadcast=True)
        futures = [
            self.client.submit(run_batch, shipped, light, batch, pure=False) for batch in batches
        ]
        try:
            for future in as_completed(futures):
                yield future.result()
        finally:  # a failed batch (or a stopped consumer) cancels the rest
            self.client.cancel(futures)

    def close(self) -> None:
        """Close the client if this executor opened it."""
        if self._own:
            self.client.close()


@contextlib.contextmanager
def open_executor(workers: int = 1, dask: str | Any | None = None) -> Iterator[Executor]:
    """Return (as a context) the executor of a run: local processes, or a Dask cluster.

    Parameters
    ----------
    workers : int, default 1
        Local processes (1: in this process), when ``dask`` is None.
    dask : str or distributed.Client, optional
        A scheduler address, or a client to use.

    Returns
    -------
    contextlib.AbstractContextManager of Executor
        A Dask executor is closed when the context ends.
    """
    if dask is None:
        executor: Any = LocalExecutor(workers)
    elif isinstance(dask, str):
        executor = DaskExecutor(dask)
    else:
        executor = DaskExecutor(client=dask)
    try:
        yield executor
    finally:
        if isinstance(executor, DaskExecutor):
            executor.close()


def run_sweep(
    world: World,
    sweep: Sweep,
    executor: Executor,
    *,
    journal: Path | None = None,
    batch_size: int | None = None,
    progress: bool = False,
) -> pd.DataFrame:
    """Run every task of ``sweep`` not already in the journal; return the table.

    Parameters
    ----------
    world : World
    sweep : Sweep
    executor : Executor
    journal : Path, optional
        JSON lines of finished rows, read first and appended to as batches complete.
    batch_size : int, optional
        Tasks per batch (default: about four batches per worker, at most 64 tasks).
    progress : bool, default False
        A progress bar on stderr (only on a terminal).

    Returns
    -------
    pandas.DataFrame
        One row per task, in task order (see :mod:`corridor.sweep`).
    """
    done = read_journal(journal) if journal is not None else {}
    todo = [t for t in sweep.tasks if t.key not in done]
    size = batch_size or max(1, min(64, math.ceil(len(todo) / (4 * executor.workers))))
    batches = [todo[k : k + size] for k in range(0, len(todo), size)]
    bar = _bar(progress, len(todo))
    handle = _open_journal(journal) if journal is not None else None
    try:
        for rows in executor.run(world, replace(sweep, tasks=[]), batches):
            for row in rows:
                done[row["key"]] = row
                if handle is not None:
                    handle.write(json.dumps(row) + "\n")
            if handle is not None:
                handle.flush()
                os.fsync(handle.fileno())
            if bar is not None:
                bar.update(len(rows))
    finally:
        if handle is not None:
            handle.close()
        if bar is not None:
            bar.close()
    return _table(sweep, done)


def _open_journal(path: Path) -> Any:
    """Open a journal for appending, after the last complete line (a crash may cut one)."""
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 (closed by run_sweep)
    if handle.tell() > 0:
        handle.seek(handle.tell() - 1)
        if handle.read(1) != "\n":
            handle.write("\n")
    return handle


def read_journal(path: Path) -> dict[str, dict]:
    """Return the finished rows of a journal by key (a torn last line is ignored).

    Parameters
    ----------
    path : Path

    Returns
    -------
    dict of str to dict
    """
    rows: dict[str, dict] = {}
    if not path.is_file():
        return rows
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue  # the line a crash cut short: that task runs again
        if isinstance(row, dict) and "key" in row:
            rows[row["key"]] = row
    return rows


def _table(sweep: Sweep, done: dict[str, dict]) -> pd.DataFrame:
    rows = []
    for task in sweep.tasks:
        row = dict(done[task.key])
        row.update(task=task.index, scenario=task.scenario.name)
        rows.append(row)
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    first = ["task", "scenario", "projects", "n_projects", *sweep.parameters]
    rest = [c for c in frame.columns if c not in first and c != "key"]
    return frame[[*first, *rest, "key"]]


def _bar(enabled: bool, total: int) -> Any:
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc="sweep", unit="task", leave=False, disable=None)


__all__ = [
    "DaskExecutor",
    "Executor",
    "LocalExecutor",
    "open_executor",
    "read_journal",
    "run_batch",
    "run_sweep",
]
