"""The control API's client: a server (URL + admin token) and the organizations made on it."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode


class ContacthubError(RuntimeError):
    """The control API refused a call: its status and problem document."""

    def __init__(self, status: int, body: str) -> None:
        super().__init__(f"contacthub answered {status}: {body}")
        self.status = status
        self.body = body


@dataclass(frozen=True)
class ContacthubServer:
    url: str
    admin_token: str

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        content: bytes | None = None,
        content_type: str = "application/json",
    ) -> Any:
        """One control API call; the decoded JSON answer (None for 204)."""
        data = content if content is not None else None
        if body is not None:
            data = json.dumps(body).encode()
        request = urllib.request.Request(  # noqa: S310 (the URL is the suite's own server)
            self.url.rstrip("/") + path, data=data, method=method
        )
        request.add_header("Authorization", f"Bearer {self.admin_token}")
        if data is not None:
            request.add_header("Content-Type", content_type)
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
                raw = answer.read()
        except urllib.error.HTTPError as error:
            raise ContacthubError(error.code, error.read().decode(errors="replace")) from None
        return json.loads(raw) if raw else None

    def create_org(self, name: str = "test") -> ContacthubOrg:
        """A new organization with an API token."""
        created = self.call("POST", "/_contacthub/orgs", {"name": name})
        return ContacthubOrg(self, created["id"], created["api_token"], created["name"])

    def unowned_requests(self, **filters: Any) -> list[dict[str, Any]]:
        """Journaled requests whose credential named no organization, newest first."""
        query = urlencode({k: v for k, v in filters.items() if v is not None})
        items: list[dict[str, Any]] = self.call("GET", f"/_contacthub/requests?{query}")["items"]
        return items


@dataclass(frozen=True)
class ContacthubOrg:
    server: ContacthubServer
    id: int
    token: str
    name: str

    @property
    def url(self) -> str:
        """The server's base URL (every dialect is served under it, on its vendor's paths)."""
        return self.server.url

    def _path(self, rest: str = "") -> str:
        return f"/_contacthub/orgs/{self.id}{rest}"

    def seed(self, document: dict[str, Any] | str) -> dict[str, int]:
        """Load a seed document (a dict, or YAML text); how many records of each kind it made."""
        if isinstance(document, str):
            made = self.server.call(
                "POST",
                self._path("/seed"),
                content=document.encode(),
                content_type="application/yaml",
            )
        else:
            made = self.server.call("POST", self._path("/seed"), document)
        return dict(made)

    def requests(self, **filters: Any) -> list[dict[str, Any]]:
        """The journal, newest first; filters: dialect, method, path (prefix), status, since,
        limit."""
        query = urlencode({k: v for k, v in filters.items() if v is not None})
        items: list[dict[str, Any]] = self.server.call("GET", self._path(f"/requests?{query}"))[
            "items"
        ]
        return items

    def clear_requests(self) -> None:
        self.server.call("DELETE", self._path("/requests"))

    def fault(self, **rule: Any) -> dict[str, Any]:
        """A fault: dialect, method, path (prefix), status, delay_ms, times, probability, seed,
        drop. Answers it with its id."""
        made: dict[str, Any] = self.server.call("POST", self._path("/faults"), rule)
        return made

    def clear_faults(self) -> None:
        self.server.call("DELETE", self._path("/faults"))

    def limit(self, dialect: str, per_second: int) -> dict[str, Any]:
        """The vendor's 429 past ``per_second`` requests a second to ``dialect``."""
        made: dict[str, Any] = self.server.call(
            "POST", self._path("/limits"), {"dialect": dialect, "per_second": per_second}
        )
        return made

    def reset(self) -> None:
        """Remove the organization's data, journal, faults and limits; the token keeps working."""
        self.server.call("POST", self._path("/reset"))

    def delete(self) -> None:
        self.server.call("DELETE", self._path())
