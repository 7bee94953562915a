"""Corridor's spatial layer: the data model, loading, validation, geodesy and CRSs.

``geo`` imports nothing from ``network``; the graph layer builds on it. Public names
load on first use, so importing ``geo.errors`` (as the command line does at start-up)
does not import geopandas.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from geo.dataset import Dataset, default_data_dir, load_dataset
    from geo.errors import (
        AnalysisError,
        CorridorError,
        DataValidationError,
        InputError,
        Problem,
        UnknownPlaceError,
    )
    from geo.measure import geodesic_km, geometry_length_km, link_segments
    from geo.projection import project, utm_crs_for
    from geo.summary import summarize
    from geo.validation import validate_folder

_LAZY: dict[str, str] = {
    "AnalysisError": "geo.errors",
    "CorridorError": "geo.errors",
    "DataValidationError": "geo.errors",
    "InputError": "geo.errors",
    "Problem": "geo.errors",
    "UnknownPlaceError": "geo.errors",
    "Dataset": "geo.dataset",
    "default_data_dir": "geo.dataset",
    "load_dataset": "geo.dataset",
    "geodesic_km": "geo.measure",
    "geometry_length_km": "geo.measure",
    "link_segments": "geo.measure",
    "project": "geo.projection",
    "utm_crs_for": "geo.projection",
    "summarize": "geo.summary",
    "validate_folder": "geo.validation",
}


def __getattr__(name: str) -> Any:
    """Load a public name on first use."""
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'geo' has no attribute '{name}'")


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


__all__ = [
    "AnalysisError",
    "CorridorError",
    "DataValidationError",
    "Dataset",
    "InputError",
    "Problem",
    "UnknownPlaceError",
    "default_data_dir",
    "geodesic_km",
    "geometry_length_km",
    "link_segments",
    "load_dataset",
    "project",
    "summarize",
    "utm_crs_for",
    "validate_folder",
]
