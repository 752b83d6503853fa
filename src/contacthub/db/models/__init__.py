"""Table definitions, one module per table. They are the source of Alembic's migrations; the core
queries these tables with plain SQL through ``contacthub.db.database`` (no ORM on hot paths)."""

from contacthub.db.models.api_token import ApiToken
from contacthub.db.models.base import Base
from contacthub.db.models.bot import Bot
from contacthub.db.models.contact import Contact
from contacthub.db.models.contact_alias import ContactAlias
from contacthub.db.models.contact_base import ContactBase
from contacthub.db.models.contact_count import ContactCount
from contacthub.db.models.contact_list import ContactList, ContactListEntry, ContactListPhone
from contacthub.db.models.contact_phone import ContactPhone
from contacthub.db.models.contact_tag import ContactTag
from contacthub.db.models.custom_field import CustomField, FieldValue
from contacthub.db.models.event import Event, EventCounter
from contacthub.db.models.import_job import ImportJob, ImportReject
from contacthub.db.models.login_attempt import LoginAttempt
from contacthub.db.models.organization import Organization
from contacthub.db.models.session import UserSession
from contacthub.db.models.session_family import SessionFamily
from contacthub.db.models.tag import Tag
from contacthub.db.models.user import User
from contacthub.db.models.vendor_id import VendorId
from contacthub.db.models.vendor_id_alias import VendorIdAlias
from contacthub.db.models.webhook import Webhook, WebhookDelivery

__all__ = [
    "ApiToken",
    "Base",
    "Bot",
    "Contact",
    "ContactAlias",
    "ContactBase",
    "ContactCount",
    "ContactList",
    "ContactListEntry",
    "ContactListPhone",
    "ContactPhone",
    "ContactTag",
    "CustomField",
    "Event",
    "EventCounter",
    "FieldValue",
    "ImportJob",
    "ImportReject",
    "LoginAttempt",
    "Organization",
    "SessionFamily",
    "Tag",
    "User",
    "UserSession",
    "VendorId",
    "VendorIdAlias",
    "Webhook",
    "WebhookDelivery",
]

# Every table, children first: the order in which rows can go without breaking a foreign key.
TABLES_CHILDREN_FIRST = [
    "contact_counts",
    "webhook_deliveries",
    "webhooks",
    "events",
    "event_counters",
    "vendor_ids",
    "vendor_id_aliases",
    "login_attempts",
    "import_rejects",
    "imports",
    "user_sessions",
    "session_families",
    "field_values",
    "contact_tags",
    "contact_phones",
    "contact_aliases",
    "contact_list_phones",
    "contact_list_entries",
    "contact_lists",
    "contacts",
    "custom_fields",
    "tags",
    "contact_bases",
    "bots",
    "api_tokens",
    "users",
    "organizations",
]
