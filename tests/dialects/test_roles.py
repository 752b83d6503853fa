"""Every write a dialect opens carries the caller's principal, so the core can check its role.

``Hub.writing(org_id)`` is the server operator's unit of work (every right); a dialect that
passed an id instead of its principal would let a member do what only an administrator may.
This reads the dialects' source and holds each ``.writing(...)`` call to a principal.
"""

from __future__ import annotations

import ast
from pathlib import Path

import contacthub.dialects

DIALECTS = Path(contacthub.dialects.__file__).parent


def _argument_is_a_principal(call: ast.Call) -> bool:
    if len(call.args) != 1 or call.keywords:
        return False
    (argument,) = call.args
    if isinstance(argument, ast.Name):
        return argument.id == "principal"
    return isinstance(argument, ast.Attribute) and argument.attr == "principal"


def _writes(path: Path) -> list[tuple[int, bool]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.lineno, _argument_is_a_principal(node))
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "writing"
    ]


def test_every_dialect_write_is_opened_with_the_callers_principal() -> None:
    found = {path: _writes(path) for path in sorted(DIALECTS.rglob("*.py"))}
    assert sum(len(calls) for calls in found.values()) > 20, "the scan finds the dialects' writes"
    wrong = [
        f"{path.relative_to(DIALECTS)}:{line}"
        for path, calls in found.items()
        for line, fine in calls
        if not fine
    ]
    assert wrong == [], "pass the principal to hub.writing(), not an organization id"


def test_the_check_sees_an_id_passed_instead() -> None:
    tree = ast.parse("hub.writing(principal.org_id)")
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
    writing = next(
        c for c in calls if isinstance(c.func, ast.Attribute) and c.func.attr == "writing"
    )
    assert not _argument_is_a_principal(writing)
