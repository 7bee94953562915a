"""Writing maps and reading the boundaries drawn under them: the file edges of maps."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas as gpd

from geo.atomic import atomic_path, check_folder
from geo.errors import InputError
from geo.maps.offline import render_html
from geo.outlines import BOUNDARIES_FILE, read_outlines

"""Province, prefecture and district outlines of a dataset folder (WGS84)."""


def save_map(m: Any, path: str | Path, *, inline: bool = True) -> Path:
    """Write the map to ``path`` atomically (a temporary file, then a rename).

    A failure never leaves a half-written file, nor replaces a good one.

    Parameters
    ----------
    m : folium.Map or folium.plugins.DualMap
        Any map of :mod:`geo.maps`.
    path : str or pathlib.Path
        The HTML file to write; its folder must exist.
    inline : bool, default True
        Inline every asset so the page opens with no network.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    geo.errors.OutputError
        When the folder does not exist or cannot be written (exit code 2).
    geo.errors.MapError
        When an asset has no shipped copy.
    """
    path = check_folder(path)
    page = render_html(m, inline=inline)
    with atomic_path(path) as tmp:
        tmp.write_text(page, encoding="utf-8")
    return path


def load_boundaries(folder: str | Path) -> gpd.GeoDataFrame | None:
    """Read ``boundaries.geojson`` of a dataset folder (checked by :mod:`geo.outlines`).

    Parameters
    ----------
    folder : str or pathlib.Path
        The dataset folder.

    Returns
    -------
    geopandas.GeoDataFrame or None
        The outlines (``level``, ``name_zh``, ``adcode`` …) in WGS84; None when the
        folder has no boundaries file.

    Raises
    ------
    geo.errors.InputError
        When the file cannot be used (the same problems ``corridor validate`` lists).
    """
    outlines, problems = read_outlines(Path(folder))
    if problems:
        raise InputError("; ".join(str(p) for p in problems))
    return outlines


__all__ = ["BOUNDARIES_FILE", "load_boundaries", "save_map"]
