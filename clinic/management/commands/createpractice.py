"""Set up a practice and its owner on a new install, by flags or by answering prompts."""

from __future__ import annotations

import getpass

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from clinic.models import User
from clinic.services import practice_create


class Command(BaseCommand):
    help = "Create a practice and its owner (a therapist who manages staff)."

    def add_arguments(self, parser):
        parser.add_argument("--name", help="Practice name, as printed on self-care sheets")
        parser.add_argument("--owner", help="Owner's login name")
        parser.add_argument("--email", default="", help="Owner's email (for password resets)")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--time-zone", default="Europe/London")
        parser.add_argument(
            "--password",
            help="Owner's password. Omit it to be asked (safer: it stays out of shell history).",
        )
        parser.add_argument(
            "--no-input", action="store_true", help="Never prompt; fail if a value is missing"
        )

    def handle(self, *args, **options):
        interactive = not options["no_input"]
        name = options["name"] or self._ask("Practice name", interactive)
        owner = options["owner"] or self._ask("Owner's login name", interactive)
        if User.objects.filter(username__iexact=owner).exists():
            raise CommandError(f"The login name {owner!r} is taken; choose another with --owner.")
        password = options["password"] or self._ask_password(interactive)
        candidate = User(username=owner, email=options["email"], first_name=options["first_name"])
        try:
            password_validation.validate_password(password, candidate)
        except ValidationError as error:
            raise CommandError("Password refused: " + " ".join(error.messages)) from None
        from zoneinfo import available_timezones

        if options["time_zone"] not in available_timezones():
            raise CommandError(f"Unknown time zone {options['time_zone']!r} (try Europe/London).")
        practice = practice_create(
            name=name,
            owner_username=owner,
            owner_password=password,
            owner_email=options["email"],
            owner_first_name=options["first_name"],
            owner_last_name=options["last_name"],
            time_zone=options["time_zone"],
        )
        self.stdout.write(self.style.SUCCESS(f"Created {practice.name} with owner {owner}."))

    def _ask(self, label: str, interactive: bool) -> str:
        if not interactive:
            raise CommandError(f"{label} is required (see --help).")
        value = input(f"{label}: ").strip()
        if not value:
            raise CommandError(f"{label} can't be empty.")
        return value

    def _ask_password(self, interactive: bool) -> str:
        if not interactive:
            raise CommandError("--password is required with --no-input.")
        first = getpass.getpass("Owner's password: ")
        if first != getpass.getpass("Password again: "):
            raise CommandError("The two passwords differ.")
        return first
