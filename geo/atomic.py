"""Atomic file output: write to a temporary file beside the target, then rename.

A failure half-way never leaves a half-written file and never replaces a good one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from geo.errors import OutputError


def created_stamp() -> dict[str, str]:
    """Return ``{"created_utc": ...}`` from ``SOURCE_DATE_EPOCH`` when set, else ``{}``.

    A manifest depends on its inputs only, so the same inputs give the same bytes; a
    build that wants a date sets ``SOURCE_DATE_EPOCH`` (seconds since 1970, UTC), the
    reproducible-builds convention.

    Returns
    -------
    dict of str to str
    """
    import datetime

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return {}
    moment = datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
    return {"created_utc": moment.isoformat(timespec="seconds")}


@contextlib.contextmanager
def fixed_gdal_date() -> Iterator[None]:
    """Make GDAL stamp files with a fixed date (``SOURCE_DATE_EPOCH``, else 1970-01-01).

    A GeoPackage records a ``last_change`` time per layer; GDAL takes it from
    ``OGR_CURRENT_DATE`` when that is set, so the same layers give the same bytes.

    Returns
    -------
    contextlib.AbstractContextManager
        Within it, GDAL writes the fixed date.
    """
    import datetime

    import pyogrio

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = datetime.datetime.fromtimestamp(int(epoch) if epoch.isdigit() else 0, datetime.UTC)
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": stamp})
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": None})


def check_folder(path: str | Path) -> Path:
    """Return ``path`` as a Path after checking that its folder exists and is writable."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{path}: the folder {folder} does not exist; create it first")
    if not os.access(folder, os.W_OK):
        raise OutputError(f"{path}: the folder {folder} is not writable")
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name")
    return path


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it onto ``path`` on success.

    The temporary file keeps the target's suffix (drivers such as GDAL's pick the
    format from it). On any error it is removed and ``path`` is left as it was.

    Returns
    -------
    context manager of Path
        Entering it gives the temporary path, which does not exist yet (the writer
        creates it).

    Raises
    ------
    geo.errors.OutputError
        When the folder is missing or not writable, or the file cannot be written.
    """
    path = check_folder(path)
    try:
        handle, name = tempfile.mkstemp(
            prefix=f".{path.stem}.", suffix=f".tmp{path.suffix}", dir=path.parent
        )
    except OSError as exc:
        raise OutputError(f"{path}: cannot write in {path.parent} ({exc.strerror})") from None
    os.close(handle)
    tmp = Path(name)
    tmp.unlink()  # writers create the file themselves (GDAL refuses an empty one)
    try:
        yield tmp
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write ({exc.strerror})") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


__all__ = [
    "atomic_path",
    "check_folder",
    "created_stamp",
    "fixed_gdal_date",
]
