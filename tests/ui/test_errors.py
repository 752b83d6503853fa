"""Every domain error has its page and status in the web interface, and none is a 5xx."""

from __future__ import annotations

import re

import httpx

from contacthub.errors import ALL_ERRORS, Unavailable
from contacthub.ui.errors import TITLES, status_of


def test_every_hub_error_has_a_status_and_a_title() -> None:
    for kind in ALL_ERRORS:
        error = kind("x", retry_after=1) if kind.__name__ == "RateLimited" else kind("x")  # type: ignore[call-arg]
        status = status_of(error)
        assert 400 <= status < 500 or kind is Unavailable, kind
        assert status in TITLES, kind


async def test_a_bad_filter_is_a_422_page_not_a_500(signed_in: httpx.AsyncClient) -> None:
    for query in ({"base_id": "abc"}, {"blocked": "maybe"}, {"cursor": "bogus"},
                  {"q": "x" * 201}, {"tag": "a\x00b"}, {"list_id": "9" * 30}):  # fmt: skip
        answer = await signed_in.get("/ui/contacts", params=query)
        assert answer.status_code == 422, (query, answer.text[:300])
        assert answer.headers["content-type"].startswith("text/html")
        assert 'role="alert"' in answer.text


async def test_every_page_carries_the_ui_policy(signed_in: httpx.AsyncClient) -> None:
    for url in ("/ui/contacts", "/ui/login", "/ui/static/ui.css", "/ui/contacts/999"):
        answer = await signed_in.get(url)
        policy = answer.headers["content-security-policy"]
        assert "script-src 'self';" in policy, url
        assert "'unsafe-inline'" not in policy, url
        assert "form-action 'self'" in policy, url
        assert answer.headers["x-frame-options"] == "DENY"
    page = await signed_in.get("/ui/contacts")
    assert "<script>" not in page.text  # no inline script: the policy would refuse it
    assert " style=" not in page.text


async def test_pages_are_counted_as_the_web_interfaces(browser: httpx.AsyncClient) -> None:
    await browser.get("/ui/login")
    metrics = (await browser.get("/metrics")).text
    assert re.search(
        r'contacthub_requests_total\{dialect="ui",method="GET",status="200"\}', metrics
    )
