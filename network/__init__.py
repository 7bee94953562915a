"""Corridor's graph layer: graph building, travel times, scenarios and the CLI.

Builds on :mod:`geo`; the dependency points one way, network → geo.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("corridor")
except PackageNotFoundError:  # running from a source checkout without installing
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
