"""Whether this process can do its work: the database is the migrated one and takes writes.

`/healthz` asks this. Answering `SELECT 1` is not enough: a locked, read-only or missing
database answers reads (or did, before this check) while every save fails or hangs.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.utils import DatabaseError

logger = logging.getLogger(__name__)

# The probe gives up after this long, so a monitor hears "busy" before its own timeout.
PROBE_SECONDS = 2


@functools.cache
def latest_migrations() -> tuple[tuple[str, str], ...]:
    """The last migration of every app, read from the migration files (once per process)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return tuple(sorted(loader.graph.leaf_nodes()))


def database_problem(using: str = DEFAULT_DB_ALIAS) -> str | None:
    """None when the database takes a write within PROBE_SECONDS and has every migration
    recorded; otherwise what is wrong, in a few words that reveal nothing about the setup.

    The write touches the rows of those migrations in `django_migrations` without
    changing them, and is rolled back: the count of rows it matched proves the migrations.
    """
    connection = connections[using]
    latest = latest_migrations()
    matches = " OR ".join(["(app = %s AND name = %s)"] * len(latest))
    # Only placeholders go into the statement; the names are parameters.
    touch = f"UPDATE django_migrations SET applied = applied WHERE {matches}"  # nosec B608
    try:
        with _short_waits(connection), transaction.atomic(using=using):
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute(f"SET LOCAL lock_timeout = '{PROBE_SECONDS}s'")
                    cursor.execute(f"SET LOCAL statement_timeout = '{PROBE_SECONDS + 1}s'")
                cursor.execute(touch, [part for migration in latest for part in migration])
                recorded = cursor.rowcount
            transaction.set_rollback(True, using=using)
    except DatabaseError as error:
        logger.warning("Health check: the database failed a write: %s", error)
        text = str(error).lower()
        if "locked" in text or "timeout" in text or "canceling statement" in text:
            return "database busy"
        if "readonly" in text or "read-only" in text:
            return "database read-only"
        return "database unavailable"
    if recorded != len(latest):
        logger.warning(
            "Health check: %d of %d migrations missing", len(latest) - recorded, len(latest)
        )
        return "database not migrated"
    return None


@contextmanager
def _short_waits(connection) -> Iterator[None]:
    """On SQLite, lower this connection's busy timeout for the probe, then put it back."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA busy_timeout = {min(before, PROBE_SECONDS * 1000)}")
    try:
        yield
    finally:
        if connection.connection is not None:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA busy_timeout = {before}")
