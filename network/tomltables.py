"""Arrays of tables in ``dataset.toml`` (and a user's TOML file): read, parse, report.

``[[targets]]``, ``[[freight_targets]]`` and ``[[air_markets]]`` share one shape: a list
of records, each parsed into an object or into problems naming the file, the record and
the field; ids are unique. These helpers hold that shape once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from geo.errors import InputError, Problem
from geo.io import read_toml_file

if TYPE_CHECKING:
    from geo.dataset import Dataset

T = TypeVar("T")
#: What a record parser returns: the object (or None) and (field, message) problems.
Parsed = tuple[Any, list[tuple[str, str]]]


def list_problem(dataset: Dataset, key: str) -> list[Problem]:
    """Return the problem of a ``key`` that is not a list of tables (else nothing).

    Parameters
    ----------
    dataset : geo.dataset.Dataset
    key : str

    Returns
    -------
    list of geo.errors.Problem
    """
    if isinstance(dataset.metadata.get(key, []), list):
        return []
    fix = f"write one [[{key}]] table per record (see the data README)"
    return [Problem("dataset.toml", "", key, f"is not a list of [[{key}]] tables", fix)]


def dataset_records(dataset: Dataset, key: str) -> list[tuple[str, Any]]:
    """Return ``dataset.toml``'s ``[[key]]`` records as (file, record); none if not a list.

    Parameters
    ----------
    dataset : geo.dataset.Dataset
    key : str

    Returns
    -------
    list of (str, object)
    """
    given = dataset.metadata.get(key, [])
    return [("dataset.toml", r) for r in given] if isinstance(given, list) else []


def table_records(
    dataset: Dataset, key: str, path: str | Path | None, error: type[InputError], needs: str
) -> list[tuple[str, Any]]:
    """Return the ``[[key]]`` records of ``dataset.toml``, then those of a user's file.

    Parameters
    ----------
    dataset : geo.dataset.Dataset
    key : str
    path : str or Path, optional
        A TOML file of more ``[[key]]`` tables.
    error : type of geo.errors.InputError
        Raised for a ``key`` that is not a list, or a file without such tables.
    needs : str
        What each table must give, for the message ("from, to and minutes").

    Returns
    -------
    list of (str, object)
        (file, record) in file order.
    """
    problems = list_problem(dataset, key)
    if problems:
        raise error(f"dataset.toml: {key}: {problems[0].message}")
    records = dataset_records(dataset, key)
    if path is not None:
        data = read_toml_file(Path(path), "targets file", error)
        user = data.get(key)
        if not isinstance(user, list) or not user:
            raise error(f"{path}: no [[{key}]] tables; write one per record with {needs}")
        records += [(str(path), r) for r in user]
    return records


def parse_records(
    records: list[tuple[str, Any]],
    parse: Callable[[Any, int], Parsed],
    what: str,
    fix: str,
    unique: str = "id",
    twice: tuple[str, str] = ("used twice", "give each its own id"),
) -> tuple[list[Any], list[Problem]]:
    """Return the parsed records and every problem, each naming file, record and field.

    Parameters
    ----------
    records : list of (str, object)
        (file, record), as :func:`table_records`.
    parse : callable
        ``parse(record, number)`` → (object or None, [(field, message)]).
    what : str
        The record's name in messages ("target", "air market").
    fix : str
        The fix of a field's problem.
    unique : str, default "id"
        The attribute no two objects may share.
    twice : (str, str)
        The message and the fix when two share it.

    Returns
    -------
    objects : list
    problems : list of geo.errors.Problem
    """
    out: list[Any] = []
    problems: list[Problem] = []
    seen: set[Any] = set()
    for number, (file, record) in enumerate(records, start=1):
        item, errors = parse(record, number)
        name = record.get("id", number) if isinstance(record, dict) else number
        label = f"{what} '{name}'"
        problems += [Problem(file, label, k, m, fix) for k, m in errors]
        if item is None:
            continue
        if getattr(item, unique) in seen:
            problems.append(Problem(file, label, unique, *twice))
        seen.add(getattr(item, unique))
        out.append(item)
    return out, problems


def raise_problems(problems: list[Problem], error: type[InputError], title: str) -> None:
    """Raise ``error`` listing every problem (file: record: field: message), if any.

    Parameters
    ----------
    problems : list of geo.errors.Problem
    error : type of geo.errors.InputError
    title : str
        The first line ("bad targets").
    """
    if problems:
        lines = [f"{p.file}: {p.record}: {p.field}: {p.message}" for p in problems]
        raise error(f"{title}:\n  " + "\n  ".join(lines))


__all__ = ["dataset_records", "list_problem", "parse_records", "raise_problems", "table_records"]
