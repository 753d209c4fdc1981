from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def restore_search_index(using: str = "default", **kwargs) -> None:
    from clients import search_index

    search_index.ensure(connections[using])


class ClientsConfig(AppConfig):
    name = "clients"
    verbose_name = "Client records"

    def ready(self) -> None:
        # A migration that alters a client column rebuilds the table on SQLite, and the
        # rebuild drops the search index's triggers: every migrate checks for them.
        post_migrate.connect(restore_search_index, sender=self)
