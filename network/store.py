"""The compiled network on disk: compile once per dataset content and parameters.

A :class:`~network.compiled.CompiledNetwork` is saved as one ``.npz`` file (NumPy
arrays only, read with ``allow_pickle=False``) named by a SHA-256 over the dataset's
files (:meth:`geo.dataset.Dataset.content_hash`, never its path), the parameters, the
compiled format and the package version. A changed file, a changed parameter or a
new release compiles afresh; the same data in another folder hits the cache. The
dataset's hash is the one taken when it was loaded, so a file edited afterwards never
files the old network under the new content's name.

Where: ``$CORRIDOR_CACHE_DIR``, else ``$XDG_CACHE_HOME/corridor``, else
``~/.cache/corridor``. ``CORRIDOR_CACHE_DIR=off`` turns it off. A file that cannot be
read or written is ignored and an unreadable one removed (compiled in memory instead):
the cache only ever saves time.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path

import numpy as np
import pandas as pd

from geo.atomic import atomic_path
from geo.dataset import Dataset
from geo.errors import OutputError
from geo.progress import LARGE_LINKS, Stages
from network.compiled import EDGE_COLUMNS, CompiledNetwork
from network.params import TravelTimeParams, dataset_params

#: Version of the file layout; bump to invalidate.
FORMAT = 2
#: The modules whose code decides what a compiled network holds: their bytes enter the
#: cache key, so a change of the model's code never reads a network compiled before it.
COMPILE_MODULES: tuple[str, ...] = (
    "geo/dataset.py",
    "geo/measure.py",
    "geo/roads.py",
    "geo/services.py",
    "network/compiled.py",
    "network/edges.py",
    "network/params.py",
    "network/states.py",
)
_STRINGS = ("kind", "mode", "mode_a", "mode_b", "key", "project_id", "from_place", "to_place")


def cache_dir() -> Path | None:
    """Return the folder of compiled networks, or None when caching is off.

    Returns
    -------
    pathlib.Path or None
    """
    setting = os.environ.get("CORRIDOR_CACHE_DIR")
    if setting is not None:
        return None if setting.strip().lower() in ("", "off", "0", "none") else Path(setting)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "corridor"


def cache_key(dataset: Dataset, params: TravelTimeParams) -> str:
    """Return the hash that names a dataset's compiled network under ``params``.

    Parameters
    ----------
    dataset : geo.dataset.Dataset
    params : TravelTimeParams

    Returns
    -------
    str
        Hexadecimal SHA-256 of the dataset's content, the parameters, :data:`FORMAT`,
        the package version and the code of :data:`COMPILE_MODULES`.
    """
    from network import __version__

    record = {
        "dataset": dataset.content_hash(),
        "params": params.to_dict(),
        "format": FORMAT,
        "version": __version__,
        "code": _code_hash(),
    }
    text = json.dumps(record, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


@functools.cache
def _code_hash() -> str:
    """Return the SHA-256 of the :data:`COMPILE_MODULES` (read once per process)."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for name in COMPILE_MODULES:
        digest.update(name.encode())
        digest.update((root / name).read_bytes())
    return digest.hexdigest()


def compiled_network(
    dataset: Dataset, params: TravelTimeParams | None = None, *, progress: bool = False
) -> CompiledNetwork:
    """Return the compiled network of ``dataset``: from the disk cache, else compiled.

    Parameters
    ----------
    dataset : geo.dataset.Dataset
    params : TravelTimeParams, optional
    progress : bool, default False
        A progress bar on stderr while a large network compiles (on a terminal only).

    Returns
    -------
    CompiledNetwork
        Equal to ``CompiledNetwork(dataset, params)``; saved to the cache when new.
    """
    params = params or dataset_params(dataset.metadata)
    folder = cache_dir()
    if folder is None:
        return CompiledNetwork(dataset, params)  # no bar: a cache-less run is a test
    path = folder / f"{cache_key(dataset, params)}.npz"
    loaded = _load(path)
    if loaded is not None:
        edges, stations = loaded
        return CompiledNetwork(dataset, params, parts=(edges, stations))
    large = progress and len(dataset.links) >= LARGE_LINKS
    with Stages(f"compiling {len(dataset.links):,} links", 5, enabled=large) as step:
        compiled = CompiledNetwork(dataset, params, step=step)
        _save(path, compiled)
        step("saved to the cache")
    return compiled


def _save(path: Path, compiled: CompiledNetwork) -> None:
    arrays: dict[str, np.ndarray] = {}
    for column in EDGE_COLUMNS:
        values = compiled.edges[column]
        if column in _STRINGS:
            codes, uniques = pd.factorize(values)
            arrays[f"{column}.codes"] = codes.astype(np.int32)
            arrays[f"{column}.values"] = np.asarray(uniques, dtype=str)
        else:
            arrays[column] = values.to_numpy()
    arrays["stations"] = np.asarray(compiled.stations, dtype=str).reshape(-1, 2)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(path) as tmp, open(tmp, "wb") as handle:
            np.savez(handle, allow_pickle=False, **arrays)
            handle.flush()
            os.fsync(handle.fileno())  # on disk before the rename makes it visible
    except (OSError, OutputError):
        return  # a cache that cannot be written only costs time


def _load(path: Path) -> tuple[pd.DataFrame, list[tuple[str, str]]] | None:
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            columns = {}
            for column in EDGE_COLUMNS:
                if column in _STRINGS:
                    values = data[f"{column}.values"].astype(object)
                    columns[column] = values[data[f"{column}.codes"]]
                else:
                    columns[column] = data[column]
            stations = [(str(p), str(m)) for p, m in data["stations"]]
    except Exception:  # unreadable, truncated or from another layout: compile afresh
        path.unlink(missing_ok=True)
        return None
    return pd.DataFrame(columns), stations


__all__ = ["COMPILE_MODULES", "FORMAT", "cache_dir", "cache_key", "compiled_network"]
