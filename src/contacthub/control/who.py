"""Which organization a request is for, from whichever credential its dialect takes.

The control plane needs the organization before the app runs (a fault answers instead of it),
so it looks where the dialects look, all at once: ``Authorization`` (Bearer, or TWIN's bare
token), ``X-API-KEY``, the ``api_token``/``api_key`` parameters of the query and of a small form
or JSON body. A contacthub API token (``chk_...``) or a login session's JWT that the core
accepts names the organization; anything else names none (the request is journaled under none,
and the dialect answers it as it always does). The core's own checks decide: nothing here
trusts a credential the dialects would refuse.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from urllib.parse import parse_qsl

import msgspec

from contacthub.core import sessions, tokens
from contacthub.core.scope import Hub
from contacthub.core.sessions import SessionPolicy
from contacthub.errors import HubError

PARAMETERS = ("api_token", "api_key")


def _candidates(headers: Mapping[str, str], query: str, body: bytes, kind: str) -> Iterator[str]:
    authorization = headers.get("authorization", "").strip()
    if authorization:
        scheme, _, rest = authorization.partition(" ")
        yield rest.strip() if rest and scheme.lower() == "bearer" else authorization
    api_key = headers.get("x-api-key")
    if api_key:
        yield api_key.strip()
    for name, value in parse_qsl(query):
        if name in PARAMETERS:
            yield value.strip()
    if not body:
        return
    if kind == "application/x-www-form-urlencoded":
        for name, value in parse_qsl(body.decode("utf-8", errors="replace")):
            if name in PARAMETERS:
                yield value.strip()
    elif kind.endswith("json"):
        try:
            decoded = msgspec.json.decode(body)
        except msgspec.DecodeError:
            return
        if isinstance(decoded, dict):
            for name in PARAMETERS:
                found = decoded.get(name)
                if isinstance(found, str):
                    yield found.strip()


async def org_of(
    hub: Hub,
    policy: SessionPolicy,
    headers: Mapping[str, str],
    query: str,
    body: bytes,
    content_type: str,
) -> int | None:
    """The organization the request's first accepted credential names, or None."""
    kind = content_type.split(";", 1)[0].strip().lower()
    for candidate in _candidates(headers, query, body, kind):
        if not candidate:
            continue
        try:
            if candidate.startswith(tokens.TOKEN_PREFIX):
                return (await tokens.authenticate(hub, candidate)).org_id
            if candidate.count(".") == 2:
                return (await sessions.authenticate(hub, policy, candidate)).org_id
        except HubError:
            continue
    return None
