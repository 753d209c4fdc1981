"""SQLite's counterpart of PostgreSQL's trigram index (migration 0006): an FTS5 table
with the trigram tokenizer, kept in step by triggers (clients/search_index.py). Nothing
happens on PostgreSQL."""

from django.db import migrations

from clients import search_index


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            search_index.create(cursor)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            search_index.drop(cursor)


class Migration(migrations.Migration):
    dependencies = [("clients", "0006_search_and_dashboard_indexes")]

    operations = [migrations.RunPython(create, drop)]
