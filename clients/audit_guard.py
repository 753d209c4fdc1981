"""The database keeps the audit trail append-only: triggers on clients_auditevent refuse
every UPDATE and DELETE (and, on PostgreSQL, TRUNCATE), whoever sends it: the admin, a
cascade, a management command or raw SQL.

Erasure is the one exception, and a narrow one: inside the erasure's transaction
(`erasure_unlocked`) an update may set an audit row's `client` to NULL and change nothing
else, so the row stays under its pseudonym ("client 42"). The marker that allows it lasts
for that transaction only: on PostgreSQL the `clinic.audit_unlock` setting set with
`set_config(..., true)` (like SET LOCAL), on SQLite a row in `clients_audit_unlock`
inserted and deleted within the transaction.

This guards against the application and its admin, not against someone who can run DDL
on the database: they can drop the triggers. Like the search index's triggers, SQLite's
go when a migration rebuilds the table, so every `migrate` puts missing ones back
(`ensure`, from ClientsConfig.ready's post_migrate hook).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

TABLE = "clients_auditevent"
UNLOCK_TABLE = "clients_audit_unlock"
UNLOCK_SETTING = "clinic.audit_unlock"
MESSAGE = "audit events are append-only"  # as the triggers below word it
SQLITE_TRIGGERS = ("clients_audit_no_update", "clients_audit_no_delete")

# Plain text, no formatting: nothing here comes from outside.
SQLITE_CREATE = [
    "CREATE TABLE IF NOT EXISTS clients_audit_unlock (id integer PRIMARY KEY CHECK (id = 1))",
    "CREATE TRIGGER IF NOT EXISTS clients_audit_no_update BEFORE UPDATE ON clients_auditevent "
    "WHEN NOT (EXISTS (SELECT 1 FROM clients_audit_unlock) AND new.client_id IS NULL "
    "AND new.id IS old.id AND new.practice_id IS old.practice_id AND new.user_id IS old.user_id "
    "AND new.client_ref IS old.client_ref AND new.action IS old.action "
    "AND new.target IS old.target AND new.at IS old.at) "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS clients_audit_no_delete BEFORE DELETE ON clients_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS clients_audit_no_update",
    "DROP TRIGGER IF EXISTS clients_audit_no_delete",
    "DROP TABLE IF EXISTS clients_audit_unlock",
]
POSTGRESQL_CREATE = [
    "CREATE OR REPLACE FUNCTION clients_audit_refuse_change() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN "
    "IF TG_OP = 'UPDATE' AND current_setting('clinic.audit_unlock', true) = 'erasure' "
    "AND NEW.client_id IS NULL "
    "AND (NEW.id, NEW.practice_id, NEW.user_id, NEW.client_ref, NEW.action, NEW.target, NEW.at) "
    "IS NOT DISTINCT FROM "
    "(OLD.id, OLD.practice_id, OLD.user_id, OLD.client_ref, OLD.action, OLD.target, OLD.at) "
    "THEN RETURN NEW; END IF; "
    "RAISE EXCEPTION 'audit events are append-only' USING ERRCODE = 'restrict_violation'; "
    "END $$",
    "CREATE TRIGGER clients_audit_no_update BEFORE UPDATE ON clients_auditevent "
    "FOR EACH ROW EXECUTE FUNCTION clients_audit_refuse_change()",
    "CREATE TRIGGER clients_audit_no_delete BEFORE DELETE ON clients_auditevent "
    "FOR EACH ROW EXECUTE FUNCTION clients_audit_refuse_change()",
    "CREATE TRIGGER clients_audit_no_truncate BEFORE TRUNCATE ON clients_auditevent "
    "FOR EACH STATEMENT EXECUTE FUNCTION clients_audit_refuse_change()",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS clients_audit_no_update ON clients_auditevent",
    "DROP TRIGGER IF EXISTS clients_audit_no_delete ON clients_auditevent",
    "DROP TRIGGER IF EXISTS clients_audit_no_truncate ON clients_auditevent",
    "DROP FUNCTION IF EXISTS clients_audit_refuse_change()",
]


def _statements(connection, sqlite: list[str], postgresql: list[str]) -> list[str]:
    return {"sqlite": sqlite, "postgresql": postgresql}.get(connection.vendor, [])


def create(connection) -> None:
    with connection.cursor() as cursor:
        for statement in _statements(connection, SQLITE_CREATE, POSTGRESQL_CREATE):
            cursor.execute(statement)


def drop(connection) -> None:
    with connection.cursor() as cursor:
        for statement in _statements(connection, SQLITE_DROP, POSTGRESQL_DROP):
            cursor.execute(statement)


def ensure(connection) -> bool:
    """Put SQLite's triggers back if a table rebuild dropped them: True if it did."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        if UNLOCK_TABLE not in connection.introspection.table_names(cursor):
            return False  # the migration that adds the guard isn't applied (yet, or now)
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name IN (%s, %s)",
            list(SQLITE_TRIGGERS),
        )
        if len(cursor.fetchall()) == len(SQLITE_TRIGGERS):
            return False
    create(connection)
    return True


@contextmanager
def erasure_unlocked(connection) -> Iterator[None]:
    """Within the erasure's transaction only, lets audit rows lose their `client`."""
    if not connection.in_atomic_block:
        raise RuntimeError("The audit trail is unlocked only inside a transaction.")
    markers = {
        "sqlite": (
            "DELETE FROM clients_audit_unlock",
            "INSERT INTO clients_audit_unlock (id) VALUES (1)",
        ),
        "postgresql": (
            "SELECT set_config('clinic.audit_unlock', '', true)",
            "SELECT set_config('clinic.audit_unlock', 'erasure', true)",
        ),
    }
    if connection.vendor not in markers:  # no guard there to lift
        yield
        return
    lock, unlock = markers[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(unlock)
    yield
    # On an error the transaction rolls back, and the marker with it.
    with connection.cursor() as cursor:
        cursor.execute(lock)
