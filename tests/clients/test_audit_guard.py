"""The database itself keeps the audit trail append-only (clients/audit_guard.py): raw SQL,
querysets and cascades can't change or delete a row; erasure alone may set a row's client
to NULL, inside its own transaction, and nothing else."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from clients import audit_guard, erasure
from clients.models import AuditEvent
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(practice):
    return ClientFactory(practice=practice, first_name="Maria", last_name="Lopez")


@pytest.fixture
def row(practice, therapist, person):
    return AuditEvent.objects.create(
        practice=practice,
        user=therapist,
        client=person,
        client_ref=f"client {person.pk}",
        action="viewed",
        target=f"client {person.pk}",
    )


def refused(sql: str, params=()) -> bool:
    """Whether the database refuses the statement (in a savepoint, so the test goes on)."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except IntegrityError as error:
        assert audit_guard.MESSAGE in str(error)
        return True
    return False


def test_raw_sql_can_update_no_column_of_an_audit_row(row):
    for column, value in [
        ("action", "printed"),
        ("target", "nothing"),
        ("client_ref", "client 1"),
        ("user_id", None),
        ("client_id", None),
    ]:
        sql = f"UPDATE clients_auditevent SET {column} = %s WHERE id = %s"
        assert refused(sql, [value, row.pk]), column
    row.refresh_from_db()
    assert row.action == "viewed" and row.client_id is not None


def test_raw_sql_can_delete_no_audit_row(row):
    assert refused("DELETE FROM clients_auditevent WHERE id = %s", [row.pk])
    assert refused("DELETE FROM clients_auditevent")
    assert AuditEvent.objects.filter(pk=row.pk).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's TRUNCATE")
def test_truncate_is_refused_too(row):
    with connection.cursor() as cursor:  # TRUNCATE waits for no deferred foreign key check
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert refused("TRUNCATE clients_auditevent")


def test_querysets_can_neither_update_nor_delete_audit_rows(row):
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.filter(pk=row.pk).update(target="edited")
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.filter(pk=row.pk).delete()


def test_deleting_a_client_outside_erasure_is_refused(row, person):
    with pytest.raises(IntegrityError), transaction.atomic():
        person.delete()


def test_deleting_a_practice_or_user_with_audit_rows_is_refused(row, practice, therapist):
    with pytest.raises(ProtectedError):
        practice.delete()
    with pytest.raises(ProtectedError):
        therapist.delete()
    row.refresh_from_db()
    assert row.user == therapist


def test_erasure_still_turns_audit_rows_into_pseudonyms(rf, owner, row, person):
    number = person.pk
    request = rf.post("/")
    request.user = owner
    erasure.erase_client(request, person)
    rows = AuditEvent.objects.filter(client_ref=f"client {number}")
    assert sorted(rows.values_list("action", flat=True)) == ["erased", "viewed"]
    assert not rows.filter(client__isnull=False).exists()


def test_even_during_erasure_only_the_client_may_be_cleared(row):
    with transaction.atomic(), audit_guard.erasure_unlocked(connection):
        assert refused(
            "UPDATE clients_auditevent SET client_id = NULL, target = 'x' WHERE id = %s",
            [row.pk],
        )
        assert refused("DELETE FROM clients_auditevent WHERE id = %s", [row.pk])
        assert not refused("UPDATE clients_auditevent SET client_id = NULL WHERE id = %s", [row.pk])


def test_the_erasure_unlock_ends_with_its_block(row):
    with transaction.atomic():
        with audit_guard.erasure_unlocked(connection):
            pass
        assert refused("UPDATE clients_auditevent SET client_id = NULL WHERE id = %s", [row.pk])


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's table rebuilds")
def test_migrate_puts_back_triggers_a_table_rebuild_dropped(row):
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER clients_audit_no_update")
    assert not refused("UPDATE clients_auditevent SET target = 'x' WHERE id = %s", [row.pk])
    assert audit_guard.ensure(connection)
    assert refused("UPDATE clients_auditevent SET target = 'y' WHERE id = %s", [row.pk])
    assert not audit_guard.ensure(connection)  # nothing missing the second time
