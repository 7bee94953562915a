"""Corridor's spatial layer: the data model, loading, validation, geodesy and CRSs.

``geo`` imports nothing from ``network``; the graph layer builds on it.
"""

from __future__ import annotations

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
