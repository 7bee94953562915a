"""The appraisal workbook: assumptions, yearly streams, results, wider impacts, who gains.

Written with openpyxl to a temporary file beside the target and renamed (never half
written), with ``<file>.manifest.json`` beside it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from geo.atomic import atomic_path, check_folder
from geo.plain import safe_frame

#: Sheets in order: (name, what it holds).
SHEETS: tuple[tuple[str, str], ...] = (
    ("assumptions", "every parameter, its value and its source"),
    ("results", "per project and the programme: PV, NPV, BCR, EIRR, switching values"),
    ("streams", "per project and year: investment, O&M, residual, benefits by kind"),
    ("wider", "productivity gain a year from effective density, by decay exponent"),
    ("who gains", "per zone: residents, income group, hours and value saved, accessibility"),
    ("groups", "by prefecture, province and income group"),
    ("demand", "calibrated trip rates and the calibration count"),
)


def write_workbook(appraisal: Any, path: Path) -> Path:
    """Write ``appraisal`` (:class:`corridor.appraisal.Appraisal`) as an xlsx workbook.

    Parameters
    ----------
    appraisal : corridor.appraisal.Appraisal
    path : pathlib.Path

    Returns
    -------
    pathlib.Path
    """
    from openpyxl import Workbook

    check_folder(path)
    book = Workbook()
    book.remove(book.active)
    frames = _frames(appraisal)
    for name, _ in SHEETS:
        sheet = book.create_sheet(name)
        frame = safe_frame(frames[name])
        sheet.append([str(c) for c in frame.columns])
        for row in frame.itertuples(index=False):
            sheet.append([_cell(v) for v in row])
        sheet.freeze_panes = "A2"
    book.properties.creator = "Corridor"
    fixed = pd.Timestamp("2000-01-01").to_pydatetime()
    book.properties.created = book.properties.modified = fixed  # same inputs, same bytes
    with atomic_path(path) as tmp:
        book.save(tmp)
        _fix_zip_times(tmp)
    return path


def _fix_zip_times(path: Path) -> None:
    """Rewrite the workbook's zip entries and its modified date with fixed times."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info, data in entries:
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" on save
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", data
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, data)


def _frames(a: Any) -> dict[str, pd.DataFrame]:
    equity = a.equity
    groups = pd.concat(
        [equity[level].rename(columns={level: "group"}).assign(level=level)
         for level in ("prefecture", "province", "income_group")],
        ignore_index=True,
    )  # fmt: skip
    demand = pd.DataFrame(
        [{"item": f"rate_{k}", "value": v} for k, v in a.demand["rates"].items()]
        + [{"item": f"trips_{k}", "value": v} for k, v in a.demand["trips_a_year"].items()]
        + [{"item": "calibration_observed", "value": a.demand["calibration"]["observed"]},
           {"item": "calibration_modelled", "value": a.demand["calibration"]["modelled"]}]
    )  # fmt: skip
    return {
        "assumptions": a.assumptions,
        "results": a.results,
        "streams": a.streams,
        "wider": a.wider,
        "who gains": equity["zones"],
        "groups": groups,
        "demand": demand,
    }


def _cell(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float | np.floating):
        return None if not np.isfinite(value) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


__all__ = ["SHEETS", "write_workbook"]
