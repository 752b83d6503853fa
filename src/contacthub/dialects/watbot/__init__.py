"""Watbot (CleverApp, JetBot, OneBot, Leadteh): the chatbot platform's integration API.

    /api/v1/<method>?api_token=...   methods: getContacts, createOrUpdateContact, getMe,
                                     getContactTags, getBotTags, attachTagToContact,
                                     detachTagFromContact, getContactVariables,
                                     setContactVariable, deleteContactVariable

The backend is Laravel; this dialect answers as it does. Parameters come from the query string,
a form, multipart form data or a JSON body, merged (params.py); every method takes every usual
HTTP verb. A contact is the core's contact (``contact_id`` is its integer id; ``phone`` its first
phone), a variable is the core's custom field (the native API's field and TWIN's attribute of the
same name), a tag the core's tag, a bot the core's bot.

Choices where nothing public shows the vendor's behaviour:
- getContacts without ``count`` pages by 15 (Laravel's default). ``links`` repeat the request's
  filters and ``count`` but never its ``api_token``. ``filters[]`` takes ``telegram_id``,
  ``phone``, ``viber_id`` and ``vk_id``. An unknown ``bot_id`` is 404, like an unknown contact.
- Every contact object (getContacts, createOrUpdateContact) carries every key of the vendor's
  method catalogue, null when empty: ``telegram_id``, ``telegram_username``, ``viber_id``,
  ``vk_id``, and ``utm`` always as an object of the five tags. It also carries ``variables``
  (``[{"name", "value"}]``, in getContactVariables' order) and ``tags`` (names, as
  getContactTags gives them), as integration guides show and Leadteh's clients read, whether or
  not ``with=`` is sent. ``with`` is a comma list (or ``with[]``) of ``tags`` and ``variables``;
  another name is 422, and the page links keep it. A page of 500 is five statements (contacts,
  phones, vendor ids, tags, values), whatever its size.
- attachTagToContact and detachTagFromContact answer the contact's tags afterwards, in
  getContactTags' shape; detaching a tag the contact does not carry is 404.
- getBotTags: the tags carried by the bot's contacts (tags are shared by the organization).
- A variable's ``id`` is the custom field's id (``variable.id`` too). setContactVariable answers
  200 with the variable, creating it when new; its ``value`` is kept exactly as sent (not
  trimmed; empty is a value), a JSON number becomes its text.
  deleteContactVariable (by ``name`` or ``id``) answers the contact's remaining variables; a
  variable the contact has no value of is 404.
- createOrUpdateContact finds the bot's contact by phone (WhatsApp), ``telegram_id``,
  ``viber_id`` or ``vk_id``; it answers 201 when it created the contact (Laravel's answer for a
  new model) and 200 when it updated it. ``tags[]`` are added, never removed; ``utm_source`` ...
  ``utm_content`` are accepted too. An unknown ``bot_id`` is 422, as Laravel's ``exists`` rule.
- ``phone`` (createOrUpdateContact) must be a number of the numbering plan and
  ``filters[phone]`` one that a phone of its region can be (core.phones: ``12345`` and ``900``
  are refused); both answer 422 "имеет ошибочный формат" with every other wrong field.
- getMe answers ``{"data": {"id", "name", "created_at", "bots": [{"id", "name"}]}}``.
- Every method answers GET, POST, PUT, PATCH and DELETE alike (HEAD and others: 405).
- URLs with raw UTF-8 (the seed's PHP sends ``name=Город`` unencoded) are served: see
  contacthub.server.protocol, which ``contacthub serve`` uses.
- Roles: the only credential is an organization's API token, which acts as an administrator
  (core/principal.py); a refusal would be Laravel's 403 ``{"message": "This action is
  unauthorized."}``.
- Errors are Laravel's: 401 ``{"message": "Unauthenticated."}``, 422 with Russian messages, 404
  ``{"message": ...}``, 400 for a body that cannot be read; see errors.py.
"""

from contacthub.dialects.watbot.router import watbot_dialect

__all__ = ["watbot_dialect"]
