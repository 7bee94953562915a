"""Errors of the graph layer (all derive from :class:`geo.errors.CorridorError`)."""

from __future__ import annotations

from geo.errors import CorridorError


class ScenarioError(CorridorError, ValueError):
    """A scenario specification that names unknown projects or is malformed."""


class ParametersError(CorridorError, ValueError):
    """A parameters file or override that is not valid."""


class ModeSetError(CorridorError, ValueError):
    """An unknown mode set."""
