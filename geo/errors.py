"""Corridor's one error family, and the problem record used by validation.

The library never prints or exits: it raises these, and the command line turns
them into messages and exit codes in one place (2 for :class:`InputError`, 1 for
:class:`AnalysisError` and any other :class:`CorridorError`). Each error also
derives from the builtin it resembles (``ValueError``, ``KeyError``), so a caller can
catch it by family or by the builtin::

    CorridorError
    ├── InputError                     bad input: the CLI exits 2
    │   ├── DataValidationError        a dataset (every problem listed)
    │   ├── UnknownPlaceError          a place name or id (closest matches)
    │   ├── UnknownProjectError        a project id (closest matches)
    │   ├── ScenarioError              a scenario specification
    │   ├── ParametersError            a parameters file or override
    │   ├── ModeSetError               a mode set or time basis
    │   ├── TargetsError               a targets file or ``[[targets]]``
    │   └── OutputError                an output path (missing folder, unwritable)
    └── AnalysisError                  an analysis that cannot run as asked: exit 1
        └── MapError                   a map that cannot be built or written
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a dataset, precise enough to fix without guessing.

    Attributes
    ----------
    file : str
        File name inside the dataset folder (``nodes.csv``), or the folder itself.
    record : str
        Record id, or ``row N`` (1-based data row, header excluded) when the id
        itself is missing; empty for a whole-file problem.
    field : str
        Column name; empty for a whole-record or whole-file problem.
    message : str
        What is wrong.
    fix : str
        How to put it right.
    """

    file: str
    record: str
    field: str
    message: str
    fix: str

    def __str__(self) -> str:
        where = self.file
        if self.record:
            where += f", record {self.record}"
        if self.field:
            where += f", field '{self.field}'"
        return f"{where}: {self.message}. Fix: {self.fix}"

    def to_dict(self) -> dict[str, str]:
        """Return the problem as a plain dictionary (for JSON output)."""
        return asdict(self)


class CorridorError(Exception):
    """Base class of every error Corridor raises on purpose."""


class InputError(CorridorError):
    """Bad input from the user (data, names, options): the CLI exits with code 2."""


class DataValidationError(InputError, ValueError):
    """A dataset failed validation; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem], *, folder: str = "") -> None:
        self.problems = list(problems)
        self.folder = folder
        head = f"dataset {folder!s} has " if folder else ""
        count = len(self.problems)
        lines = [f"{head}{count} problem{'s' if count != 1 else ''}:"]
        lines += [f"  - {problem}" for problem in self.problems]
        super().__init__("\n".join(lines))


class UnknownPlaceError(InputError, KeyError):
    """A place name or id that is not in the dataset; carries the closest matches."""

    def __init__(self, query: str, suggestions: list[str]) -> None:
        self.query = query
        self.suggestions = suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown place '{query}'.{hint}")

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownProjectError(InputError, KeyError):
    """A project id that is not in the catalogue; carries the closest matches."""

    def __init__(self, query: str, suggestions: list[str]) -> None:
        self.query = query
        self.suggestions = suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown project '{query}'.{hint} (corridor info lists them)")

    def __str__(self) -> str:
        return str(self.args[0])


class ScenarioError(InputError, ValueError):
    """A scenario specification that names unknown projects or is malformed."""


class ParametersError(InputError, ValueError):
    """A parameters file or override that is not valid."""


class ModeSetError(InputError, ValueError):
    """An unknown mode set or time basis."""


class TargetsError(InputError, ValueError):
    """A targets file (or ``dataset.toml``) holds a target that cannot be used."""


class OutputError(InputError, OSError):
    """An output path that cannot be written (missing folder, a folder, no permission)."""


class AnalysisError(CorridorError):
    """An analysis that cannot run as asked on valid input: the CLI exits with code 1."""


class MapError(AnalysisError):
    """A map cannot be built or written as asked."""


__all__ = [
    "AnalysisError",
    "CorridorError",
    "DataValidationError",
    "InputError",
    "MapError",
    "ModeSetError",
    "OutputError",
    "ParametersError",
    "Problem",
    "ScenarioError",
    "TargetsError",
    "UnknownPlaceError",
    "UnknownProjectError",
]
