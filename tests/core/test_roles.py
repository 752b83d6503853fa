"""core.principal: what only an administrator may do, refused to a member in the core itself."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from contacthub.core import bases, bots, fields, lists, organizations, tags, tokens, users
from contacthub.core.contacts import erase
from contacthub.core.principal import AdminAction, Principal
from contacthub.core.scope import Hub, Scope
from contacthub.core.webhooks import deliveries, endpoints
from contacthub.errors import Forbidden
from tests.factories import (
    Org,
    make_base,
    make_bot,
    make_contact,
    make_list,
    make_token,
    make_user,
)

Act = Callable[[Scope], Awaitable[object]]


async def _acts(org: Org) -> dict[AdminAction, list[Act]]:
    """For each admin-only action, the core calls that do it (on records that exist)."""
    target = await make_user(org, "target@example.com")
    listed = await make_list(org)
    base = await make_base(org)
    bot = await make_bot(org)
    async with org.hub.writing(org.id) as s:
        field = await fields.create_field(s, "Город")
        tag = await tags.create_tag(s, "VIP")
        token = (await tokens.list_tokens(s))[0]
    await make_token(org)
    draft = users.UserDraft(email="new@example.com", password="long enough")
    person = await make_contact(org, "Стираемый")
    async with org.hub.writing(org.id) as s:
        hook = await endpoints.create_webhook(
            s, "https://93.184.216.34/h", ["*"], secret=None, enabled=True, allow_private=False
        )
    await make_contact(org, "Доставленный")  # a delivery to redeliver
    async with org.hub.reading(org.id) as s:
        [delivery] = await deliveries.list_deliveries(
            s, hook.webhook.id, before=None, limit=10, status=None
        )
    return {
        AdminAction.MANAGE_USERS: [
            lambda s: users.create_user(s, draft, "hash"),
            lambda s: users.update_user(s, target.id, users.UserDraft(name="Пётр")),
            lambda s: users.update_user(s, target.id, users.UserDraft(is_admin=True)),
            lambda s: users.delete_user(s, target.id),
        ],
        AdminAction.MANAGE_TOKENS: [
            lambda s: tokens.create_token(s, label="mine"),
            lambda s: tokens.revoke_token(s, token.id),
        ],
        AdminAction.DELETE_LISTS: [lambda s: lists.delete_list(s, listed.id)],
        AdminAction.DELETE_FIELDS: [lambda s: fields.delete_field(s, field.uuid)],
        AdminAction.DELETE_TAGS: [lambda s: tags.delete_tag(s, tag.id)],
        AdminAction.DELETE_BASES: [lambda s: bases.delete_base(s, base.id)],
        AdminAction.DELETE_BOTS: [lambda s: bots.delete_bot(s, bot.id)],
        AdminAction.ERASE_CONTACTS: [lambda s: erase.erase_contact(s, person.id)],
        AdminAction.MANAGE_WEBHOOKS: [
            lambda s: endpoints.create_webhook(
                s, "https://93.184.216.34/x", ["*"], secret=None, enabled=True, allow_private=False
            ),
            lambda s: endpoints.update_webhook(
                s,
                hook.webhook.id,
                url=None,
                events=None,
                secret=None,
                enabled=False,
                allow_private=False,
            ),
            lambda s: deliveries.redeliver(s, hook.webhook.id, delivery.id),
            lambda s: endpoints.delete_webhook(s, hook.webhook.id),
        ],
        AdminAction.RENAME_ORGANIZATION: [
            lambda s: organizations.rename_organization(s, "Захвачено")
        ],
    }


async def test_a_member_is_refused_every_admin_action_and_nothing_changes(
    hub: Hub, org: Org
) -> None:
    member = await make_user(org, "member@example.com")
    acts = await _acts(org)
    assert set(acts) == set(AdminAction), "every admin action has a case here"
    principal = Principal(org_id=org.id, user_id=member.id, admin=False)
    for action, calls in acts.items():
        for act in calls:
            with pytest.raises(Forbidden) as refused:
                async with hub.writing(principal) as s:
                    await act(s)
            assert refused.value.code == "admin_required"
            assert refused.value.message == f"only an administrator may {action}"
    async with hub.reading(org.id) as s:
        assert len(await users.list_users(s)) == 2
        assert len(await tokens.list_tokens(s)) == 2
        assert all(t.revoked_at is None for t in await tokens.list_tokens(s))
        assert len(await lists.list_lists(s)) == 1
        assert len(await fields.list_fields(s)) == 1
        assert len(await tags.list_tags(s)) == 1
        assert len(await bases.list_bases(s)) == 1
        assert len(await bots.list_bots(s)) == 1


@pytest.mark.parametrize("who", ["admin user", "api token", "operator"])
async def test_an_administrator_and_the_servers_operator_may_do_them(
    hub: Hub, org: Org, who: str
) -> None:
    admin = await make_user(org, "admin@example.com", admin=True)
    principal: Principal | int = {
        "admin user": Principal(org_id=org.id, user_id=admin.id, admin=True),
        "api token": Principal(org_id=org.id, token_id=1, admin=True),
        "operator": org.id,
    }[who]
    for calls in (await _acts(org)).values():
        for act in calls:
            async with hub.writing(principal) as s:
                await act(s)
    async with hub.reading(org.id) as s:
        assert await lists.list_lists(s) == []
        assert await fields.list_fields(s) == []


async def test_a_member_changes_their_own_name_and_password_but_not_their_role(
    hub: Hub, org: Org
) -> None:
    member = await make_user(org, "member@example.com")
    me = Principal(org_id=org.id, user_id=member.id)
    async with hub.writing(me) as s:
        renamed = await users.update_user(s, member.id, users.UserDraft(name="Анна"), "new hash")
    assert renamed.name == "Анна"
    for draft in (
        users.UserDraft(is_admin=True),
        users.UserDraft(account_enabled=True),
        users.UserDraft(email="other@example.com"),
    ):
        with pytest.raises(Forbidden):
            async with hub.writing(me) as s:
                await users.update_user(s, member.id, draft)
    async with hub.reading(org.id) as s:
        assert (await users.get_user(s, member.id)).is_admin is False


def test_a_principal_is_a_member_unless_its_credential_says_otherwise() -> None:
    assert Principal(org_id=1).admin is False
