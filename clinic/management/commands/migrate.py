"""`migrate`, the one command allowed to create a missing SQLite database file."""

from django.core.management.commands import migrate

from clinic.sqlite_backend.base import creation_allowed


class Command(migrate.Command):
    def execute(self, *args, **options):
        # execute, not handle: the system checks before handle already open the database.
        with creation_allowed():
            return super().execute(*args, **options)
