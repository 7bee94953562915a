"""Sweeps: many scenarios and parameter sets, each reduced to a row of figures.

A sweep specification (a TOML file or a mapping) names:

- **portfolios**: scenario specifications (``full``, ``baseline+p1+p2``, ``2027``),
  optionally every project alone on the baseline (``add_one = true``), and ``random``
  portfolios in which each project with a network effect is drawn with probability
  ``share``;
- **parameters**: a grid of parameter values (every combination is run with every
  listed portfolio); a dotted name sets one mode of a per-mode table
  (``"speed_factor.hsr" = [0.85, 0.9]``);
- **random_parameters**: ranges ``[low, high]`` drawn uniformly for each random
  portfolio;
- ``modes``, ``basis`` and ``pairs`` (the place pairs whose minutes are reported).

Random draw *k* uses the generator seeded with ``(seed, k)``, so a draw is the same
whichever worker runs it and however many there are. Each task carries a SHA-256
**key** over everything its result depends on (the dataset's content, the parameters,
the projects, modes, basis and pairs), which names its result in the journal of a
resumable run (:mod:`corridor.executors`).

Each row: ``task``, ``key``, ``scenario``, ``projects``, ``n_projects``, one column per
parameter set, ``benefit_pmin`` (person-minutes saved against the baseline under the
same parameters, :func:`network.accessibility.person_minutes_saved`),
``newly_reachable_trips``, ``mean_min`` (resident-weighted mean minutes of the
reachable pairs) and ``<origin>__<destination>_min`` per pair.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from geo.dataset import Dataset
from geo.errors import ParametersError, ScenarioError
from network.modes import mode_set_name, resolve_modes
from network.params import TravelTimeParams
from network.routing import check_basis
from network.scenario import Scenario, resolve_scenario

_KEYS = {"modes", "basis", "pairs", "portfolios", "parameters", "random_parameters"}
_PORTFOLIO_KEYS = {"scenarios", "add_one", "random", "share", "seed"}


@dataclass(frozen=True)
class Task:
    """One evaluation: a scenario under a set of parameter overrides.

    Attributes
    ----------
    index : int
        Position in the sweep (the order of the result table).
    scenario : Scenario
    overrides : tuple of (str, float)
        Dotted parameter names and values, sorted by name.
    key : str
        SHA-256 of the inputs of its result.
    """

    index: int
    scenario: Scenario
    overrides: tuple[tuple[str, float], ...]
    key: str


@dataclass(frozen=True)
class Sweep:
    """A resolved sweep: its tasks and what each row reports.

    Attributes
    ----------
    tasks : list of Task
    modes, basis : str
    pairs : list of (str, str)
        Place ids.
    parameters : list of str
        The dotted names of every override, in column order.
    """

    tasks: list[Task]
    modes: str
    basis: str
    pairs: list[tuple[str, str]]
    parameters: list[str] = field(default_factory=list)


def read_sweep(
    spec: str | Path | Mapping[str, Any],
    dataset: Dataset,
    params: TravelTimeParams,
    *,
    modes: str | None = None,
    basis: str | None = None,
) -> Sweep:
    """Return the sweep a specification describes (see the module docstring).

    Parameters
    ----------
    spec : str, Path or mapping
        A TOML file or its content.
    dataset : geo.dataset.Dataset
    params : TravelTimeParams
        The base parameters the overrides apply to.
    modes, basis : str, optional
        Override the specification's ``modes`` and ``basis`` (the command line's
        ``--modes`` and ``--basis``).

    Returns
    -------
    Sweep

    Raises
    ------
    geo.errors.ScenarioError
        For an unknown key, project or mode set, or a malformed value (the message
        names the file and key).
    geo.errors.UnknownPlaceError
        For a place of ``pairs`` that is not in the dataset.
    """
    where = "sweep"
    if not isinstance(spec, Mapping):
        from geo.io import read_toml_file

        where = str(spec)
        spec = read_toml_file(Path(spec), "sweep specification", ScenarioError)
    _known(spec, _KEYS, where, "")
    modes, basis = _modes_basis(spec, modes, basis, where)
    pairs = [_pair(dataset, p, where) for p in spec.get("pairs", [])]
    portfolios = spec.get("portfolios", {"scenarios": ["full"]})
    _known(portfolios, _PORTFOLIO_KEYS, where, "portfolios.")
    grid = _grid(spec.get("parameters", {}), params, where)
    drawn = _ranges(spec.get("random_parameters", {}), params, where)
    scenarios = _portfolios(dataset, portfolios, where)
    fixed = [(s, o) for s in scenarios for o in grid]
    fixed += _random(dataset, portfolios, drawn, where)
    names = sorted({n for _, o in fixed for n, _ in o})
    tasks = [
        Task(k, s, o, task_key(dataset, params, s, o, modes, basis, pairs))
        for k, (s, o) in enumerate(fixed)
    ]
    return Sweep(tasks, modes, basis, pairs, names)


def _modes_basis(
    spec: Mapping[str, Any], modes: str | None, basis: str | None, where: str
) -> tuple[str, str]:
    """Return the sweep's mode set and basis (the arguments win over the file)."""
    modes = modes if modes is not None else spec.get("modes", "any")
    basis = basis if basis is not None else spec.get("basis", "door_to_door")
    if not isinstance(modes, str) or not isinstance(basis, str):
        raise ScenarioError(f'{where}: modes and basis are single words (modes = "rail")')
    mode_set_name(resolve_modes(modes))  # an unknown mode set fails here, not in a worker
    return modes, check_basis(basis)


def _ranges(table: Any, params: TravelTimeParams, where: str) -> dict[str, tuple[float, float]]:
    """Return the random parameters' ranges, each name checked against ``params``."""
    if not isinstance(table, Mapping):
        raise ScenarioError(f"{where}: random_parameters must be a table of name = [low, high]")
    drawn = {str(k): _range(v, where, k) for k, v in table.items()}
    for name in drawn:
        _override(params, name, 1.0, where)
    return drawn


def _known(table: Any, allowed: set[str], where: str, prefix: str) -> None:
    if not isinstance(table, Mapping):
        raise ScenarioError(f"{where}: {prefix.rstrip('.') or 'the file'} must be a table")
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise ScenarioError(
            f"{where}: unknown key {prefix}{unknown[0]} (known: {', '.join(sorted(allowed))})"
        )


def _pair(dataset: Dataset, pair: Any, where: str) -> tuple[str, str]:
    if not (isinstance(pair, list | tuple) and len(pair) == 2):
        raise ScenarioError(f"{where}: pairs: each pair is [origin, destination], not {pair!r}")
    return dataset.place(str(pair[0])), dataset.place(str(pair[1]))


def _range(value: Any, where: str, name: str) -> tuple[float, float]:
    ok = isinstance(value, list) and len(value) == 2
    ok = ok and all(isinstance(v, int | float) and np.isfinite(v) for v in value)
    if not ok or value[0] > value[1]:
        raise ScenarioError(f"{where}: random_parameters.{name} must be [low, high], numbers")
    return float(value[0]), float(value[1])


def _grid(table: Any, params: TravelTimeParams, where: str) -> list[tuple]:
    if not isinstance(table, Mapping):
        raise ScenarioError(f"{where}: parameters must be a table of name = [values]")
    axes = []
    for name, values in sorted(table.items()):
        if not isinstance(values, list) or not values:
            raise ScenarioError(f"{where}: parameters.{name} must be a non-empty list")
        for value in values:
            _override(params, name, value, where)
        axes.append([(str(name), float(v)) for v in values])
    return [tuple(combo) for combo in itertools.product(*axes)]


def _override(params: TravelTimeParams, name: str, value: Any, where: str) -> TravelTimeParams:
    """Return ``params`` with one dotted override, or raise naming the key.

    A per-mode table takes ``table.mode`` (``speed_factor.hsr``); a single number takes
    its bare name (``transfer_minutes``); lists and sets cannot be swept.
    """
    if not isinstance(value, int | float) or isinstance(value, bool) or not np.isfinite(value):
        raise ScenarioError(f"{where}: parameters.{name}: {value!r} is not a number")
    table, dot, mode = str(name).partition(".")
    current = getattr(params, table, None)
    if current is None:
        known = ", ".join(sorted(params.to_dict()))
        raise ScenarioError(f"{where}: parameters.{name}: unknown parameter (known: {known})")
    if isinstance(current, Mapping) != bool(dot) or (dot and not mode):
        form = f"{table}.MODE" if isinstance(current, Mapping) else table
        raise ScenarioError(f"{where}: parameters.{name}: write it as {form}")
    if not isinstance(current, Mapping) and not isinstance(current, int | float):
        raise ScenarioError(f"{where}: parameters.{name}: only numbers can be swept")
    try:
        return params.replace(**{table: {mode: float(value)} if dot else float(value)})
    except (ParametersError, TypeError, ValueError) as exc:
        raise ScenarioError(f"{where}: parameters.{name}: {exc}") from None


def apply_overrides(
    params: TravelTimeParams, overrides: tuple[tuple[str, float], ...]
) -> TravelTimeParams:
    """Return ``params`` with a task's overrides applied.

    Parameters
    ----------
    params : TravelTimeParams
    overrides : tuple of (str, float)
        Dotted names (``speed_factor.hsr``) and values.

    Returns
    -------
    TravelTimeParams
    """
    for name, value in overrides:
        params = _override(params, name, value, "sweep")
    return params


def _portfolios(dataset: Dataset, table: Mapping[str, Any], where: str) -> list[Scenario]:
    specs = table.get("scenarios", [] if "random" in table or "add_one" in table else ["full"])
    if not isinstance(specs, list):
        raise ScenarioError(f"{where}: portfolios.scenarios must be a list of scenarios")
    out = [resolve_scenario(dataset, str(s)) for s in specs]
    add_one = table.get("add_one", False)
    if not isinstance(add_one, bool):
        raise ScenarioError(f"{where}: portfolios.add_one is true or false")
    if add_one:
        out += [Scenario(f"baseline+{p}", (p,)) for p in _effect(dataset)]
    return out


def _effect(dataset: Dataset) -> list[str]:
    projects = dataset.projects
    return sorted(projects.index[projects["has_network_effect"]])


def _random(
    dataset: Dataset, table: Mapping[str, Any], drawn: dict[str, tuple[float, float]], where: str
) -> list[tuple[Scenario, tuple]]:
    draws, share, seed = table.get("random", 0), table.get("share", 0.5), table.get("seed", 0)
    if not isinstance(draws, int) or isinstance(draws, bool) or draws < 0:
        raise ScenarioError(f"{where}: portfolios.random must be a whole number of draws")
    if isinstance(share, bool) or not isinstance(share, int | float) or not 0 <= share <= 1:
        raise ScenarioError(f"{where}: portfolios.share must lie between 0 and 1")
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ScenarioError(f"{where}: portfolios.seed must be a whole number ≥ 0")
    effect, out = _effect(dataset), []
    for k in range(draws):
        rng = np.random.default_rng([seed, k])
        keep = rng.random(len(effect)) < share
        chosen = tuple(p for p, kept in zip(effect, keep, strict=True) if kept)
        values = tuple((n, float(rng.uniform(lo, hi))) for n, (lo, hi) in sorted(drawn.items()))
        out.append((Scenario(f"random-{k}", chosen), values))
    return out


def task_key(
    dataset: Dataset,
    params: TravelTimeParams,
    scenario: Scenario,
    overrides: tuple[tuple[str, float], ...],
    modes: str,
    basis: str,
    pairs: list[tuple[str, str]],
) -> str:
    """Return the SHA-256 over everything a task's result depends on.

    Parameters
    ----------
    dataset : geo.dataset.Dataset
    params : TravelTimeParams
        The base parameters.
    scenario : Scenario
    overrides : tuple of (str, float)
    modes, basis : str
    pairs : list of (str, str)

    Returns
    -------
    str
        Hexadecimal digest; the scenario's name is not part of it.
    """
    from network import __version__

    record = {
        "dataset": dataset.content_hash(),
        "params": apply_overrides(params, overrides).to_dict(),
        "overrides": [name for name, _ in overrides],
        "version": __version__,
        "projects": list(scenario.project_ids),
        "year": scenario.year,
        "modes": modes,
        "basis": basis,
        "pairs": [list(p) for p in pairs],
        "row": ROW_VERSION,
    }
    text = json.dumps(record, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


#: Version of the row's definition; bump when a figure changes meaning.
ROW_VERSION = 1


__all__ = [
    "ROW_VERSION",
    "Sweep",
    "Task",
    "apply_overrides",
    "read_sweep",
    "task_key",
]
