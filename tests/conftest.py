"""The shared world of the test suite: two practices with their staff, a site admin,
and the browser harness (Debian's Chromium through Playwright)."""

from __future__ import annotations

import os
import shutil

# pytest-django's live_server runs Django in a thread beside Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from hypothesis import HealthCheck, settings

from clients import audit_guard
from tests.factories import MembershipFactory, PracticeFactory, UserFactory

settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile(
    "ci", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _fast_tests(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def practice(db):
    return PracticeFactory(name="Riverside Massage")


@pytest.fixture
def other_practice(db):
    return PracticeFactory(name="Hilltop Bodywork")


@pytest.fixture
def owner(practice):
    return MembershipFactory(practice=practice, role="owner", user__username="olivia").user


@pytest.fixture
def therapist(practice):
    return MembershipFactory(practice=practice, role="therapist", user__username="theo").user


@pytest.fixture
def outsider(other_practice):
    """A therapist of another practice: must never see this practice's records."""
    return MembershipFactory(practice=other_practice, role="owner", user__username="oscar").user


@pytest.fixture
def site_admin(db):
    return UserFactory(username="ada", is_staff=True, is_superuser=True)


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def therapist_client(client, therapist):
    client.force_login(therapist)
    return client


@pytest.fixture
def outsider_client(client, outsider):
    client.force_login(outsider)
    return client


@pytest.fixture
def admin_client(client, site_admin):
    client.force_login(site_admin)
    return client


@pytest.fixture(autouse=True, scope="session")
def _flush_past_the_audit_guard():
    """The database refuses to delete audit rows (clients/audit_guard.py), so `flush` does
    too: right for a real site, but the suite empties the database after every
    transactional test. There, and only there, the guard comes off for the flush."""
    original = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        if not any(audit_guard.TABLE in statement for statement in sql_list):
            return original(self, sql_list)
        with transaction.atomic(using=self.connection.alias):
            audit_guard.drop(self.connection)
            original(self, sql_list)
            audit_guard.create(self.connection)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(BaseDatabaseOperations, "execute_sql_flush", execute_sql_flush)
        yield


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory) -> dict:
    return {"path": None, "folder": tmp_path_factory.mktemp("sqlite-template")}


@pytest.fixture
def shared_database(transactional_db, _sqlite_template, tmp_path):
    """A database that every thread and the raw files reach, for tests of races and of
    what stays on disk. PostgreSQL's test database already is one. SQLite's is in memory
    and seen only by this thread's connection, so the test runs on a migrated file instead
    (made once, copied per test) and gets its path; the in-memory database stays open
    beside it and comes back afterwards."""
    if connection.vendor != "sqlite":
        yield None
        return
    in_memory, name = connection.connection, connection.settings_dict["NAME"]
    connection.connection = None  # closing it would drop the in-memory database
    try:
        if _sqlite_template["path"] is None:
            _sqlite_template["path"] = _sqlite_template["folder"] / "template.sqlite3"
            connection.settings_dict["NAME"] = str(_sqlite_template["path"])
            call_command("migrate", verbosity=0)
            connection.close()  # the last connection to close folds the WAL into the file
        path = tmp_path / "db.sqlite3"
        shutil.copyfile(_sqlite_template["path"], path)
        connection.settings_dict["NAME"] = str(path)
        yield path
    finally:
        connections.close_all()
        connection.settings_dict["NAME"] = name
        connection.connection = in_memory


pytest_plugins = ["tests.browser"]
