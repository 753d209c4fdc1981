"""`python manage.py send_reminders [--dry-run]`: email the session reminders due now.

Safe to run every few minutes, also twice at once: each session is claimed before its
email goes (clients/services/reminders.py). docs/deploy.md has a systemd timer and a cron
line. The output names sessions and client numbers only, never a client's name.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from clients.audit import client_ref
from clients.services import reminders


class Command(BaseCommand):
    help = "Email the session reminders that are due now (each one once)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the reminders due, send nothing."
        )

    def handle(self, *args, dry_run: bool = False, **options):
        if dry_run:
            due = reminders.due_reminders()
            for session in due:
                start = timezone.localtime(session.start)
                self.stdout.write(
                    f"session {session.pk} at {start:%Y-%m-%d %H:%M %Z} for "
                    f"{client_ref(session.client_id)}"
                )
            self.stdout.write(f"{len(due)} reminder(s) due; none sent (dry run).")
            return
        sent = reminders.send_due_reminders()
        self.stdout.write(f"{sent} reminder(s) sent.")
