"""Credentials out of what the journal keeps: headers, query strings and bodies (JSON or form).

A journal is shown to whoever holds the admin token, and is pasted into bug reports: it keeps
that a credential was sent, never the credential. Three rules, applied in this order:

- by name: a header (Authorization, X-API-KEY, Cookie...) or a parameter/JSON key that names a
  secret (api_token, api_key, password, access_token, refresh_token, token...) -> "[redacted]";
- by shape, anywhere in the text: a contacthub API token (``chk_...``) and a JWT (three
  base64url parts, the first starting ``eyJ``) -> "[redacted]";
- bodies are cut at the journal's cap after redaction (so a cut never leaves half a secret).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl, urlencode

import msgspec

REDACTED = "[redacted]"
SECRET_HEADERS = frozenset(
    {"authorization", "x-api-key", "cookie", "set-cookie", "proxy-authorization"}
)
_SECRET_KEY = re.compile(r"(?i)(pass(word)?|secret|token|api_?key|authorization)")
_SECRET_SHAPES = re.compile(
    r"chk_[A-Za-z0-9_\-]{8,}|eyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*"
)


def secret_key(name: str) -> bool:
    """Whether a parameter or JSON key names a credential."""
    return _SECRET_KEY.search(name) is not None


def text(value: str) -> str:
    """``value`` with every token-shaped part replaced."""
    return _SECRET_SHAPES.sub(REDACTED, value)


def headers(raw: Iterable[tuple[bytes, bytes]], cap: int) -> dict[str, str]:
    """The headers by (lower-case) name, redacted, until ``cap`` characters are kept (then one
    ``...`` entry says the rest was cut)."""
    kept: dict[str, str] = {}
    room = cap
    for name_bytes, value_bytes in raw:
        name = name_bytes.decode("latin-1").lower()
        value = REDACTED if name in SECRET_HEADERS else text(value_bytes.decode("latin-1"))
        room -= len(name) + len(value)
        if room < 0:
            kept["..."] = "[more headers cut]"
            break
        kept[name] = value
    return kept


def query(raw: str, cap: int | None = None) -> str:
    if not raw:
        return ""
    pairs = parse_qsl(raw, keep_blank_values=True)
    kept = (
        urlencode([(k, REDACTED if secret_key(k) else text(v)) for k, v in pairs])
        if pairs
        else text(raw)
    )
    return kept if cap is None or len(kept) <= cap else kept[:cap] + "...[cut]"


def _walk(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: REDACTED if isinstance(k, str) and secret_key(k) else _walk(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_walk(item) for item in value]
    if isinstance(value, str):
        return text(value)
    return value


def _clean(decoded: str) -> bool:
    """Whether a text has nothing that names or looks like a credential, nor an escape
    (``\\u0070assword``, ``%70assword``) that could hide one: kept as it is, unparsed."""
    return (
        "\\" not in decoded
        and "%" not in decoded
        and _SECRET_KEY.search(decoded) is None
        and _SECRET_SHAPES.search(decoded) is None
    )


def body(raw: bytes, content_type: str, cap: int) -> str:
    """A body as the journal keeps it: redacted JSON or form, else text; cut at ``cap``."""
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind.startswith("multipart/"):
        return f"[multipart body, {len(raw)} bytes]"
    decoded = raw.decode("utf-8", errors="replace")
    if _clean(decoded):
        kept = decoded
    elif kind.endswith("json") and raw:
        try:
            kept = msgspec.json.encode(_walk(msgspec.json.decode(raw))).decode()
        except msgspec.DecodeError:
            kept = text(decoded)
    elif kind == "application/x-www-form-urlencoded":
        kept = query(decoded)
    else:
        kept = text(decoded)
    if len(kept) > cap:
        return kept[:cap] + f"...[cut: {len(kept)} characters in all]"
    return kept
