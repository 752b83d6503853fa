"""The ceilings: bare Starlette endpoints under the same uvicorn (httptools, uvloop, no access log).

    BENCH_BARE=fixed     GET /contacts/{id} -> a fixed small JSON object (no database)
    BENCH_BARE=asyncpg   GET /contacts/{id} -> contacthub's two statements for a contact (its row;
                         its phones, tags and field values) by raw asyncpg (BENCH_DSN, BENCH_ORG)

Run: ``uvicorn bench.bare:app --http httptools`` (the benchmark starts it pinned to core 0).
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

FIXED = {"id": 1, "name": "Иван Иванов", "phones": [{"number": "+79161234567"}], "tags": []}
_pool: Any = None
_ORG = int(os.environ.get("BENCH_ORG", "1"))


async def fixed(request: Request) -> Response:
    return JSONResponse(FIXED)


# contacthub's own two statements for GET /contacts/{id} (core.contacts.reads), so that the
# comparison is of everything around the database, not of the queries.
_CONTACT = (
    "SELECT c.id, c.uuid, c.name, c.email, c.address, c.description, c.www, c.external_code,"
    " c.base_id, c.bot_id, c.messenger, c.telegram_id, c.telegram_username, c.viber_id, c.vk_id,"
    " c.utm_source, c.utm_medium, c.utm_campaign, c.utm_term, c.utm_content,"
    " c.created_at, c.updated_at FROM contacts c"
    " WHERE c.org_id = $1 AND c.deleted_at IS NULL AND c.id = $2"
)
_EXTRAS = (
    "SELECT 0 AS kind, p.position AS n, p.raw AS a, p.e164 AS b, p.remark AS c"
    " FROM contact_phones p WHERE p.org_id = $1 AND p.contact_id = $2"
    " UNION ALL SELECT 1, 0, t.name, NULL, NULL FROM contact_tags ct JOIN tags t"
    " ON t.id = ct.tag_id WHERE ct.org_id = $1 AND ct.contact_id = $2"
    " UNION ALL SELECT 2, f.id, f.name, v.value, NULL FROM field_values v JOIN custom_fields f"
    " ON f.id = v.field_id WHERE v.org_id = $1 AND v.contact_id = $2 ORDER BY 1, 2, 3"
)


async def lookup(request: Request) -> Response:
    contact_id = int(request.path_params["id"])
    async with _pool.acquire() as conn:
        row = await conn.fetchrow(_CONTACT, _ORG, contact_id)
        if row is None:
            return JSONResponse({"detail": "not found"}, status_code=404)
        extras = await conn.fetch(_EXTRAS, _ORG, contact_id)
    body = dict(row)
    body["uuid"] = str(body["uuid"])
    body["created_at"] = body["created_at"].isoformat()
    body["updated_at"] = body["updated_at"].isoformat()
    body["phones"] = [
        {"number": e["a"], "e164": e["b"], "remark": e["c"]} for e in extras if e[0] == 0
    ]
    body["tags"] = [e["a"] for e in extras if e[0] == 1]
    body["fields"] = {e["a"]: e["b"] for e in extras if e[0] == 2}
    return Response(json.dumps(body, ensure_ascii=False), media_type="application/json")


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    global _pool
    if os.environ.get("BENCH_BARE") == "asyncpg":
        _pool = await asyncpg.create_pool(os.environ["BENCH_DSN"], min_size=1, max_size=10)
    yield
    if _pool is not None:
        await _pool.close()


handler = lookup if os.environ.get("BENCH_BARE") == "asyncpg" else fixed
app = Starlette(routes=[Route("/contacts/{id:int}", handler)], lifespan=lifespan)
