"""Run manifests: what a result depends on, and whether the data still matches it.

A manifest records Corridor's version, the parameters, the scenarios, and the dataset:
its name, its content hash and where it was: the folder, and the same folder relative
to the manifest (so a project folder moved or sent elsewhere with its outputs is still
found). :func:`verify_manifest` looks for the dataset where the manifest says, or
where the user points, and tells apart data that **moved** (found elsewhere, same
bytes) from data that **changed** (different bytes) and data that is **missing**.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.atomic import atomic_path, created_stamp
from geo.dataset import Dataset, default_data_dir, load_dataset
from geo.errors import OutputError
from geo.plain import to_jsonable
from network import __version__
from network.params import TravelTimeParams, dataset_params
from network.scenario import resolve_scenario


def manifest(
    dataset: Dataset,
    *,
    params: TravelTimeParams | None = None,
    scenarios: list[str] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """Return what a result depends on: version, data hash and location, parameters, scenarios.

    Parameters
    ----------
    dataset : geo.dataset.Dataset
    params : TravelTimeParams, optional
    scenarios : list of str, optional
    **extra
        More top-level entries.

    Returns
    -------
    dict
        JSON-ready; ``dataset.folder`` is absolute, ``dataset.embedded`` says whether
        it is the embedded data (found again wherever Corridor is installed).
    """
    params = params or dataset_params(dataset.metadata)
    resolved = [resolve_scenario(dataset, s) for s in (scenarios or [])]
    folder = dataset.folder.resolve()
    return to_jsonable(
        {
            "corridor_version": __version__,
            **created_stamp(),
            "dataset": {
                "name": dataset.name,
                "folder": str(folder),
                "embedded": folder == default_data_dir().resolve(),
                "content_sha256": dataset.content_hash(),
            },
            "parameters": params.to_dict(),
            "scenarios": [
                {"spec": s.name, "project_ids": list(s.project_ids), "year": s.year}
                for s in resolved
            ],
            **extra,
        }
    )


def write_manifest(path: str | Path, record: dict[str, Any]) -> Path:
    """Write ``record`` as ``<path>.manifest.json`` (atomically); return its path.

    The dataset's folder is also recorded relative to the manifest (``folder_relative``).

    Parameters
    ----------
    path : str or Path
    record : dict

    Returns
    -------
    Path
    """
    target = Path(f"{path}.manifest.json")
    data = record.get("dataset")
    if isinstance(data, dict) and "folder" in data:
        here = target.resolve().parent
        relative = os.path.relpath(data["folder"], here)
        record = {**record, "dataset": {**data, "folder_relative": Path(relative).as_posix()}}
    with atomic_path(target) as tmp:
        tmp.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return target


@dataclass
class Verification:
    """What :func:`verify_manifest` found.

    Attributes
    ----------
    status : str
        ``match``, ``moved`` (same bytes, another folder), ``changed`` or ``missing``.
    recorded : str
        The folder the manifest names.
    checked : str
        The folder checked ('' when none was found).
    notes : list of str
        One sentence per finding (data, location, version).
    """

    status: str
    recorded: str
    checked: str
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the data is the data of the manifest (matched or moved)."""
        return self.status in ("match", "moved")


def verify_manifest(path: str | Path, data: str | Path | None = None) -> Verification:
    """Check a manifest against the dataset it names, or against ``data``.

    Parameters
    ----------
    path : str or Path
        A ``*.manifest.json`` file.
    data : str or Path, optional
        The dataset folder to check; default: the folder the manifest records (or the
        same folder relative to the manifest, or the embedded data for an embedded one).

    Returns
    -------
    Verification

    Raises
    ------
    OutputError
        When the manifest cannot be read.
    geo.errors.DataValidationError
        When the folder found is not a valid dataset.
    """
    path = Path(path)
    record = _read(path)
    given = record["dataset"]
    recorded = str(given.get("folder", ""))
    folder = Path(data) if data is not None else _locate(path, given)
    if folder is None:
        note = f"the dataset folder {recorded} no longer exists; give --data DIR"
        return Verification("missing", recorded, "", [note])
    dataset = load_dataset(folder)
    notes = check_manifest(path, dataset)
    moved = recorded and dataset.folder.resolve() != Path(recorded).resolve()
    if notes and notes[0].startswith("the data changed"):
        status = "changed"
    else:
        status = "moved" if moved else "match"
    if moved:
        notes.insert(0, f"the dataset moved: the manifest names {recorded}, found {folder}")
    return Verification(status, recorded, str(dataset.folder), notes)


def check_manifest(path: str | Path, dataset: Dataset) -> list[str]:
    """Return the ways ``dataset`` differs from a manifest (empty: it matches).

    Parameters
    ----------
    path : str or Path
    dataset : geo.dataset.Dataset

    Returns
    -------
    list of str
        "the data changed …" first when the content hash differs; a version note.

    Raises
    ------
    OutputError
        When the manifest cannot be read.
    """
    record = _read(Path(path))
    recorded = record["dataset"]["content_sha256"]
    problems = []
    current = dataset.content_hash()
    if recorded != current:
        problems.append(
            f"the data changed: the manifest was made from {recorded[:12]}…, "
            f"{dataset.folder} is now {current[:12]}…"
        )
    version = record.get("corridor_version")
    if version != __version__:
        problems.append(f"made with Corridor {version}, this is {__version__}")
    return problems


def _read(path: Path) -> dict[str, Any]:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        record["dataset"]["content_sha256"]
    except FileNotFoundError:
        raise OutputError(f"{path}: the manifest does not exist") from None
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as exc:
        raise OutputError(f"{path}: is not a Corridor manifest ({exc})") from None
    return dict(record)


def _locate(path: Path, given: dict[str, Any]) -> Path | None:
    """Return the recorded folder, else the one relative to the manifest, else None."""
    if given.get("embedded"):
        return default_data_dir()
    candidates = [given.get("folder")]
    if given.get("folder_relative"):
        candidates.append(str(path.resolve().parent / given["folder_relative"]))
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


__all__ = ["Verification", "check_manifest", "manifest", "verify_manifest", "write_manifest"]
