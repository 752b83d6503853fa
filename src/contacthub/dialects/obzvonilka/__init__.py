"""The auto-dialer Obzvonilka's REST API (Rails), wire-compatible, at ``/api/*.json``.

    GET   /api/contact_bases.json                                   bare array of bases
    GET   /api/contact_bases/{id}.json                              one base
    GET   /api/contact_bases/{id}/contacts.json                     the base's contacts (array)
    GET   /api/contact_bases/{id}/contacts/{cid}.json               one contact of the base
    GET   /api/contact_bases/{id}/contacts/find_by_external/{code}.json
    POST  /api/contact_bases/{id}/contacts.json                     201, the new contact
    PATCH /api/contact_bases/{id}/contacts/{cid}.json  (and PUT)    200, the changed contact
    GET   /api/users.json, /api/users/{id}.json
    GET   /api/report/contacts?phone=...                            contacts having that number

The ``.json`` suffix may be left out, as Rails routes allow. Sources: the seed document and
/work/shared/VENDORS.md; the choices below are where both are silent.

Key: ``api_key`` in the query, in a form or JSON body, or the ``X-API-KEY`` header (also
``Authorization: Bearer <key>``, which a production integration sends).
Bodies: ``contact[name]=...`` (urlencoded or multipart) or JSON ``{"contact": {...}}``; a JSON
body without the ``contact`` root is wrapped by attribute name, as Rails' ParamsWrapper does.
Unknown attributes are ignored (strong parameters); a non-text value (list, object, true) is a 422.

JSON answers (Rails ``to_json`` of the record, restricted to the attributes the document lists,
in its order): every attribute is always present, ``null`` when empty; ``phone1..phone10`` and
``phone_remark1..10`` are all present; ids are integers; phones are the text as the client gave
it (contacthub matches them by their E.164 form). A number is kept when its length is possible
for its country even if the numbering plan lists no such range (a dialer dials new ranges); one
no phone of its region can be is a 422 (``abc``, ``12345``, ``900``, and the document's own
example ``987654321``: nine digits, which read as Russian would be the wrong number
+7987654321). The rule is core.phones' for every API and the import. A contact's phones beyond
the tenth (set through another API) are not shown here and are kept by a PATCH. Report rows
add ``contact_base_id``.

Phones: ``phoneN`` and ``phone_remarkN`` change independently; a blank ``phoneN`` removes that
number and its remark; a remark for a position with no number is a 422.

Errors (Rails conventions): 401 ``{"error": "..."}``; 404 ``{"status":404,"error":"Not Found"}``
for unknown or foreign ids, for another base's contact under this base's path, and for any
route the vendor does not have, including creating or changing bases and users (Rails answers
an unrouted method with 404, not 405); 422 ``{"errors": {"phone1": ["..."]}}`` naming every
invalid attribute at once; 400
``{"status":400,"error":"Bad Request","message":"..."}`` for a missing ``contact`` or an
unreadable body (bad JSON, bad UTF-8, a NUL character, which PostgreSQL cannot hold).
Roles: the key is an organization's API token, which acts as an administrator
(core/principal.py); a refusal would be 403 ``{"error": ...}``.
``find_by_external`` with no match answers 404 (the base's oldest contact wins among several).
"""

from contacthub.dialects.obzvonilka.router import obzvonilka_dialect

__all__ = ["obzvonilka_dialect"]
