"""Where a webhook may point: http(s) URLs whose host is a public address.

A receiver on a private, loopback, link-local or otherwise reserved address would let an API
client make the server call into its own network (SSRF). Refused unless the operator allows it
(``CONTACTHUB_WEBHOOK_ALLOW_PRIVATE=true``: tests, self-hosted setups). Checked at creation,
again before every delivery (a name may resolve elsewhere later), and where the delivery
connects: it connects only to the addresses that check found public (core/webhooks/pinned.py),
so a name that answers differently to the check and to the send (DNS rebinding) gains nothing.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from contacthub.errors import Invalid

MAX_URL_LENGTH = 2000

# A host and port -> the addresses to connect to (the system's resolver, or a test's).
Resolver = Callable[[str, int], Awaitable[list[str]]]


async def system_resolver(host: str, port: int) -> list[str]:
    found = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in found]


def clean_url(url: str) -> str:
    """The URL as kept, or ``Invalid``: http or https, a host, no credentials, no fragment."""
    text = url.strip()
    if len(text) > MAX_URL_LENGTH:
        raise Invalid.field("url", f"a URL has at most {MAX_URL_LENGTH} characters")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise Invalid.field("url", "not a URL") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Invalid.field("url", "a webhook URL is http:// or https:// with a host")
    if parts.username or parts.password:
        raise Invalid.field("url", "a webhook URL carries no user or password")
    if parts.fragment or "\x00" in text or any(c.isspace() for c in text) or port == 0:
        raise Invalid.field("url", "a webhook URL has no fragment, no spaces and a real port")
    return text


def _private(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


async def public_addresses(
    host: str, port: int, resolve: Resolver = system_resolver, *, allow_private: bool = False
) -> list[str]:
    """The addresses ``host`` resolves to, or ``Invalid`` when it resolves to none, or to a
    private one (all of them must be public: a client may try any) unless ``allow_private``."""
    try:
        found = list(dict.fromkeys(await resolve(host, port)))
    except (OSError, UnicodeError):
        raise Invalid.field("url", f"the host {host} cannot be resolved") from None
    if not found:
        raise Invalid.field("url", f"the host {host} cannot be resolved")
    if not allow_private and any(_private(address) for address in found):
        message = (
            f"the host {host} is a private or loopback address; the server's operator can allow"
            " such receivers (CONTACTHUB_WEBHOOK_ALLOW_PRIVATE=true)"
        )
        raise Invalid(message, fields={"url": [message]}, code="private_address")
    return found


async def refuse_private(
    url: str, *, allow_private: bool, resolve: Resolver = system_resolver
) -> None:
    """``Invalid`` unless every address the URL's host resolves to is public (or allowed)."""
    if allow_private:
        return
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    await public_addresses(parts.hostname or "", port, resolve)
