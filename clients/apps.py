from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def restore_triggers(using: str = "default", **kwargs) -> None:
    from clients import audit_guard, search_index

    search_index.ensure(connections[using])
    audit_guard.ensure(connections[using])


class ClientsConfig(AppConfig):
    name = "clients"
    verbose_name = "Client records"

    def ready(self) -> None:
        # A migration that alters a column rebuilds the table on SQLite, and the rebuild
        # drops its triggers (the search index's, the audit guard's): every migrate checks.
        post_migrate.connect(restore_triggers, sender=self)
