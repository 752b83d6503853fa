"""Deliveries connect only to an address that was checked (no DNS rebinding).

    name --resolve once--> addresses --any private? refuse (unless allowed)--> connect to them
                                                         TLS SNI and Host stay the URL's name

A check that resolves the receiver's name and a send that resolves it again can see two answers:
a name under an attacker's control answers a public address to the check and 127.0.0.1 (or the
cloud's metadata address) to the send, and the server posts into its own network. So the check
is made where the connection is made: the delivery client's network backend resolves the name,
refuses private addresses (core/webhooks/addresses.py's rule) and connects to the addresses it
checked, itself. httpcore starts TLS with the URL's host as server name, and httpx writes the
Host header from the URL, so the receiver sees the request as it was addressed. A kept-alive
connection is reused only to the same host and port: its peer is an address checked when it
was opened.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

import httpcore
import httpx

from contacthub.core.webhooks.addresses import Resolver, public_addresses, system_resolver
from contacthub.errors import Invalid

SocketOption = (
    tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]
)


class PinnedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend that resolves each name once with ``resolve``, refuses it
    when an address is private (unless ``allow_private``) and connects to those addresses."""

    def __init__(self, resolve: Resolver = system_resolver, *, allow_private: bool) -> None:
        self._resolve = resolve
        self._allow_private = allow_private
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                addresses = await public_addresses(
                    host, port, self._resolve, allow_private=self._allow_private
                )
        except TimeoutError:
            raise httpcore.ConnectTimeout(f"the host {host} did not resolve in time") from None
        except Invalid as refused:
            raise httpcore.ConnectError(refused.message) from None
        failure: httpcore.ConnectError | httpcore.ConnectTimeout | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                failure = error
        assert failure is not None  # public_addresses answers at least one address
        raise failure

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("webhooks are delivered over TCP only")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class PinnedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport over a ``PinnedBackend``: no proxy (nothing from the environment),
    certificates verified as by default. httpx builds its connection pool in ``__init__`` with
    no way to pass a network backend, so the pool is built again with one (``_pool`` is the
    attribute its ``handle_async_request`` uses; tests/core/test_webhook_pinning.py fails if
    that changes)."""

    def __init__(self, resolve: Resolver = system_resolver, *, allow_private: bool) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            network_backend=PinnedBackend(resolve, allow_private=allow_private),
        )


def delivery_client(
    resolve: Resolver = system_resolver, *, allow_private: bool
) -> httpx.AsyncClient:
    """The client deliveries are sent with: pinned addresses, no redirects, no environment."""
    transport = PinnedTransport(resolve, allow_private=allow_private)
    return httpx.AsyncClient(transport=transport, follow_redirects=False, trust_env=False)
