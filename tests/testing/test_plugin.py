"""The pytest plugin, used as an integrator uses it: examples/pytest-plugin run by pytest in a
subprocess, with its own server (SQLite) and against a running one (each test database)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import SecretStr

from contacthub.app import create_app
from contacthub.config import Settings
from contacthub.core.scope import Hub
from contacthub.testing import ContacthubError, ContacthubServer
from tests.conftest import serving
from tests.control.conftest import ADMIN_TOKEN

EXAMPLE_TESTS = 5


def run_example(repo_root: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CONTACTHUB_", "PYTEST_"))}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "examples/pytest-plugin",
            *args,
        ],
        cwd=repo_root,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_plugin_is_registered(pytestconfig: pytest.Config) -> None:
    assert pytestconfig.pluginmanager.has_plugin("contacthub")


@pytest.mark.parametrize("backend_only", ["sqlite"])
def test_example_suite_with_its_own_server(
    repo_root: Path, backend: str, backend_only: str
) -> None:
    if backend != backend_only:
        pytest.skip("the plugin's own server is SQLite; run once")
    done = run_example(repo_root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{EXAMPLE_TESTS} passed" in done.stdout


@pytest.mark.parametrize("backend_only", ["sqlite"])
def test_example_suite_on_two_xdist_workers(
    repo_root: Path, backend: str, backend_only: str
) -> None:
    """Each worker's session starts its own server; no organization is shared."""
    if backend != backend_only:
        pytest.skip("the plugin's own server is SQLite; run once")
    done = run_example(repo_root, "-n", "2")
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{EXAMPLE_TESTS} passed" in done.stdout


def test_example_suite_against_a_running_server(
    repo_root: Path, settings: Settings, hub: Hub
) -> None:
    """CONTACTHUB_TEST_URL: the suite runs against a server elsewhere (here on the test
    database, PostgreSQL included); each test's organization is made and removed over HTTP."""
    admin = settings.model_copy(update={"admin_token": SecretStr(ADMIN_TOKEN)})
    with serving(create_app(admin)) as url:
        done = run_example(
            repo_root, CONTACTHUB_TEST_URL=url, CONTACTHUB_TEST_ADMIN_TOKEN=ADMIN_TOKEN
        )
        server = ContacthubServer(url, ADMIN_TOKEN)
        org = server.create_org("left over?")
        org.delete()
        # Every organization a test made was removed after it: ids went up, none is left.
        with pytest.raises(ContacthubError) as refused:
            org.reset()
        assert refused.value.status == 404
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{EXAMPLE_TESTS} passed" in done.stdout
    assert org.id > EXAMPLE_TESTS


def test_a_wrong_admin_token_is_a_clear_error(settings: Settings, hub: Hub) -> None:
    admin = settings.model_copy(update={"admin_token": SecretStr(ADMIN_TOKEN)})
    with serving(create_app(admin)) as url, pytest.raises(ContacthubError) as refused:
        ContacthubServer(url, "wrong").create_org()
    assert refused.value.status == 401
    assert "admin token" in refused.value.body
