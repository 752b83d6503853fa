"""contacthub as the vendor in an integrator's test suite: a pytest plugin and its client.

    pytest ──contacthub_server (session)──> a real ``contacthub serve`` on a free port over a
             │                               temporary SQLite file (one per xdist worker), or
             │                               CONTACTHUB_TEST_URL + CONTACTHUB_TEST_ADMIN_TOKEN
             └─contacthub_org (function)──> POST /_contacthub/orgs, removed after the test

Registered through the ``pytest11`` entry point (``contacthub.testing.plugin``). The client
speaks the control API with the standard library only, so the plugin loads wherever contacthub
is installed, whatever HTTP client the suite itself uses.
"""

from contacthub.testing.client import ContacthubError, ContacthubOrg, ContacthubServer

__all__ = ["ContacthubError", "ContacthubOrg", "ContacthubServer"]
