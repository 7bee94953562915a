"""Corridor: before/after travel times of infrastructure projects, in one object.

>>> import corridor
>>> study = corridor.Study()                      # the embedded Chengdu–Chongqing data
>>> study.route("成都", "重庆", scenario="full", modes="rail", basis="line_haul").minutes
51.5...

:class:`Study` owns the dataset, the parameters, the scenario cache, place-name
resolution and the defaults; its methods return the engine's results (routes,
DataFrames, :class:`Comparison`, folium maps). The engine's functions stay available
in :mod:`network` and the spatial layer in :mod:`geo`.

Names are loaded on first use, so ``import corridor`` (and ``corridor --help``) stays
fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from network import __version__

if TYPE_CHECKING:
    from corridor.comparison import Comparison
    from corridor.study import Study
    from geo.errors import (
        AnalysisError,
        CorridorError,
        DataValidationError,
        InputError,
        UnknownPlaceError,
        UnknownProjectError,
    )
    from geo.validation import validate_folder as validate
    from network.params import TravelTimeParams, load_params

_LAZY: dict[str, tuple[str, str]] = {
    "Study": ("corridor.study", "Study"),
    "Comparison": ("corridor.comparison", "Comparison"),
    "TravelTimeParams": ("network.params", "TravelTimeParams"),
    "load_params": ("network.params", "load_params"),
    "validate": ("geo.validation", "validate_folder"),
    "CorridorError": ("geo.errors", "CorridorError"),
    "InputError": ("geo.errors", "InputError"),
    "AnalysisError": ("geo.errors", "AnalysisError"),
    "DataValidationError": ("geo.errors", "DataValidationError"),
    "UnknownPlaceError": ("geo.errors", "UnknownPlaceError"),
    "UnknownProjectError": ("geo.errors", "UnknownProjectError"),
}


def __getattr__(name: str) -> Any:
    """Load a public name on first use (keeps start-up free of heavy imports)."""
    if name in _LAZY:
        module, attribute = _LAZY[name]
        value = getattr(import_module(module), attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'corridor' has no attribute '{name}'")


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


__all__ = [
    "AnalysisError",
    "Comparison",
    "CorridorError",
    "DataValidationError",
    "InputError",
    "Study",
    "TravelTimeParams",
    "UnknownPlaceError",
    "UnknownProjectError",
    "__version__",
    "load_params",
    "validate",
]
