"""Integer ids in native paths (``/tags/{tag_id:int}``...) that no row can have.

Litestar parses ``{x:int}`` into a Python int of any size; the databases store 64-bit ids. An id
past that range used to reach the driver: a 500 on SQLite (``OverflowError``), a 422 quoting
asyncpg ("invalid input for query argument $2 ...") on PostgreSQL. No record has such an id, in
any organization, so the answer is the 404 of an id that does not exist, before any query.
It runs before authentication (a ``before_request`` hook): the answer tells nothing about any
organization either way.
"""

from __future__ import annotations

from contacthub.core.ids import storable
from contacthub.dialects.http import AnyRequest
from contacthub.errors import NotFound


async def refuse_impossible_ids(request: AnyRequest) -> None:
    for name, value in request.path_params.items():
        if isinstance(value, int) and not storable(value):
            raise NotFound(f"{name} {value} does not exist")
