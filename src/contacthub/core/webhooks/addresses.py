"""Where a webhook may point: http(s) URLs whose host is a public address.

A receiver on a private, loopback, link-local or otherwise reserved address would let an API
client make the server call into its own network (SSRF). Refused unless the operator allows it
(``CONTACTHUB_WEBHOOK_ALLOW_PRIVATE=true``: tests, self-hosted setups). Checked at creation and
again before every delivery (a name may resolve elsewhere later).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

from contacthub.errors import Invalid

MAX_URL_LENGTH = 2000


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


async def refuse_private(url: str, *, allow_private: bool) -> None:
    """``Invalid`` unless every address the URL's host resolves to is public (or allowed)."""
    if allow_private:
        return
    host = urlsplit(url).hostname or ""
    try:
        found = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise Invalid.field("url", f"the host {host} cannot be resolved") from None
    if not found or any(_private(str(info[4][0])) for info in found):
        message = (
            f"the host {host} is a private or loopback address; the server's operator can allow"
            " such receivers (CONTACTHUB_WEBHOOK_ALLOW_PRIVATE=true)"
        )
        raise Invalid(message, fields={"url": [message]}, code="private_address")
