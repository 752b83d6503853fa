"""A request's body read ahead of the app, and given to the app again (the hot lane's writes,
the control plane's journal and faults)."""

from __future__ import annotations

from litestar.types import Receive, ReceiveMessage


async def read_body(receive: Receive) -> tuple[bytes, list[ReceiveMessage], bool]:
    """The body's bytes, the messages read, and whether the body ended (False: the client left
    first)."""
    received: list[ReceiveMessage] = []
    body = b""
    while True:
        message = await receive()
        received.append(message)
        if message["type"] != "http.request":
            return body, received, False
        body += message.get("body", b"")
        if not message.get("more_body", False):
            return body, received, True


def replaying(messages: list[ReceiveMessage], receive: Receive) -> Receive:
    """``receive`` that gives ``messages`` again first."""
    pending = list(messages)

    async def replay() -> ReceiveMessage:
        return pending.pop(0) if pending else await receive()

    return replay
