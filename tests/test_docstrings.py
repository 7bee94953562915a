"""Every public function and method of the packages has a numpydoc docstring.

Public means a name not starting with ``_``, at module level or in a public class
(nested public classes included). Each needs a docstring; one with two or more
parameters besides ``self``/``cls`` needs a ``Parameters`` section; one annotated to
return something other than ``None`` needs a ``Returns`` section, unless its summary
line starts with "Return". Properties are exempt from both sections, and so is the
command line (``corridor/cli/``), whose documentation is its ``--help``: its functions
need a docstring only.
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Iterator

from tests.conftest import REPO

PACKAGES = ("corridor", "geo", "network")

Function = ast.FunctionDef | ast.AsyncFunctionDef


def _public_functions(tree: ast.AST) -> Iterator[Function]:
    """Yield the public functions of a module body or class body, and of its public classes."""
    for child in ast.iter_child_nodes(tree):
        if isinstance(child, ast.ClassDef) and not child.name.startswith("_"):
            yield from _public_functions(child)
        elif isinstance(child, Function) and not child.name.startswith("_"):
            yield child


def _has_section(doc: str, title: str) -> bool:
    """Whether ``doc`` has a numpydoc section ``title`` (the title underlined by dashes)."""
    lines = [line.strip() for line in doc.splitlines()]
    return any(
        line == title and following and set(following) == {"-"}
        for line, following in itertools.pairwise(lines)
    )


def _is_property(function: Function) -> bool:
    return any("property" in ast.unparse(d) for d in function.decorator_list)


def _parameters(function: Function) -> list[str]:
    args = function.args
    names = [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
    names += [a.arg for a in (args.vararg, args.kwarg) if a is not None]
    return [n for n in names if n not in ("self", "cls")]


def _problems(function: Function) -> Iterator[str]:
    doc = ast.get_docstring(function) or ""
    if not doc:
        yield "no docstring"
        return
    if _is_property(function):
        return
    if len(_parameters(function)) >= 2 and not _has_section(doc, "Parameters"):
        yield "no Parameters section"
    returns = function.returns
    if (
        returns is not None
        and ast.unparse(returns) != "None"
        and not _has_section(doc, "Returns")
        and not doc.splitlines()[0].startswith("Return")
    ):
        yield "no Returns section (and the summary does not start with 'Return')"


def _entries() -> list[str]:
    entries = []
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            where = path.relative_to(REPO).as_posix()
            for function in _public_functions(tree):
                problems = list(_problems(function))
                if where.startswith("corridor/cli/"):
                    problems = [p for p in problems if p == "no docstring"]
                for problem in problems:
                    entries.append(f"{where}:{function.lineno} {function.name}: {problem}")
    return entries


def test_the_walk_finds_the_packages() -> None:
    for package in PACKAGES:
        assert any((REPO / package).rglob("*.py")), package


def test_section_detection() -> None:
    doc = "Do it.\n\nParameters\n----------\nx : int\n\nRaises\n------\nParametersError\n"
    assert _has_section(doc, "Parameters")
    assert not _has_section(doc, "Returns")
    assert not _has_section("Do it.\n\nRaises\n------\nParametersError\n", "Parameters")


def test_public_functions_have_numpydoc_docstrings() -> None:
    entries = _entries()
    assert not entries, f"{len(entries)} public functions lack docstring sections:\n" + "\n".join(
        entries
    )
