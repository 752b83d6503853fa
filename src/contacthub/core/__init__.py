"""The single source of truth: organizations, users, tokens, contacts, phones, tags, fields, bases,
lists. Functions take a ``Scope`` (a connection bound to one organization) and return domain
objects. No HTTP, no vendor names, no commit: the unit of work (``Hub.writing``) commits."""
