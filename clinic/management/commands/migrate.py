"""`migrate`, the one command allowed to create a missing SQLite database file."""

from django.core.management.commands import migrate

from clinic.sqlite_backend.base import creation_allowed


class Command(migrate.Command):
    def handle(self, *args, **options):
        with creation_allowed():
            return super().handle(*args, **options)
