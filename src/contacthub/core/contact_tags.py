"""Tags on one contact, addressed as the APIs address them: the contact by id or UUID, the tag by
name (created when missing) or by id (which must exist)."""

from __future__ import annotations

from collections.abc import Iterable

from contacthub.core import tags
from contacthub.core.contacts import contact_id_of, events
from contacthub.core.scope import Scope
from contacthub.core.tags import Tag
from contacthub.errors import Invalid, NotFound


async def _tag_id(s: Scope, *, name: str | None, tag_id: int | None, create: bool) -> int | None:
    if tag_id is not None:
        return (await tags.get_tag(s, tag_id)).id
    if name is None:
        raise Invalid.field("name", "name or tag_id is required")
    if create:
        return (await tags.ensure_tags(s, [name]))[tags.clean_tag_name(name)]
    found = await tags.find_tag(s, name)
    return None if found is None else found.id


async def contact_tags(s: Scope, contact_ref: int | str) -> list[Tag]:
    return await tags.tags_of_contact(s, await contact_id_of(s, contact_ref))


async def tag_contact(
    s: Scope, contact_ref: int | str, *, name: str | None = None, tag_id: int | None = None
) -> list[Tag]:
    """Put a tag on a contact (a new name creates the tag); answers the contact's tags."""
    contact_id = await contact_id_of(s, contact_ref)
    found = await _tag_id(s, name=name, tag_id=tag_id, create=True)
    assert found is not None
    before = await tags.tags_of_contact(s, contact_id)
    await tags.attach_tags(s, contact_id, [found])
    return await _announced(s, contact_id, before)


async def untag_contact(
    s: Scope, contact_ref: int | str, *, name: str | None = None, tag_id: int | None = None
) -> list[Tag]:
    """Take a tag off a contact; ``NotFound`` if the contact does not carry it."""
    contact_id = await contact_id_of(s, contact_ref)
    found = await _tag_id(s, name=name, tag_id=tag_id, create=False)
    before = await tags.tags_of_contact(s, contact_id)
    if found is None or not await tags.detach_tag(s, contact_id, found):
        raise NotFound(f"contact {contact_ref} has no tag {name if tag_id is None else tag_id}")
    return await _announced(s, contact_id, before)


async def set_contact_tags(s: Scope, contact_ref: int | str, names: Iterable[str]) -> list[Tag]:
    """Make these the contact's tags, creating the new names."""
    contact_id = await contact_id_of(s, contact_ref)
    before = await tags.tags_of_contact(s, contact_id)
    await tags.replace_contact_tags(s, contact_id, names)
    return await _announced(s, contact_id, before)


async def _announced(s: Scope, contact_id: int, before: list[Tag]) -> list[Tag]:
    """The contact's tags now, after a ``contact.updated`` event if they changed."""
    after = await tags.tags_of_contact(s, contact_id)
    events.updated(
        s,
        contact_id,
        {"tags": sorted(tag.name for tag in before)},
        {"tags": sorted(tag.name for tag in after)},
    )
    return after
