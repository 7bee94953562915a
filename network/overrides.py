"""Reading a ``dataset.toml`` table of parameter overrides onto a frozen dataclass."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from geo.errors import ParametersError, Problem


def merged_overrides(base: Any, values: Any, table: str) -> dict[str, Any]:
    """Return the overrides of a ``[table]``, checked against ``base`` (a dataclass).

    Parameters
    ----------
    base : dataclass instance
        The defaults.
    values : Mapping or None
        The TOML table.
    table : str
        Its name, for the messages (``freight``, ``appraisal``).

    Returns
    -------
    dict
        Name → value for ``dataclasses.replace``: a per-key table is merged key by key
        into the default one, a list becomes a tuple where the default is one.

    Raises
    ------
    geo.errors.ParametersError
        For a table that is not one, an unknown name, or a value of the wrong kind.
    """
    if values is None:
        return {}
    if not isinstance(values, Mapping):
        raise ParametersError(f"[{table}] is not a table: write [{table}] and its names")
    known = {f.name for f in fields(base)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ParametersError(
            f"[{table}]: unknown parameter(s) {', '.join(unknown)} "
            f"(known: {', '.join(sorted(known))})"
        )
    merged: dict[str, Any] = {}
    for key, value in values.items():
        default = getattr(base, key)
        if isinstance(default, Mapping):
            if not isinstance(value, Mapping):
                raise ParametersError(f"{table}.{key}: give a table, e.g. {dict(default)}")
            merged[key] = {**default, **value}
        elif isinstance(default, tuple):
            if not isinstance(value, list | tuple):
                raise ParametersError(f"{table}.{key}: give a list, e.g. {list(default)}")
            merged[key] = tuple(value)
        else:
            merged[key] = value
    return merged


def table_problems(metadata: Mapping[str, Any]) -> list[Problem]:
    """Return the problems of ``[parameters]``, ``[freight]`` and ``[appraisal]`` (none: valid).

    What ``corridor validate`` lists and what :class:`corridor.Study` refuses on opening.

    Parameters
    ----------
    metadata : Mapping
        The parsed ``dataset.toml``.

    Returns
    -------
    list of geo.errors.Problem
        One per table that cannot be read (file ``dataset.toml``, record the table).
    """
    from network.appraisalparams import AppraisalParams
    from network.freightparams import FreightParams
    from network.params import dataset_params

    checks: list[tuple[str, Any, str]] = [
        ("parameters", dataset_params, "network/params.py (docs/model.md, Parameters)"),
        ("freight", lambda m: FreightParams.from_mapping(m.get("freight")),
         "network/freightparams.py"),
        ("appraisal", lambda m: AppraisalParams.from_mapping(m.get("appraisal")),
         "network/appraisalparams.py (docs/model.md, Appraisal)"),
    ]  # fmt: skip
    problems = []
    for table, check, where in checks:
        try:
            check(metadata)
        except ParametersError as exc:
            fix = f"use the names and values of {where}"
            problems.append(Problem("dataset.toml", table, "", str(exc), fix))
    return problems


__all__ = ["merged_overrides", "table_problems"]
