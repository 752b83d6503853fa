"""CONTRIBUTING.md's golden-case step, held: every handler of a vendor's dialect is reached by at
least one request of its golden cases (``tests/dialects/<vendor>/golden/``), or is listed in
``EXEMPT`` with the reason it has none.

The golden requests are read from the data files as their tests read them: the exchanges of the
JSON cases (``{"request": {"method", "path"}}``), TWIN's seed curl commands (``cases[].curl``)
and Plusofon's ``*.curl.sh``; each is routed by the app's own router to its handler.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from litestar import Litestar
from litestar.exceptions import HTTPException
from litestar.utils import normalize_path

from contacthub.app import create_app, default_dialects
from contacthub.config import Settings
from contacthub.core.scope import Hub
from contacthub.dialects import Dialect

DIALECTS = Path(__file__).parent
VENDORS = [dialect for dialect in default_dialects() if dialect.name != "native"]
# The native API is contacthub's own: no vendor document to copy a case from. Its wire is held
# by /openapi.json and the conformance run against it (tests/reliability/).
EXEMPT: dict[tuple[str, str], str] = {
    ("obzvonilka", "contacts_by_phone"): "VENDORS.md names GET /api/report/contacts without an "
    "example exchange; tests/dialects/obzvonilka/test_cross_dialect.py and test_auth.py",
    ("twin", "login"): "the IAM login is in VENDORS.md without an example; "
    "tests/dialects/twin/test_auth.py and test_sdk_sessions.py (the SDK's own calls)",
    ("twin", "refresh"): "as the login: tests/dialects/twin/test_auth.py, test_sdk_sessions.py",
    ("plusofon", "login"): "VENDORS.md names POST /api/v1/login without an example exchange; "
    "tests/dialects/plusofon/test_login.py",
    ("watbot", "get_me"): "VENDORS.md names GET /api/v1/getMe without an example exchange; "
    "tests/dialects/watbot/test_auth_and_errors.py",
}
# Litestar's own OPTIONS handler of every path: no handler of the dialect's.
_AUTOMATIC = frozenset({"options_handler"})
_DATA_FLAGS = frozenset({"-d", "--data", "--data-raw", "--data-binary", "--data-urlencode", "-F"})


def curl_request(command: str) -> tuple[str, str]:
    """(method, path) of a curl command as the vendor's document prints it."""
    # Continuation backslashes, kept as "\\\n" in shell files and "\\ " once folded into JSON.
    words = shlex.split(command.replace("\\\n", " ").replace("\\ ", " "))
    method = next((words[i + 1] for i, w in enumerate(words) if w in ("-X", "--request")), None)
    url = next(word for word in words if word.startswith(("http://", "https://")))
    data = any(word in _DATA_FLAGS for word in words)
    return method or ("POST" if data else "GET"), httpx.URL(url).path


def golden_requests(dialect: str) -> Iterator[tuple[str, str]]:
    """(method, path) of every request of a dialect's golden cases."""
    folder = DIALECTS / dialect / "golden"
    for path in sorted(folder.glob("*.json")):
        document = json.loads(path.read_text("utf-8"))
        if not isinstance(document, dict):
            continue  # an example answer (Plusofon's *.response.json)
        for exchange in document.get("exchanges", []):
            yield exchange["request"]["method"], exchange["request"]["path"]
        for case in document.get("cases", []):
            yield curl_request(case["curl"])
    for path in sorted(folder.glob("*.curl.sh")):
        yield curl_request(path.read_text("utf-8"))


def handlers_of(dialect: Dialect) -> set[str]:
    names = set()
    for route in dialect.router.routes:
        for handler in getattr(route, "route_handlers", ()):
            names.add(handler.handler_name)
    return names - _AUTOMATIC


def reached(app: Litestar, dialect: str) -> set[str]:
    """The handlers a dialect's golden requests are routed to (placeholders such as ``{client}``
    stand for an id; a case that expects a 404 or 405 reaches no handler)."""
    found = set()
    for method, path in golden_requests(dialect):
        concrete = normalize_path(re.sub(r"\{[^}]*\}", "1", path))
        try:
            _, handler, _, _, _ = app.asgi_router.handle_routing(concrete, method)
        except HTTPException:
            continue
        found.add(handler.handler_name)
    return found


@pytest.fixture
def routed_app(settings: Settings, hub: Hub) -> Litestar:
    return create_app(settings, hub=hub)


@pytest.mark.parametrize("dialect", VENDORS, ids=lambda d: d.name)
def test_every_handler_has_a_golden_case_or_a_reason(
    routed_app: Litestar, dialect: Dialect
) -> None:
    exempt = {name for (owner, name) in EXEMPT if owner == dialect.name}
    assert sum(1 for _ in golden_requests(dialect.name)) > 0
    missing = handlers_of(dialect) - reached(routed_app, dialect.name) - exempt
    assert not missing, f"{dialect.name}: no golden case reaches {sorted(missing)}"


@pytest.mark.parametrize("dialect", VENDORS, ids=lambda d: d.name)
def test_an_exemption_is_still_needed(routed_app: Litestar, dialect: Dialect) -> None:
    """An exempt handler that has since got a golden case (or is gone) leaves the list."""
    exempt = {name for (owner, name) in EXEMPT if owner == dialect.name}
    assert exempt <= handlers_of(dialect)
    assert not exempt & reached(routed_app, dialect.name)


def test_a_folded_curl_command_reads_as_the_shell_does() -> None:
    folded = "curl --location 'https://x.test/api/v1/clients/attributes' \\ --data '{\"a\":1}'"
    assert curl_request(folded) == ("POST", "/api/v1/clients/attributes")
    printed = 'curl -X PUT \\\n-G "https://x.test/api/v1/contact-lists/15" \\\n-H "Client: 1"'
    assert curl_request(printed) == ("PUT", "/api/v1/contact-lists/15")
