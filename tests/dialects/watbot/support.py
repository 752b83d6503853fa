"""Calling Watbot methods the ways its clients do: every parameter transport, every verb."""

from __future__ import annotations

import json
from typing import Any

import httpx

URL = "/api/v1"
# How the parameters travel (the token with them, as clients send it).
TRANSPORTS = ["query", "form", "multipart", "json", "json-get", "bearer"]
Value = str | int | list[str]


def _pairs(params: dict[str, Value]) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        if isinstance(value, list):
            pairs.extend((f"{key}[]", item) for item in value)
        else:
            pairs.append((key, str(value)))
    return pairs


async def call(
    client: httpx.AsyncClient,
    method: str,
    token: str | None,
    params: dict[str, Value] | None = None,
    *,
    transport: str = "query",
    verb: str | None = None,
) -> httpx.Response:
    """``method`` with ``params`` sent by ``transport``; ``verb`` overrides the usual one."""
    params = dict(params or {})
    url = f"{URL}/{method}"
    headers = {"Accept": "application/json"}
    with_token = params if token is None else {"api_token": token, **params}
    if transport == "query":
        return await client.request(verb or "GET", url, params=_pairs(with_token), headers=headers)
    if transport == "form":
        return await client.request(
            verb or "POST",
            url,
            params={} if token is None else {"api_token": token},
            content=str(httpx.QueryParams(_pairs(params))).encode(),
            headers={**headers, "Content-Type": "application/x-www-form-urlencoded"},
        )
    if transport == "multipart":
        fields = [(key, (None, value)) for key, value in _pairs(with_token)]
        return await client.request(verb or "POST", url, files=fields, headers=headers)
    if transport in ("json", "json-get"):
        default = "GET" if transport == "json-get" else "POST"
        return await client.request(
            verb or default,
            url,
            content=json.dumps(with_token).encode(),
            headers={**headers, "Content-Type": "application/json"},
        )
    if transport == "bearer":
        auth = {} if token is None else {"Authorization": f"Bearer {token}"}
        return await client.request(verb or "POST", url, json=params, headers={**headers, **auth})
    raise AssertionError(f"unknown transport {transport}")


def data(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()["data"]


def invalid(response: httpx.Response) -> dict[str, list[str]]:
    """The ``errors`` of a Laravel 422 answer."""
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["message"] == "The given data was invalid."
    errors: dict[str, list[str]] = body["errors"]
    return errors
