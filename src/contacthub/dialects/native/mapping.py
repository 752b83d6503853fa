"""Domain objects <-> the native API's wire shapes. Pure functions, no I/O."""

from __future__ import annotations

from typing import Any, TypeVar

import msgspec
from msgspec import UnsetType

from contacthub.core.bases import BaseDraft, ContactBase
from contacthub.core.bots import Bot
from contacthub.core.bulk.jobs import ImportJob, RejectedRow
from contacthub.core.contacts import Contact, ContactDraft, Phone, PhoneDraft
from contacthub.core.feed import Event
from contacthub.core.fields import Field, FieldValue
from contacthub.core.lists import ContactList, EntryDraft, ListEntry
from contacthub.core.lookup import PhoneReport
from contacthub.core.organizations import Organization
from contacthub.core.pagination import encode_cursor
from contacthub.core.tags import Tag
from contacthub.core.tokens import ApiToken, NewToken
from contacthub.core.users import User, UserDraft
from contacthub.core.vendor_ids import VendorIds, clean_changes, wire_ids
from contacthub.dialects.native import feed_schemas as feed_wire
from contacthub.dialects.native import schemas as wire

_UTM_PARTS = ("source", "medium", "campaign", "term", "content")
_CONTACT_TEXT = (
    "name",
    "email",
    "address",
    "description",
    "www",
    "external_code",
    "messenger",
    "telegram_id",
    "telegram_username",
    "viber_id",
    "vk_id",
)


Target = TypeVar("Target", bound=msgspec.Struct)


def same_fields(source: object, target: type[Target], **given: Any) -> Target:
    """``target`` built from the attributes of ``source`` that it has by the same name, plus
    ``given``. Used where the wire shape and the domain object agree field for field; where they
    differ (contacts, phones), the mapping is written out."""
    names = target.__struct_fields__
    return target(**{name: getattr(source, name) for name in names if name not in given}, **given)


def phone_out(phone: Phone) -> wire.PhoneOut:
    return wire.PhoneOut(number=phone.number, e164=phone.e164, remark=phone.remark)


def contact_out(contact: Contact) -> wire.ContactOut:
    return wire.ContactOut(
        id=contact.id,
        uuid=contact.uuid,
        name=contact.name,
        email=contact.email,
        address=contact.address,
        description=contact.description,
        www=contact.www,
        external_code=contact.external_code,
        base_id=contact.base_id,
        bot_id=contact.bot_id,
        messenger=contact.messenger,
        telegram_id=contact.telegram_id,
        telegram_username=contact.telegram_username,
        viber_id=contact.viber_id,
        vk_id=contact.vk_id,
        utm=wire.Utm(
            source=contact.utm_source,
            medium=contact.utm_medium,
            campaign=contact.utm_campaign,
            term=contact.utm_term,
            content=contact.utm_content,
        ),
        phones=[phone_out(phone) for phone in contact.phones],
        tags=contact.tags or [],
        fields=contact.fields or {},
        vendor_ids=wire_ids(contact.vendor_ids),
        created_at=contact.created_at,
        updated_at=contact.updated_at,
    )


def contact_draft(body: wire.ContactIn) -> ContactDraft:
    draft = ContactDraft(
        base_id=body.base_id, bot_id=body.bot_id, tags=body.tags, fields=body.fields
    )
    for name in _CONTACT_TEXT:
        setattr(draft, name, getattr(body, name))
    if not isinstance(body.utm, UnsetType):
        for part in _UTM_PARTS:
            setattr(draft, f"utm_{part}", getattr(body.utm, part))
    if not isinstance(body.phones, UnsetType):
        draft.phones = [PhoneDraft(number=p.number, remark=p.remark) for p in body.phones]
    if not isinstance(body.vendor_ids, UnsetType):
        draft.vendor_ids = clean_changes(body.vendor_ids)
    return draft


def tag_out(tag: Tag) -> wire.TagOut:
    return same_fields(tag, wire.TagOut)


def field_out(field: Field, ids: VendorIds | None) -> wire.FieldOut:
    return same_fields(field, wire.FieldOut, vendor_ids=wire_ids(ids))


def field_value_out(value: FieldValue) -> wire.FieldValueOut:
    return wire.FieldValueOut(
        field_id=value.field.id,
        field_uuid=value.field.uuid,
        name=value.field.name,
        value=value.value,
        updated_at=value.updated_at,
    )


def bot_out(bot: Bot, ids: VendorIds | None) -> wire.BotOut:
    return same_fields(bot, wire.BotOut, vendor_ids=wire_ids(ids))


def base_out(base: ContactBase, ids: VendorIds | None) -> wire.BaseOut:
    return same_fields(base, wire.BaseOut, vendor_ids=wire_ids(ids))


def base_draft(body: wire.BaseIn | wire.BasePatch) -> BaseDraft:
    return same_fields(body, BaseDraft)


def entry_out(entry: ListEntry) -> wire.EntryOut:
    return wire.EntryOut(
        id=entry.id,
        name=entry.name,
        phones=[wire.PhoneOut(number=p.number, e164=p.e164, remark=None) for p in entry.phones],
    )


def list_out(found: ContactList, ids: VendorIds | None) -> wire.ListOut:
    return same_fields(found, wire.ListOut, vendor_ids=wire_ids(ids))


def list_detail_out(found: ContactList, ids: VendorIds | None) -> wire.ListDetailOut:
    entries = [entry_out(entry) for entry in found.entries or []]
    return same_fields(found, wire.ListDetailOut, entries=entries, vendor_ids=wire_ids(ids))


def entry_drafts(entries: list[wire.EntryIn]) -> list[EntryDraft]:
    return [EntryDraft(name=entry.name, phones=entry.phones) for entry in entries]


def user_out(user: User) -> wire.UserOut:
    return same_fields(user, wire.UserOut)


def user_draft(body: wire.UserIn | wire.UserPatch) -> UserDraft:
    return same_fields(body, UserDraft)


def token_out(token: ApiToken) -> wire.TokenOut:
    return same_fields(token, wire.TokenOut)


def new_token_out(new: NewToken) -> wire.NewTokenOut:
    return same_fields(new.token, wire.NewTokenOut, secret=new.secret)


def organization_out(organization: Organization) -> wire.OrganizationOut:
    return same_fields(organization, wire.OrganizationOut)


def phone_report_out(number: str, report: PhoneReport) -> wire.PhoneReportOut:
    return wire.PhoneReportOut(
        number=number,
        e164=report.e164,
        blocked=report.blocked,
        contacts=[contact_out(contact) for contact in report.contacts],
        lists=[
            wire.ListMembershipOut(
                list_id=m.list_id,
                name=m.name,
                type=m.type,
                entry_id=m.entry_id,
                entry_name=m.entry_name,
            )
            for m in report.lists
        ],
    )


def import_out(job: ImportJob) -> wire.ImportOut:
    return wire.ImportOut(
        id=job.id,
        status=job.status,
        file_name=job.source_name,
        format=job.file_format,
        dry_run=job.dry_run,
        options=job.options,
        total_rows=job.total_rows,
        rows_done=job.rows_done,
        counts=wire.ImportCounts(
            created=job.created, updated=job.updated, skipped=job.skipped, invalid=job.invalid
        ),
        error=job.error,
        error_code=job.error_code,
        created_at=job.created_at,
        updated_at=job.updated_at,
        finished_at=job.finished_at,
    )


def rejected_row_out(rejected: RejectedRow) -> wire.RejectedRowOut:
    return wire.RejectedRowOut(row=rejected.row, reason=rejected.reason, data=rejected.data)


def event_out(event: Event) -> feed_wire.EventOut:
    return feed_wire.EventOut(
        cursor=encode_cursor(event.seq),
        seq=event.seq,
        type=event.type,
        contact_id=event.contact_id,
        data=event.payload,
        actor=same_fields(event.actor, feed_wire.EventActorOut),
        created_at=event.created_at,
    )
