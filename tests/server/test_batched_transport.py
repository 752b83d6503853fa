"""contacthub.server.batched_transport: a connection's writes held to the end of the loop's turn."""

from __future__ import annotations

import asyncio
from typing import Any

from contacthub.server.batched_transport import LIMIT, BatchedTransport


class _Socket(asyncio.Transport):
    """What reached the real transport, write by write."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[bytes] = []
        self.closed = False
        self.aborted = False

    def write(self, data: Any) -> None:
        assert not self.closed, "a write after close"
        self.writes.append(bytes(data))

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True

    def abort(self) -> None:
        self.aborted = self.closed = True

    def get_write_buffer_size(self) -> int:
        return 0


def _batched() -> tuple[BatchedTransport, _Socket]:
    socket = _Socket()
    return BatchedTransport(socket, asyncio.get_running_loop()), socket


async def test_writes_of_one_turn_go_out_together_and_in_order_when_it_ends() -> None:
    transport, socket = _batched()
    transport.write(b"HTTP/1.1 200 OK\r\n\r\n")
    transport.write(b"")
    transport.write(bytearray(b"second"))
    assert socket.writes == []
    assert transport.get_write_buffer_size() == len(b"HTTP/1.1 200 OK\r\n\r\nsecond")
    await asyncio.sleep(0)
    assert socket.writes == [b"HTTP/1.1 200 OK\r\n\r\nsecond"]
    assert transport.get_write_buffer_size() == 0
    transport.write(b"next turn")
    await asyncio.sleep(0)
    assert socket.writes[1:] == [b"next turn"]


async def test_close_sends_what_is_held_first_and_abort_drops_it() -> None:
    transport, socket = _batched()
    transport.write(b"last answer")
    transport.close()
    assert socket.writes == [b"last answer"]
    assert socket.closed
    await asyncio.sleep(0)  # the turn's flush finds nothing left to send
    assert socket.writes == [b"last answer"]

    transport, socket = _batched()
    transport.write(b"never sent")
    transport.abort()
    await asyncio.sleep(0)
    assert socket.writes == []
    assert socket.aborted


async def test_a_write_past_the_limit_is_sent_at_once_after_what_was_held() -> None:
    transport, socket = _batched()
    transport.write(b"head")
    big = b"x" * LIMIT
    transport.write(big)
    assert socket.writes == [b"head", big]  # a long stream is not held in memory
    transport.write(b"tail")
    await asyncio.sleep(0)
    assert socket.writes == [b"head", big, b"tail"]


async def test_what_is_held_when_the_connection_closes_under_it_is_dropped() -> None:
    transport, socket = _batched()
    transport.write(b"answer")
    socket.closed = True  # the peer went away during the turn
    await asyncio.sleep(0)
    assert socket.writes == []
    assert transport.is_closing()
