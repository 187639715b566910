"""Every public docstring of the package has its sections, and its ``>>>`` examples run.

The API reference (docs/api.md) is generated from the docstrings, and the page says what ``db``
is in them: the "examples' database" its ``sql`` and ``python`` blocks build. Each docstring's
examples run with doctest against a fresh copy of that database, in an empty directory holding
a copy of examples/, so no example depends on another; a failing example fails the test named
after the method. The section check keeps the convention for methods added later: ``Args:``
when there are parameters, ``Returns:`` when something is returned, ``Raises:`` and an
``Examples:`` section with ``>>>`` lines (griffe renders it as code; a singular
``Example:`` is an admonition whose ``>>>`` lines Markdown turns into nested quotes).
"""

from __future__ import annotations

import doctest
import inspect
import re
import shutil
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

import quiverdb
from quiverdb.element import Element
from quiverdb.metadata import LogLevel
from support.doc_blocks import blocks
from support.paths import ROOT

API_PAGE = ROOT / "docs" / "api.md"
_SECTION = re.compile(r"^(Args|Returns|Raises|Examples|Attributes):\s*$", re.M)


def _public_classes() -> list[type]:
    """The classes of ``quiverdb.__all__`` the reference documents, plus ``Element`` and ``LogLevel``."""
    exported = [getattr(quiverdb, name) for name in quiverdb.__all__]
    return [c for c in exported if inspect.isclass(c)] + [Element, LogLevel]


def documented() -> dict[str, Any]:
    """``{qualified name: object}`` of every public class, method and function with a docstring
    of its own in the reference; a method inherited by ``Database`` from a mixin counts once, as
    ``Database.<name>``."""
    found: dict[str, Any] = {}
    seen: set[int] = set()
    for cls in sorted(_public_classes(), key=lambda c: c is not quiverdb.Database):
        found[cls.__name__] = cls
        names = dir(cls) if cls is quiverdb.Database else list(vars(cls))
        for name in names:
            if name.startswith("_"):
                continue
            attr = inspect.getattr_static(cls, name)
            func = attr.__func__ if isinstance(attr, (staticmethod, classmethod)) else attr
            if not inspect.isfunction(func) or id(func) in seen:
                continue
            seen.add(id(func))
            found[f"{cls.__name__}.{name}"] = func
    for name in quiverdb.__all__:
        obj = getattr(quiverdb, name)
        if inspect.isfunction(obj):
            found[name] = obj
    return found


DOCUMENTED = documented()
# the sections a class docstring needs (default: an example); a dataclass lists its fields
CLASS_SECTIONS = {
    "LuaRunner": ("Args", "Raises", "Examples"),
    "CSVOptions": ("Attributes", "Examples"),
    "ScalarMetadata": ("Attributes", "Examples"),
    "GroupMetadata": ("Attributes", "Examples"),
    "DatabaseCSVExport": (),  # the two mixins upstream exports: their methods are Database's
    "DatabaseCSVImport": (),
}
# calls that cannot fail (no handle to check, nothing to refuse): a Raises section would be empty
NEVER_RAISE = {"Database.close", "Database.interrupt", "LuaRunner.close", "Element.destroy", "version"}


def missing_sections(name: str, obj: Any) -> list[str]:
    """The sections the docstring of ``obj`` lacks (``[]``: complete)."""
    doc = inspect.getdoc(obj) or ""
    present = set(_SECTION.findall(doc))
    if inspect.isclass(obj):
        needed = list(CLASS_SECTIONS.get(name, ("Examples",)))
    else:
        signature = inspect.signature(obj)
        needed = ["Examples"] if name in NEVER_RAISE else ["Raises", "Examples"]
        if [p for p in signature.parameters if p not in ("self", "cls")]:
            needed.append("Args")
        if signature.return_annotation not in (None, "None", inspect.Signature.empty):
            needed.append("Returns")
    lacking = [s for s in needed if s not in present]
    if "Examples" in present and ">>>" not in doc:
        lacking.append("Examples (no >>> lines)")
    return lacking


def test_every_public_docstring_has_its_sections() -> None:
    assert len([n for n in DOCUMENTED if n.startswith("Database.")]) >= 87
    lacking = {name: missing for name, obj in DOCUMENTED.items() if (missing := missing_sections(name, obj))}
    assert lacking == {}


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty current directory holding a copy of examples/."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def sample_namespace(directory: Path) -> dict[str, Any]:
    """Run docs/api.md's blocks in ``directory``: the namespace, with ``db`` the sample database."""
    namespace: dict[str, Any] = {"__name__": "api_md"}
    for block in blocks(API_PAGE):
        if block.not_run is not None:
            continue
        if block.file is not None:
            (directory / block.file).write_text(block.code, encoding="utf-8")
        elif block.lang == "python":
            exec(compile(block.code, f"{API_PAGE}:{block.line}", "exec"), namespace)
    assert isinstance(namespace.get("db"), quiverdb.Database), "docs/api.md must build `db`"
    return namespace


def globs_for(directory: Path) -> dict[str, Any]:
    """The names an example may use without importing them."""
    globs = sample_namespace(directory)
    globs.update(
        {name: getattr(quiverdb, name) for name in quiverdb.__all__},
        quiverdb=quiverdb,
        Element=Element,
        LogLevel=LogLevel,
        datetime=datetime,
        timezone=timezone,
    )
    return globs


def close_all(globs: dict[str, Any]) -> None:
    for value in globs.values():
        if isinstance(value, (quiverdb.Database, quiverdb.LuaRunner)):
            value.close()
        elif isinstance(value, Element):
            value.destroy()


WITH_EXAMPLES = sorted(name for name, obj in DOCUMENTED.items() if ">>>" in (inspect.getdoc(obj) or ""))


def run_examples(name: str, obj: Any, directory: Path) -> tuple[int, str]:
    """Run the ``>>>`` examples of ``obj``'s docstring: (examples run, failure report or "")."""
    globs = globs_for(directory)
    try:
        test = doctest.DocTestParser().get_doctest(inspect.getdoc(obj) or "", globs, name, None, 0)
    except ValueError as e:  # a malformed example (inconsistent indentation, ...)
        close_all(globs)
        return 0, f"{name}: the examples do not parse: {e}"
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    try:
        runner.run(test, out=report.append, clear_globs=False)
    finally:
        close_all(globs)  # the sample, even when an example rebound `db`
        close_all(test.globs)  # a copy of globs: what the examples opened
    return len(test.examples), "".join(report)


def test_the_reference_has_examples_to_run() -> None:
    assert len(WITH_EXAMPLES) >= 100


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_docstring_examples_run(name: str, scratch: Path) -> None:
    ran, failures = run_examples(name, DOCUMENTED[name], scratch)
    if failures or not ran:
        pytest.fail(f"the example of {name} failed:\n{failures}", pytrace=False)


def test_a_failing_example_names_the_method(scratch: Path) -> None:
    def read_something() -> None:
        """Examples:
        >>> db.number_of_elements("Plant")
        3
        """

    ran, failures = run_examples("Database.read_something", read_something, scratch)
    assert ran == 1
    assert "Database.read_something" in failures and "Expected:\n    3\nGot:\n    2" in failures
