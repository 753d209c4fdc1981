"""SQLite's counterpart of PostgreSQL's trigram index (migration 0006): an FTS5 table with
the trigram tokenizer over clients_client.search_text, kept in step by triggers. It
answers `search_text LIKE '%word%'` from the index (words of three characters or more)
instead of reading every client. Nothing happens on PostgreSQL."""

from django.db import migrations

TABLE = "clients_client_search"

CREATE = [
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5("
    "search_text, content='clients_client', content_rowid='id', tokenize='trigram')",
    f"CREATE TRIGGER {TABLE}_insert AFTER INSERT ON clients_client BEGIN "
    f"INSERT INTO {TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END",
    f"CREATE TRIGGER {TABLE}_delete AFTER DELETE ON clients_client BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    f"CREATE TRIGGER {TABLE}_update AFTER UPDATE OF search_text ON clients_client BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    f"INSERT INTO {TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END",
    f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')",
]
DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_insert",
    f"DROP TRIGGER IF EXISTS {TABLE}_delete",
    f"DROP TRIGGER IF EXISTS {TABLE}_update",
    f"DROP TABLE IF EXISTS {TABLE}",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("clients", "0006_search_and_dashboard_indexes")]

    operations = [migrations.RunPython(create, drop)]
