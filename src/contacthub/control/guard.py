"""The admin token's check, and the control API's errors (RFC 9457, as the native API's)."""

from __future__ import annotations

import hmac
from typing import Any, cast

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from contacthub.config import Settings
from contacthub.dialects.http import bearer_credential
from contacthub.errors import Unauthorized


async def admin_only(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """Let through only ``Authorization: Bearer <CONTACTHUB_ADMIN_TOKEN>``."""
    settings = cast(Settings, connection.app.state.settings)
    expected = settings.admin_token
    given = bearer_credential(connection.headers.get("authorization"))
    # The app mounts these routes only when the token is set; compared in constant time.
    if (
        expected is None
        or given is None
        or not hmac.compare_digest(given.encode(), expected.get_secret_value().encode())
    ):
        raise Unauthorized("the control API needs Authorization: Bearer <admin token>")
