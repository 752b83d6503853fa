"""Security headers on every answer, whichever lane or dialect produced it.

    client -> Observability -> [SecurityHeaders] -> Litestar -> dialect
                    └─ hot lane (its answers carry API_HEADERS, prebuilt, in the same order)

It sits outside Litestar's router, so the unrouted 404/405s and Litestar's own pages get the same
headers as every routed answer. A header the answer already sets is left as it is.

    X-Content-Type-Options: nosniff   a JSON answer is never sniffed into HTML or script
    X-Frame-Options: DENY             no page of ours in anybody's frame (old browsers) ...
    Content-Security-Policy           ... and ``frame-ancestors 'none'`` (new ones). API answers
                                      load nothing; /docs loads Swagger UI from this server,
                                      /ui/ its own stylesheet and script
    Referrer-Policy: no-referrer      URLs carry ``api_key``/``api_token`` for two vendors
    Cache-Control: no-store           answers hold contacts and tokens: no shared cache keeps them
"""

from __future__ import annotations

from collections.abc import Iterable

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

# Swagger UI (litestar's SwaggerRenderPlugin, contacthub.api_docs) loads its bundle, CSS and icon
# from this server, runs an inline script that starts it, styles with inline styles, draws icons
# as data: images and calls this server for "Try it out". Nothing comes from another origin: the
# page works on a closed network, and a third party's script never runs beside an API token.
DOCS_POLICY = (
    "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline';"
    " img-src 'self' data:; font-src 'self' data:; connect-src 'self';"
    " frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
# The web interface (contacthub.ui) loads its own stylesheet and script from /ui/static, has no
# inline script or style, posts its forms and its search-as-you-type requests to this server.
UI_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
    " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
UI_PREFIX = "/ui/"
API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
DOCS_PATHS = frozenset({"/docs", "/oauth2-redirect.html"})

_COMMON = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
)
API_HEADERS = (*_COMMON, (b"content-security-policy", API_POLICY.encode()))
DOCS_HEADERS = (*_COMMON, (b"content-security-policy", DOCS_POLICY.encode()))
UI_HEADERS = (*_COMMON, (b"content-security-policy", UI_POLICY.encode()))
NAMES = frozenset(name for name, _ in API_HEADERS)


def with_security_headers(
    headers: Iterable[tuple[bytes, bytes]], path: str
) -> list[tuple[bytes, bytes]]:
    """``headers`` plus each security header they do not set already."""
    extra: tuple[tuple[bytes, bytes], ...] = API_HEADERS
    if path in DOCS_PATHS:
        extra = DOCS_HEADERS
    elif path.startswith(UI_PREFIX):
        extra = UI_HEADERS
    headers = list(headers)
    for name, _ in headers:
        if name.lower() in NAMES:  # rare: an answer that sets one of them itself
            present = {bytes(name).lower() for name, _ in headers}
            return [*headers, *(header for header in extra if header[0] not in present)]
    return [*headers, *extra]


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        path = scope["path"]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = with_security_headers(message.get("headers", ()), path)
            await send(message)

        await self.app(scope, receive, send_with_headers)
