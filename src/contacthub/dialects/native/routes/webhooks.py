"""/webhooks: where the organization's events are pushed, and each event's delivery there."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, JSONBody
from msgspec import UnsetType

from contacthub.core.pagination import check_limit, decode_cursor, encode_cursor
from contacthub.core.scope import Scope
from contacthub.core.webhooks import deliveries, endpoints
from contacthub.dialects.http import AnyRequest, HubDep, PrincipalDep
from contacthub.dialects.native.mapping import same_fields
from contacthub.dialects.native.openapi import in_query
from contacthub.dialects.native.routes.paging import Cursor, Limit, read_page
from contacthub.dialects.native.webhook_schemas import (
    DeliveryOut,
    DeliveryPage,
    WebhookCreated,
    WebhookIn,
    WebhookOut,
    WebhookPage,
    WebhookPatch,
)


def _allow_private(request: AnyRequest) -> bool:
    return bool(request.app.state["settings"].webhook_allow_private)


def _out(hook: endpoints.Webhook) -> WebhookOut:
    return same_fields(hook, WebhookOut)


class WebhookController(Controller):
    path = "/webhooks"
    tags = ["webhooks"]

    @post("/")
    async def create_webhook(
        self,
        request: AnyRequest,
        hub: HubDep,
        principal: PrincipalDep,
        data: JSONBody[WebhookIn],
    ) -> WebhookCreated:
        """Add a receiver (http(s); no private address unless the operator allows it); the
        secret is in this answer only."""
        async with hub.writing(principal) as s:
            made = await endpoints.create_webhook(
                s,
                data.url,
                list(data.events),
                secret=None if isinstance(data.secret, UnsetType) else data.secret,
                enabled=data.enabled,
                allow_private=_allow_private(request),
            )
        return same_fields(made.webhook, WebhookCreated, secret=made.secret)

    @get("/")
    async def list_webhooks(
        self, hub: HubDep, principal: PrincipalDep, limit: Limit = None, cursor: Cursor = None
    ) -> WebhookPage:
        """List the receivers by id (never their secrets)."""

        async def fetch(s: Scope, after: int, size: int) -> list[endpoints.Webhook]:
            return await endpoints.list_webhooks(s, after=after, limit=size)

        page = await read_page(hub, principal.org_id, fetch, limit, cursor)
        return WebhookPage(items=[_out(h) for h in page.items], next_cursor=page.next_cursor)

    @get("/{webhook_id:int}")
    async def get_webhook(
        self, hub: HubDep, principal: PrincipalDep, webhook_id: FromPath[int]
    ) -> WebhookOut:
        """Read one receiver."""
        async with hub.reading(principal.org_id) as s:
            return _out(await endpoints.get_webhook(s, webhook_id))

    @patch("/{webhook_id:int}")
    async def update_webhook(
        self,
        request: AnyRequest,
        hub: HubDep,
        principal: PrincipalDep,
        webhook_id: FromPath[int],
        data: JSONBody[WebhookPatch],
    ) -> WebhookOut:
        """Change a receiver's URL, events, secret or whether it is enabled."""
        async with hub.writing(principal) as s:
            hook = await endpoints.update_webhook(
                s,
                webhook_id,
                url=None if isinstance(data.url, UnsetType) else data.url,
                events=None if isinstance(data.events, UnsetType) else data.events,
                secret=None if isinstance(data.secret, UnsetType) else data.secret,
                enabled=None if isinstance(data.enabled, UnsetType) else data.enabled,
                allow_private=_allow_private(request),
            )
        return _out(hook)

    @delete("/{webhook_id:int}")
    async def delete_webhook(
        self, hub: HubDep, principal: PrincipalDep, webhook_id: FromPath[int]
    ) -> None:
        """Delete a receiver and its deliveries."""
        async with hub.writing(principal) as s:
            await endpoints.delete_webhook(s, webhook_id)

    @get("/{webhook_id:int}/deliveries")
    async def list_deliveries(
        self,
        hub: HubDep,
        principal: PrincipalDep,
        webhook_id: FromPath[int],
        limit: Limit = None,
        cursor: Cursor = None,
        status: Annotated[
            str | None,
            in_query("string", "Only deliveries in this state", enum=list(deliveries.STATUSES)),
        ] = None,
    ) -> DeliveryPage:
        """A receiver's deliveries, newest first: status, attempts, the last answer or error."""
        size = check_limit(limit)
        before = None if cursor is None else decode_cursor(cursor)
        async with hub.reading(principal.org_id) as s:
            found = await deliveries.list_deliveries(
                s, webhook_id, before=before, limit=size + 1, status=status
            )
        items = found[:size]
        more = len(found) > size
        return DeliveryPage(
            items=[same_fields(d, DeliveryOut) for d in items],
            next_cursor=encode_cursor(items[-1].id) if more and items else None,
        )

    @post("/{webhook_id:int}/deliveries/{delivery_id:int}/redeliver", status_code=200)
    async def redeliver(
        self,
        hub: HubDep,
        principal: PrincipalDep,
        webhook_id: FromPath[int],
        delivery_id: FromPath[int],
    ) -> DeliveryOut:
        """Send a delivery again from its first try (a failed one, typically)."""
        async with hub.writing(principal) as s:
            return same_fields(await deliveries.redeliver(s, webhook_id, delivery_id), DeliveryOut)
