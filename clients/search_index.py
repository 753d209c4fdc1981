"""SQLite's trigram index of client search (PostgreSQL's is a pg_trgm index, migration
0006): an FTS5 table with the trigram tokenizer over clients_client.search_text, kept in
step by triggers, which answers `MATCH '"word"'` from the index instead of reading every
client (see ClientQuerySet.search).

SQLite rebuilds a table to alter one of its columns, and the rebuild drops the table's
triggers; so every `migrate` checks they are still there and, when one is missing, puts
them back and re-indexes every client (`ensure`, called from ClientsConfig.ready's
post_migrate hook).
"""

from __future__ import annotations

TABLE = "clients_client_search"
TRIGGERS = (
    "clients_client_search_insert",
    "clients_client_search_delete",
    "clients_client_search_update",
)

# Plain text, no formatting: nothing here comes from outside.
CREATE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS clients_client_search USING fts5(search_text, "
    "content='clients_client', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS clients_client_search_insert AFTER INSERT ON clients_client "
    "BEGIN INSERT INTO clients_client_search(rowid, search_text) "
    "VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS clients_client_search_delete AFTER DELETE ON clients_client "
    "BEGIN INSERT INTO clients_client_search(clients_client_search, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS clients_client_search_update "
    "AFTER UPDATE OF search_text ON clients_client "
    "BEGIN INSERT INTO clients_client_search(clients_client_search, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO clients_client_search(rowid, search_text) "
    "VALUES (new.id, new.search_text); END",
]
REBUILD = "INSERT INTO clients_client_search(clients_client_search) VALUES ('rebuild')"
OPTIMIZE = "INSERT INTO clients_client_search(clients_client_search) VALUES ('optimize')"
DROP = [
    "DROP TRIGGER IF EXISTS clients_client_search_insert",
    "DROP TRIGGER IF EXISTS clients_client_search_delete",
    "DROP TRIGGER IF EXISTS clients_client_search_update",
    "DROP TABLE IF EXISTS clients_client_search",
]


def create(cursor) -> None:
    for statement in [*CREATE, REBUILD]:
        cursor.execute(statement)


def drop(cursor) -> None:
    for statement in DROP:
        cursor.execute(statement)


def missing(cursor) -> set[str]:
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name IN "
        "(%s, %s, %s, %s)",
        [TABLE, *TRIGGERS],
    )
    return {TABLE, *TRIGGERS} - {row[0] for row in cursor.fetchall()}


def ensure(connection) -> bool:
    """Put the table and triggers back if a table rebuild dropped any: True if it did."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        if "clients_client" not in connection.introspection.table_names(cursor):
            return False  # migrating backwards past the clients app
        if not missing(cursor):
            return False
        create(cursor)
    return True


def purge(connection) -> None:
    """Merge the index into one segment, which leaves out every deleted client's entries
    (FTS5 otherwise keeps them, marked deleted, until segments happen to merge)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(OPTIMIZE)
