"""What a dialect marks hot on its own Litestar handlers, for the hot lane
(contacthub.server.hot_lane) to answer without Litestar's per-request machinery.

    @get("/{ref:str}", opt=hot_read(answer))            a read:  answer(context, request)
                                                           -> the wire Struct of a 200, or None
    @post(..., opt=hot_write(prepare, run))              a write: prepare(request) -> call | None
                                                                   run(context, call) -> HotAnswer

The lane resolves a request's path with the same Litestar router (the same templates, the same
static-before-parameter precedence) and runs the mark of the handler it finds. A request is a
``HotRequest``: the path parameters Litestar parsed, the headers, the query, a write's body;
nothing of the framework.

A read answers the plain success case and declines (None, or an error: a read done twice
changes nothing) everything else, which Litestar then does again and renders. A write is split
where it could go wrong twice: ``prepare`` is pure (it parses, finds the credential, and may
decline: multipart, say, which Litestar's form parser reads), and ``run`` does the write and
never declines: an error it raises is rendered by the route's dialect with the same
framework-free function Litestar's exception handler wraps (``render(ErrorRequest, error) ->
ErrorAnswer``, contacthub.dialects.error_tables), so a request is never written by one lane and
retried by the other, and its error has the same status, headers and bytes in both.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import msgspec

from contacthub.config import Settings
from contacthub.core.scope import Hub
from contacthub.dialects.public_urls import UrlPolicy

# The key of a handler's ``opt`` that holds its mark.
HOT = "hot"

Call = TypeVar("Call")


@dataclass(frozen=True, slots=True)
class HotRequest:
    """A request as the hot handlers see it: no framework, no ASGI."""

    params: Mapping[str, Any]  # the path parameters, parsed by the route's template
    headers: Mapping[bytes, bytes]  # lower-case names, each once
    query: bytes
    body: bytes = b""  # writes only
    base_url: str = ""  # writes only: ``http://host/`` for absolute URLs (public_urls)

    def header(self, name: bytes) -> str | None:
        value = self.headers.get(name)
        return None if value is None else value.decode("latin-1")


@dataclass(frozen=True, slots=True)
class HotAnswer:
    """A hot write's answer: the wire object, its status, and headers that go before the
    content type (as Litestar orders a Response's own headers)."""

    wire: msgspec.Struct
    status: int = 200
    headers: tuple[tuple[bytes, bytes], ...] = ()


@dataclass(frozen=True, slots=True)
class HotContext:
    hub: Hub
    settings: Settings
    urls: UrlPolicy


@dataclass(frozen=True, slots=True)
class HotRead:
    answer: Callable[[HotContext, HotRequest], Awaitable[msgspec.Struct | None]]
    takes_query: bool = False  # without it, any query string sends the request to Litestar


@dataclass(frozen=True, slots=True)
class HotWrite(Generic[Call]):
    prepare: Callable[[HotRequest], Call | None]
    run: Callable[[HotContext, Call], Awaitable[HotAnswer]]
    method: str = "POST"  # a handler of several methods is hot for this one


def hot_read(
    answer: Callable[[HotContext, HotRequest], Awaitable[msgspec.Struct | None]],
    *,
    takes_query: bool = False,
) -> dict[str, Any]:
    """A handler's ``opt`` marking it a hot read (of GET, whatever else the handler serves)."""
    return {HOT: HotRead(answer, takes_query)}


def hot_write(
    prepare: Callable[[HotRequest], Call | None],
    run: Callable[[HotContext, Call], Awaitable[HotAnswer]],
    *,
    method: str = "POST",
) -> dict[str, Any]:
    """A handler's ``opt`` marking it a hot write (of ``method``)."""
    return {HOT: HotWrite(prepare, run, method)}
