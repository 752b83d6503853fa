"""Every JSON document from outside is read here: msgspec's decoder with a bound on nesting.

A body like ``{"a":{"a":...}}`` 1,000 levels deep is 6 KB, yet it made msgspec raise
``RecursionError`` (a 500 in every dialect, before any credential was checked), and at a few
hundred levels our own recursive code (Obzvonilka's parameter nesting) failed the same way. No
vendor's request is more than a few levels deep, so anything past ``MAX_DEPTH`` is refused as bad
input, with its reason, in the dialect's own format (an import's row is rejected): each reader
catches ``msgspec.DecodeError``, of which ``TooDeep`` is one.
"""

from __future__ import annotations

from typing import Any

import msgspec

MAX_DEPTH = 32
_OPENERS = (b"{", b"[")


class TooDeep(msgspec.DecodeError):
    """A JSON document nested deeper than ``MAX_DEPTH``."""

    def __init__(self) -> None:
        super().__init__(f"JSON is nested more than {MAX_DEPTH} levels deep")


def decode(raw: bytes | str) -> Any:
    """``raw`` as JSON; ``msgspec.DecodeError`` (``TooDeep`` included) when it cannot be."""
    try:
        value = msgspec.json.decode(raw)
    except RecursionError:
        raise TooDeep() from None
    check_depth(raw, value)
    return value


def check_depth(raw: bytes | str, value: Any) -> None:
    """``TooDeep`` if ``value``, decoded from ``raw``, nests deeper than ``MAX_DEPTH``."""
    data = raw.encode() if isinstance(raw, str) else raw
    # A document deeper than MAX_DEPTH has more than MAX_DEPTH brackets: most bodies have a
    # handful, so the walk below runs only for big ones.
    if sum(data.count(opener) for opener in _OPENERS) > MAX_DEPTH and depth_exceeds(value):
        raise TooDeep()


def depth_exceeds(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether ``value`` (decoded JSON) nests objects and arrays deeper than ``limit``."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if level > limit:
            return True
        stack.extend((child, level + 1) for child in children if isinstance(child, dict | list))
    return False
