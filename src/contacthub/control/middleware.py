"""The control plane's hook into the server: journal, faults and limits for every request.

    client ─> ControlMiddleware (outermost) ─> Observability ─> hot lane | Litestar
                 │  1. the body, if small, read here and replayed (a credential may be in it)
                 │  2. the organization (contacthub.control.who), the dialect (unrouted.owner)
                 │  3. a limit past its rate or a fault ─> answered here, in that dialect's
                 │     own error envelope (its framework-free ``render``), after ``delay_ms``;
                 │     or dropped
                 │  4. else the app, whose status and body are kept as they are sent
                 └─ 5. the journal entry, redacted (contacthub.control.redact)

It sits outside the hot lane, so hot reads are journaled and obey faults like any request. The
app installs it only when an admin token is set, and then turns off the answers-at-once shortcut
of the HTTP protocol (which would answer hot GETs before any ASGI middleware): a test server
pays for being observable; a production one, without the token, does not run this code at all.
``/_contacthub/`` itself is not journaled.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from litestar.enums import ScopeType
from litestar.exceptions import HTTPException
from litestar.types import ASGIApp, Message, Receive, ReceiveMessage, Scope, Send

from contacthub.control import redact
from contacthub.control.journal import HEADER_CAP, Entry, Journal
from contacthub.control.rules import Rules, Verdict
from contacthub.control.who import org_of
from contacthub.core.scope import Hub
from contacthub.core.sessions import SessionPolicy
from contacthub.dialects import Dialect, unrouted
from contacthub.dialects.error_tables import scope_request
from contacthub.errors import (
    Conflict,
    Forbidden,
    HubError,
    Invalid,
    NotFound,
    RateLimited,
    Unauthorized,
    Unavailable,
)
from contacthub.server.request_body import read_body, replaying

PREFIX = "/_contacthub"
# A body up to this size (with a Content-Length) is read before the app, for its credential.
READ_AHEAD = 64 * 1024
# What a fault or limit answers when the request's path is no dialect's.
_FAULT_DETAIL = "fault injected by contacthub's control API"


@dataclass(slots=True)
class ControlState:
    """The process's journal and rules, and what the middleware needs to resolve a request."""

    hub: Hub
    policy: SessionPolicy
    dialects: Sequence[Dialect]
    journal: Journal
    rules: Rules

    def forget(self, org_id: int) -> None:
        """Drop an organization's journal and rules (it was reset or deleted)."""
        self.journal.clear(org_id)
        self.rules.forget(org_id)


class ControlMiddleware:
    def __init__(self, app: ASGIApp, state: ControlState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP or scope["path"].startswith(PREFIX):
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        query = scope.get("query_string", b"").decode("latin-1")
        content_type = headers.get("content-type", "")
        body, receive = await _read_ahead(headers, receive)
        taken = bytearray(body)
        state = self.state
        org_id = await org_of(state.hub, state.policy, headers, query, body, content_type)
        dialect = unrouted.owner(state.dialects, scope["path"], headers, query)
        dialect_name = dialect.name if dialect is not None else "system"
        entry = Entry(
            id=state.journal.next_id(),
            at=state.hub.env.clock(),
            dialect=dialect_name,
            method=method,
            path=scope["path"],
            query=redact.query(query, state.journal.body_cap),
            headers=redact.headers(scope["headers"], HEADER_CAP),
            body="",
            status=0,
            response="",
        )
        answer = bytearray()
        response_type = ""
        cap = state.journal.body_cap * 4

        async def keeping_body() -> ReceiveMessage:
            message = await receive()
            if message["type"] == "http.request" and len(taken) < cap:
                taken.extend(message.get("body", b"")[: cap - len(taken)])
            return message

        async def keeping_answer(message: Message) -> None:
            nonlocal response_type
            if message["type"] == "http.response.start":
                entry.status = message["status"]
                for name, value in message.get("headers", []):
                    if name.lower() == b"content-type":
                        response_type = value.decode("latin-1")
            elif message["type"] == "http.response.body" and len(answer) < cap:
                answer.extend(message.get("body", b"")[: cap - len(answer)])
            await send(message)

        try:
            verdict = None
            if org_id is not None:
                verdict = state.rules.verdict(org_id, dialect_name, method, scope["path"])
            if verdict is None:
                await self.app(scope, keeping_body if not body else receive, keeping_answer)
            else:
                entry.fault = verdict.reason
                await self._apply(verdict, dialect, scope, receive, keeping_answer)
                if verdict.drop:
                    entry.status = 0  # nothing was answered: the connection was dropped
        finally:
            entry.body = redact.body(bytes(taken), content_type, state.journal.body_cap)
            entry.response = redact.body(bytes(answer), response_type, state.journal.body_cap)
            state.journal.record(org_id, entry)

    async def _apply(
        self, verdict: Verdict, dialect: Dialect | None, scope: Scope, receive: Receive, send: Send
    ) -> None:
        if verdict.delay_ms:
            await asyncio.sleep(verdict.delay_ms / 1000)
        if verdict.drop:
            # ASGI has no way to close a connection unanswered; an answer begun and left
            # unfinished makes the server close it (uvicorn does), and the client sees the
            # connection end mid-answer, as when a vendor's server dies.
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [(b"content-length", b"1024")],
                }
            )
            return
        if verdict.limited:
            status = 429
        elif verdict.status is not None:
            status = verdict.status
        else:  # a delay alone: the app answers, late
            await self.app(scope, receive, send)
            return
        if dialect is None:
            await send_plain(send, status)
            return
        answer = dialect.render(scope_request(scope), error_for(status))
        # Obzvonilka's and Plusofon's tables render every 5xx but 503 as their 500 (a bug's
        # answer, logged as one): the body is the vendor's, the status the rule's.
        headers = answer.raw_headers()
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": answer.body, "more_body": False})


# The core's errors a fault's status is rendered as, so each dialect words it as its vendor
# does (Watbot's "Too Many Attempts.", Laravel's "Unauthenticated."); others go as an HTTP error.
_AS_CORE_ERROR: dict[int, type[HubError]] = {
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    422: Invalid,
}


def error_for(status: int) -> Exception:
    """The exception a dialect's ``render`` turns into a fault's answer of ``status``."""
    if status == 429:
        return RateLimited("Too Many Attempts.", retry_after=1)
    if status == 503:
        return Unavailable(_FAULT_DETAIL)
    core_error = _AS_CORE_ERROR.get(status)
    if core_error is not None:
        return core_error(_FAULT_DETAIL)
    return HTTPException(status_code=status, detail=_FAULT_DETAIL)


async def send_plain(send: Send, status: int) -> None:
    body = b'{"detail":"' + _FAULT_DETAIL.encode() + b'"}'
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


async def _read_ahead(headers: dict[str, str], receive: Receive) -> tuple[bytes, Receive]:
    """A small body with a Content-Length, read now, and the ``receive`` that gives it again;
    else nothing read and ``receive`` as it was."""
    length = headers.get("content-length", "")
    if "transfer-encoding" in headers or not length.isdigit() or not 0 < int(length) <= READ_AHEAD:
        return b"", receive
    body, received, _ = await read_body(receive)
    return body, replaying(received, receive)
