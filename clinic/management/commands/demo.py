"""Development only: a demo practice with known logins, for `make run`.

Never run by migrations; refused in production.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from clinic.models import Membership, Practice, Role, User
from clinic.services import practice_create

DEMO_PASSWORD = "clinic-demo-2026"  # nosec B105  # public demo login, dev only
DEMO_PRACTICE = "Demo Bodywork Studio"


class Command(BaseCommand):
    help = "Create the demo practice (owner demo-therapist) and site admin demo-admin. Dev only."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "The demo logins are for development only, not with CLINIC_ENV=production."
            )
        if not User.objects.filter(username="demo-therapist").exists():
            practice_create(
                name=DEMO_PRACTICE,
                owner_username="demo-therapist",
                owner_password=DEMO_PASSWORD,
                owner_email="therapist@example.com",
                owner_first_name="Dana",
                owner_last_name="Demo",
                address="12 Example Street\nSampletown",
                phone="01234 567890",
                email="hello@example.com",
                require_two_factor=False,  # the demo logins sign in with a password alone
            )
        therapist = User.objects.get(username="demo-therapist")
        if not hasattr(therapist, "membership"):
            practice = Practice.objects.filter(
                name=DEMO_PRACTICE
            ).first() or Practice.objects.create(name=DEMO_PRACTICE)
            Membership.objects.create(user=therapist, practice=practice, role=Role.OWNER)
        if not User.objects.filter(username="demo-admin").exists():
            User.objects.create_superuser("demo-admin", "admin@example.com", DEMO_PASSWORD)
        self.stdout.write(
            "Demo logins (development only):\n"
            f"  therapist / practice owner: demo-therapist  password: {DEMO_PASSWORD}\n"
            f"  site admin (library):       demo-admin      password: {DEMO_PASSWORD}\n"
            "Neither is asked for a two-factor code unless TWO_FACTOR_FOR_SITE_ADMINS is set; "
            "turn it on under Account security to try it."
        )
