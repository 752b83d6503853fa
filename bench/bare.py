"""The ceilings: bare Starlette endpoints under the same uvicorn (httptools, uvloop, no access log).

    BENCH_BARE=fixed     GET /contacts/{id} -> a fixed small JSON object (no database)
    BENCH_BARE=asyncpg   GET /contacts/{id} -> the contact's row and its phones by raw asyncpg
                         (BENCH_DSN, BENCH_ORG), what contacthub's GET by id reads on PostgreSQL

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


async def lookup(request: Request) -> Response:
    contact_id = int(request.path_params["id"])
    async with _pool.acquire() as conn:
        row = await conn.fetchrow(
            "SELECT id, uuid, name, email, base_id, created_at, updated_at FROM contacts"
            " WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL",
            _ORG,
            contact_id,
        )
        if row is None:
            return JSONResponse({"detail": "not found"}, status_code=404)
        phones = await conn.fetch(
            "SELECT raw, e164, remark FROM contact_phones WHERE org_id = $1 AND contact_id = $2"
            " ORDER BY position",
            _ORG,
            contact_id,
        )
    body = {
        "id": row["id"],
        "uuid": str(row["uuid"]),
        "name": row["name"],
        "email": row["email"],
        "base_id": row["base_id"],
        "phones": [dict(phone) for phone in phones],
        "created_at": row["created_at"].isoformat(),
        "updated_at": row["updated_at"].isoformat(),
    }
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
