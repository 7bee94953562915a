"""Errors of the graph layer (user-input errors: the CLI exits with code 2)."""

from __future__ import annotations

from geo.errors import InputError


class ScenarioError(InputError, ValueError):
    """A scenario specification that names unknown projects or is malformed."""


class ParametersError(InputError, ValueError):
    """A parameters file or override that is not valid."""


class ModeSetError(InputError, ValueError):
    """An unknown mode set."""
