"""Development only: demo clients in the demo practice, one for each triage level and
decision, and one with a self-intake waiting for review. Run by `make run` after `demo`."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from clients.models import Clearance, Client, Intake, IntakeLink, IntakeSource, IntakeStatus
from clinic.models import User

# first, last, born, answers, note
DEMO_CLIENTS = [
    (
        "Grace",
        "Whitfield",
        date(1979, 3, 14),
        {
            "red_flags": ["RF01"],
            "symptoms": ["SC01", "SC02"],
            "pain_regions": ["low_back", "buttock_left", "calf_left"],
        },
        "Emergency: saddle numbness",
    ),
    (
        "Tom",
        "Okafor",
        date(1961, 9, 2),
        {"red_flags": ["RF09"], "new_onset": True, "pain_regions": ["low_back"]},
        "Urgent: cancer history with new back pain",
    ),
    (
        "Helen",
        "Park",
        date(1967, 6, 21),
        {
            "new_onset": True,
            "symptoms": ["PS01", "PS02", "PS04"],
            "pain_regions": ["low_back", "front_hip_right"],
        },
        "GP review: over 50 with a new episode",
    ),
    (
        "Daniel",
        "Weber",
        date(1990, 1, 30),
        {"contraindications": ["CI02"], "symptoms": ["PS01"], "pain_regions": ["low_back"]},
        "Do not treat: fever today",
    ),
    (
        "Sam",
        "Rivera",
        date(1985, 11, 5),
        {
            "symptoms": ["SC01", "SC03", "SC05"],
            "contraindications": ["CI15:GLUT"],
            "pain_regions": ["buttock_right", "back_thigh_right", "calf_right"],
        },
        "Treat with precautions: sciatica, graze on the buttock",
    ),
    (
        "Priya",
        "Shah",
        date(1992, 4, 17),
        {
            "symptoms": ["PS01", "PS03", "PS04", "PS07"],
            "pain_regions": ["low_back", "groin_left", "front_hip_left"],
        },
        "Treat: psoas pattern",
    ),
    (
        "Mark",
        "Evans",
        date(1958, 12, 9),
        {"red_flags": ["RF09"], "symptoms": ["SC07", "SC09"], "pain_regions": ["buttock_left"]},
        "RF09 cleared by the GP: treat with precautions",
    ),
]
SELF_INTAKE_CLIENT = ("Lucy", "Chen", date(1988, 8, 8))


class Command(BaseCommand):
    help = "Add demo clients to the demo practice (development only)."

    @transaction.atomic
    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo clients are for development only.")
        owner = (
            User.objects.filter(username="demo-therapist")
            .select_related("membership__practice")
            .first()
        )
        if owner is None or not hasattr(owner, "membership"):
            raise CommandError("Run `python manage.py demo` first.")
        practice = owner.membership.practice
        if practice.clients.exists():
            self.stdout.write("Demo clients already present.")
            return
        now = timezone.now()
        for first, last, born, answers, note in DEMO_CLIENTS:
            client = Client.objects.create(
                practice=practice,
                first_name=first,
                last_name=last,
                date_of_birth=born,
                phone="07700 900000",
                doctor_name="Dr A. Example",
                doctor_contact="Riverside Surgery, 1 High Street",
                notes=note,
                created_by=owner,
            )
            intake = Intake.objects.create(
                client=client,
                status=IntakeStatus.SIGNED,
                pain_now=6,
                created_by=owner,
                signed_by=owner,
                signed_at=now - timedelta(days=1),
                consent_version="2026-11",
                consent_name=f"{first} {last}",
                consent_at=now - timedelta(days=1),
                goals="Walk the dog without pain",
                **{"new_onset": False, **answers},
            )
            if last == "Evans":
                Clearance.objects.create(
                    intake=intake,
                    code="RF09",
                    cleared_by="Dr A. Example, GP",
                    cleared_on=now.date(),
                    note="Reviewed; no sign of recurrence. Fine for gentle massage.",
                    recorded_by=owner,
                )
        first, last, born = SELF_INTAKE_CLIENT
        client = Client.objects.create(
            practice=practice,
            first_name=first,
            last_name=last,
            date_of_birth=born,
            created_by=owner,
        )
        intake = Intake.objects.create(
            client=client,
            source=IntakeSource.CLIENT,
            new_onset=False,
            pain_now=4,
            symptoms=["SC07", "SC05"],
            pain_regions=["buttock_left", "back_thigh_left"],
            consent_version="2026-11",
            consent_name=f"{first} {last}",
            consent_at=now,
            goals="Sit through a work day",
        )
        IntakeLink.objects.create(
            client=client,
            created_by=owner,
            expires=now + timedelta(days=7),
            used_at=now,
            intake=intake,
        )
        self.stdout.write(
            f"Added {len(DEMO_CLIENTS) + 1} demo clients, one with a self-intake to review."
        )
