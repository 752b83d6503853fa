"""Run a coroutine at once, up to its first wait; what is left can be awaited later, elsewhere.

    step(coro, context) ── coro.send(None) in context ──┬─ it returned: its result
                                                        └─ it yielded a future: Waiting(coro)

``await Waiting(...)`` (in a Task, which then waits for that future as the coroutine asked) goes
on driving the same coroutine; it cannot tell that its first step ran somewhere else. The Task
should run in ``context``, so that a context variable set before the wait can be reset after it.
This is what Python 3.12's eager tasks do, for one call site (contacthub.http_protocol), on 3.11.
Its limit: the first step runs outside any Task, so code that needs ``asyncio.current_task()``
there (``asyncio.timeout``, anyio) fails; the hot lane on SQLite uses none.
"""

from __future__ import annotations

import contextvars
from collections.abc import Coroutine, Generator
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Waiting(Generic[T]):
    """The rest of a coroutine that yielded ``pending`` on its first step."""

    __slots__ = ("_coro", "_pending")

    def __init__(self, coro: Coroutine[Any, Any, T], pending: Any) -> None:
        self._coro = coro
        self._pending = pending

    def __await__(self) -> Generator[Any, None, T]:
        coro, pending = self._coro, self._pending
        while True:
            # Hand the coroutine's future to whoever drives us (a Task, which waits for it),
            # then pass on what comes back: None to go on, or an exception (cancellation).
            try:
                yield pending
            except GeneratorExit:
                coro.close()
                raise
            except BaseException as thrown:
                try:
                    pending = coro.throw(thrown)
                except StopIteration as done:
                    return done.value  # type: ignore[no-any-return]
            else:
                try:
                    pending = coro.send(None)
                except StopIteration as done:
                    return done.value  # type: ignore[no-any-return]


def step(coro: Coroutine[Any, Any, T], context: contextvars.Context) -> T | Waiting[T]:
    """Run ``coro`` in ``context`` until it returns (its result) or first waits (the rest)."""
    try:
        pending = context.run(coro.send, None)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]
    return Waiting(coro, pending)
