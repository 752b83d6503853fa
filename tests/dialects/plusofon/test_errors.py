"""Missing lists, unrouted paths, oversized bodies, and the error table itself."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import httpx
import msgspec
import pytest
from httpx import AsyncClient as Client

from contacthub.app import create_app
from contacthub.config import Settings
from contacthub.core.scope import Hub
from contacthub.dialects.error_tables import ErrorAnswer, ErrorRequest
from contacthub.dialects.plusofon import schemas as wire
from contacthub.dialects.plusofon.errors import render
from contacthub.errors import ALL_ERRORS, Forbidden, HubError, Invalid, RateLimited, Unavailable
from tests.dialects.plusofon.support import URL, headers
from tests.factories import Org, make_list

NOT_FOUND = {"success": False, "error": "Список контактов не найден"}
BODY = {"name": "L", "type": "black", "contacts": [{"name": "A", "phones": ["79161111111"]}]}


@pytest.mark.parametrize(
    "list_id", ["999", "0", "abc", "1.5", "-1", "1e3", "99999999999999999999", "%D1%8F"]
)
async def test_a_list_that_does_not_exist(client: Client, org: Org, list_id: str) -> None:
    await make_list(org, "L", "black", {"A": ["79162222222"]})
    for method in ("GET", "PUT", "DELETE"):
        answer = await client.request(method, f"{URL}/{list_id}", json=BODY, headers=headers(org))
        assert answer.status_code == 404, (method, answer.text)
        assert answer.json() == NOT_FOUND
    assert (await client.get(URL, headers=headers(org))).json()["total"] == 1


async def test_an_unrouted_path_answers_in_the_vendor_envelope(client: Client, org: Org) -> None:
    answer = await client.get(f"{URL}/1/contacts", headers=headers(org))
    assert answer.status_code == 404
    assert answer.json() == {"success": False, "error": f"Нет метода GET {URL}/1/contacts"}


@pytest.mark.parametrize(("method", "path"), [("PATCH", f"{URL}/1"), ("POST", f"{URL}/types")])
async def test_a_method_the_vendor_does_not_have(
    client: Client, org: Org, method: str, path: str
) -> None:
    answer = await client.request(method, path, json=BODY, headers=headers(org))
    assert answer.status_code == 405
    assert answer.json() == {
        "success": False,
        "message": f"Метод {method} не поддерживается для {path}",
    }
    assert "GET" in answer.headers["allow"]


@pytest.fixture
async def small_body_client(settings: Settings, hub: Hub) -> AsyncIterator[Client]:
    small = settings.model_copy(update={"max_body_bytes": 1024})
    transport = httpx.ASGITransport(app=create_app(small, hub=hub))
    async with httpx.AsyncClient(transport=transport, base_url="http://contacthub.test") as http:
        yield http


async def test_a_body_over_the_limit(small_body_client: Client, org: Org) -> None:
    contacts = [{"name": f"Контакт {i}", "phones": ["79161111111"]} for i in range(40)]
    answer = await small_body_client.post(
        URL, json={"name": "L", "type": "black", "contacts": contacts}, headers=headers(org)
    )
    assert answer.status_code == 413
    assert answer.json() == {"success": False, "message": "Тело запроса слишком велико"}


class _Answer:
    """An error's answer, its body decoded as Plusofon's failure."""

    def __init__(self, answer: ErrorAnswer) -> None:
        self.status = answer.status
        self.body = msgspec.json.decode(answer.body, type=wire.Failure)


def _rendered(error: Exception) -> _Answer:
    return _Answer(render(ErrorRequest("GET", URL), error))


@pytest.mark.parametrize("error_class", ALL_ERRORS)
def test_every_core_error_has_an_answer_that_blames_no_client_with_5xx(
    error_class: type[HubError],
) -> None:
    error = RateLimited("slow down", retry_after=7) if error_class is RateLimited else None
    error = error or error_class("what happened")
    answer = _rendered(error)
    body = answer.body
    assert body.success is False
    assert (body.message or body.error) is not None
    if error_class is Unavailable:
        assert answer.status == 503  # the database: a fault of the server, not the client
    else:
        assert 400 <= answer.status < 500


def test_forbidden_says_no_rights() -> None:
    answer = _rendered(Forbidden("admins only"))
    assert answer.status == 403
    assert answer.body.message == "Недостаточно прав"


def test_a_bug_is_a_logged_500(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("contacthub.plusofon")
    logger.addHandler(caplog.handler)
    try:
        answer = _rendered(RuntimeError("boom"))
    finally:
        logger.removeHandler(caplog.handler)
    assert answer.status == 500
    assert answer.body.message == "Внутренняя ошибка сервера; она записана в журнал"
    assert "RuntimeError: boom" in caplog.text


def test_validation_errors_keep_their_fields() -> None:
    error = Invalid("Поле name обязательно.", fields={"name": ["Поле name обязательно."]})
    answer = _rendered(error)
    assert answer.status == 400
    assert answer.body.errors == {"name": ["Поле name обязательно."]}
