"""The backup drill of docs/backup.md, run for real on whichever database the suite uses.

A client with every kind of record is written and committed, `manage.py backup` copies
the database, the copy is restored into a NEW database (SQLite: a new file through the
online backup API; PostgreSQL: createdb and pg_restore), and every table of every
installed app must hold the same rows there: same count, same checksum.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import uuid
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.utils import load_backend
from django.utils import timezone

from clients import audit
from clients.models import (
    ActivityScore,
    AuditEvent,
    CalendarFeed,
    CheckIn,
    Clearance,
    EntrySwitch,
    Intake,
    IntakeLink,
    Note,
    NoteAmendment,
    PlanItem,
    SheetItem,
    SheetLink,
    SheetLinkEvent,
)
from clinic.management.commands.backup import libpq_environment
from clinic.models import Invitation
from techniques.models import Entry
from tests.browser import ensure_starting_library
from tests.clients.sheet_helpers import issued_for, screened_client
from tests.factories import ActivityFactory, NoteFactory, SessionFactory, SheetLinkFactory

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
EVERY_KIND = [
    Intake,
    Clearance,
    IntakeLink,
    CheckIn,
    PlanItem,
    Note,
    NoteAmendment,
    ActivityScore,
    CalendarFeed,
    EntrySwitch,
    SheetItem,
    SheetLink,
    SheetLinkEvent,
    AuditEvent,
    Invitation,
]


class Request:
    """Just enough of a request for clients.audit.record."""

    def __init__(self, user):
        self.user = user


def fill_a_care_record(practice, therapist) -> None:
    client = screened_client(practice, first_name="Bea", last_name="Backup", red_flags=["RF09"])
    intake = client.intakes.get()
    Clearance.objects.create(
        intake=intake, code="RF09", cleared_by="Dr Ward", cleared_on=timezone.localdate()
    )
    IntakeLink.objects.create(client=client, expires=timezone.now() + timedelta(days=7))
    session = SessionFactory(client=client, therapist=therapist)
    CheckIn.objects.create(session=session, note="Slept badly; otherwise the same.")
    PlanItem.objects.create(session=session, entry=Entry.objects.first(), minutes=10)
    note = NoteFactory(session=session, subjective="Ça va mieux — 20 % less pain 🙂")
    NoteAmendment.objects.create(note=note, author=therapist, text="Left side, not right.")
    activity = ActivityFactory(client=client, name="Climbing stairs")
    ActivityScore.objects.create(activity=activity, session=session, score=4)
    CalendarFeed.objects.create(user=therapist)
    EntrySwitch.objects.create(client=client, entry=Entry.objects.first())
    sheet = issued_for(client, therapist)
    link = SheetLinkFactory(sheet=sheet)
    SheetLinkEvent.objects.create(link=link, kind=SheetLinkEvent.Kind.VIEWED)
    audit.record(Request(therapist), AuditEvent.Action.VIEWED, client)
    Invitation.objects.create(practice=practice, email="new.colleague@example.org")
    empty = [model.__name__ for model in EVERY_KIND if not model.objects.exists()]
    assert empty == [], f"the drill's record lacks {empty}"


def tables() -> list[tuple[str, str]]:
    """(table, primary key column) of every concrete model of every installed app."""
    found = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy:
            found[meta.db_table] = meta.pk.column
    return sorted(found.items())


def table_digests(target) -> dict[str, tuple[int, str]]:
    """Each table's row count and a checksum of its rows in primary key order."""
    digests = {}
    with target.cursor() as cursor:
        for table, pk in tables():
            cursor.execute(
                f"SELECT * FROM {target.ops.quote_name(table)} "  # nosec B608  # model tables
                f"ORDER BY {target.ops.quote_name(pk)}"
            )
            rows = cursor.fetchall()
            checksum = hashlib.sha256(repr(rows).encode()).hexdigest()
            digests[table] = (len(rows), checksum)
    return digests


@contextmanager
def restored_database(name: str):
    """A connection to the new database, through the same backend as the suite's."""
    settings_dict = {**connection.settings_dict, "NAME": name}
    restored = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "restored")
    try:
        yield restored
    finally:
        restored.close()


def restore_sqlite(backup: Path, tmp_path: Path) -> str:
    """The restore of docs/backup.md: copy the backup into a new file, page by page."""
    new_file = tmp_path / "restored.sqlite3"
    source, target = sqlite3.connect(backup), sqlite3.connect(new_file)
    with target:
        source.backup(target)
    source.close()
    target.close()
    return str(new_file)


def pg(program: str, *args: str) -> None:
    env = {**os.environ, **libpq_environment(connection.settings_dict)}
    env.pop("PGDATABASE", None)
    result = subprocess.run(
        [str(PG_BIN / program), *args], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"{program} failed: {result.stderr}"


@pytest.fixture
def new_database(tmp_path):
    """Where the backup is restored; dropped afterwards on PostgreSQL."""
    if connection.vendor == "postgresql":
        if not (PG_BIN / "pg_restore").exists():
            pytest.skip(f"the PostgreSQL client programs are not in {PG_BIN}")
        name = f"restore_drill_{uuid.uuid4().hex[:12]}"
        pg("createdb", name)
        yield name
        pg("dropdb", "--if-exists", name)
    else:
        yield None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_restores_into_a_new_database_with_every_row(
    practice, therapist, tmp_path, new_database
):
    ensure_starting_library()  # an earlier transactional test's flush may have emptied it
    fill_a_care_record(practice, therapist)
    before = table_digests(connection)
    backup = tmp_path / "clinic.backup"

    call_command("backup", str(backup), pg_dump=str(PG_BIN / "pg_dump"))

    assert backup.stat().st_size > 0
    assert backup.stat().st_mode & 0o777 == 0o600, "a backup is readable by its owner only"
    if connection.vendor == "postgresql":
        pg("pg_restore", "--no-owner", "--exit-on-error", "--dbname", new_database, str(backup))
    else:
        new_database = restore_sqlite(backup, tmp_path)
    with restored_database(new_database) as restored:
        after = table_digests(restored)
    assert after.keys() == before.keys()
    differing = {table for table in before if before[table] != after[table]}
    assert differing == set()
    assert before["clients_note"][0] == 1 and before["techniques_entry"][0] > 0


@pytest.mark.django_db
def test_backup_refuses_to_overwrite_an_earlier_backup(tmp_path):
    from django.core.management.base import CommandError

    earlier = tmp_path / "monday.backup"
    earlier.write_bytes(b"the only copy of Monday")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(earlier))
    assert earlier.read_bytes() == b"the only copy of Monday"


def test_the_connection_reaches_pg_dump_through_libpq_variables():
    env = libpq_environment(
        {
            "NAME": "clinic",
            "HOST": "",
            "PORT": "",
            "USER": "clinic",
            "PASSWORD": "s3cret",
            "OPTIONS": {"host": "/run/postgresql", "sslmode": "require"},
        }
    )
    assert env == {
        "PGDATABASE": "clinic",
        "PGHOST": "/run/postgresql",
        "PGUSER": "clinic",
        "PGPASSWORD": "s3cret",
        "PGSSLMODE": "require",
    }
