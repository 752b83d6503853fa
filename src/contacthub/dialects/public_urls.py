"""The absolute URLs contacthub writes into answers: ``Location`` headers, Watbot's page links.

    CONTACTHUB_PUBLIC_URL set ──────────────> that URL, whatever the request says
    else the request's Host (or, from a trusted proxy, X-Forwarded-Host/-Proto)
         in CONTACTHUB_ALLOWED_HOSTS ───────> http(s)://that host/
    else ───────────────────────────────────> the address the server listens on

The Host header is the client's to write: reflected as it came, ``Host: evil.example`` put
``http://evil.example/...`` into a ``Location`` that a client follows, or into a page link that
a cache or log keeps (cache poisoning, password-reset-style link hijack). A forwarded header is
read only from a proxy the operator named; anybody else could send one.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from litestar.types import Scope

from contacthub.config import Settings

_Network = ipaddress.IPv4Network | ipaddress.IPv6Network
_EVERY_INTERFACE = frozenset({str(ipaddress.IPv4Address(0)), str(ipaddress.IPv6Address(0))})


def _host_name(host: str) -> str:
    """``Example.COM:8000`` -> ``example.com``; ``[::1]:8000`` -> ``::1``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else ""
    return host.rpartition(":")[0] if host.count(":") == 1 else host


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


@dataclass(frozen=True, slots=True)
class UrlPolicy:
    public_url: str | None  # ends with "/"
    allowed_hosts: tuple[str, ...]  # host names, "*.example.com" or "*"
    trusted_proxies: tuple[_Network, ...]

    @classmethod
    def from_settings(cls, settings: Settings) -> UrlPolicy:
        public = settings.public_url.rstrip("/") + "/" if settings.public_url else None
        return cls(
            public_url=public,
            allowed_hosts=tuple(host.strip().lower() for host in settings.allowed_hosts),
            trusted_proxies=tuple(
                ipaddress.ip_network(proxy, strict=False) for proxy in settings.trusted_proxies
            ),
        )

    def allows(self, host: str) -> bool:
        name = _host_name(host)
        if not name:
            return False
        return any(
            allowed == "*"
            or name == allowed
            or (allowed.startswith("*.") and name.endswith(allowed[1:]))
            for allowed in self.allowed_hosts
        )

    def _from_trusted_proxy(self, scope: Scope) -> bool:
        client = scope.get("client")
        if not self.trusted_proxies or not client:
            return False
        try:
            address = ipaddress.ip_address(client[0])
        except ValueError:
            return False
        return any(address in network for network in self.trusted_proxies)

    def base_url(self, scope: Scope) -> str:
        """``scheme://host/`` (with the app's root path) for absolute URLs in this answer."""
        if self.public_url is not None:
            return self.public_url
        scheme = str(scope.get("scheme", "http"))
        host = _header(scope, b"host")
        if self._from_trusted_proxy(scope):
            proto = _header(scope, b"x-forwarded-proto")
            if proto is not None and proto.strip().lower() in ("http", "https"):
                scheme = proto.strip().lower()
            host = _last(_header(scope, b"x-forwarded-host")) or host
        if host is None or not self.allows(host) or not _plain_host(host):
            host = _server_address(scope)
        root = str(scope.get("app_root_path") or scope.get("root_path", "")).rstrip("/")
        return f"{scheme}://{host.strip()}{root}/"


def _last(value: str | None) -> str | None:
    """The proxy nearest to us appends last: ``a, b`` -> ``b``."""
    if value is None:
        return None
    return value.rsplit(",", 1)[-1].strip() or None


def _plain_host(host: str) -> bool:
    # A host with a path, credentials or spaces would still build a URL elsewhere.
    return not any(character in host for character in "/\\@?# \t")


def _server_address(scope: Scope) -> str:
    server = scope.get("server")
    if not server:
        return "localhost"
    address, port = server[0], server[1]
    if address in _EVERY_INTERFACE:  # listening on all of them: none is "the" address
        address = "localhost"
    shown = f"[{address}]" if ":" in str(address) else str(address)
    return shown if port is None else f"{shown}:{port}"
