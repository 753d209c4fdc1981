from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def refresh_statistics(using: str = "default", **kwargs) -> None:
    """The database chooses indexes from the statistics ANALYZE gathers. SQLite never
    gathers them by itself: without them it walks the wrong index for the dashboard and
    search (5–10 times slower at 10,000 clients). PostgreSQL's autovacuum does, but only
    a while after a large change. Every `migrate` refreshes them."""
    connection = connections[using]
    if connection.vendor in ("sqlite", "postgresql"):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


class ClinicConfig(AppConfig):
    name = "clinic"
    verbose_name = "Accounts and practices"

    def ready(self) -> None:
        # Once per migrate, not once per app: sent with this app as the sender.
        post_migrate.connect(refresh_statistics, sender=self)
