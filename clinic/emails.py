"""Email documents: one function per message, wording in templates/clinic/email/."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from clinic.models import Invitation


def one_line(text: str) -> str:
    """Text fit for a header: a name saved before control characters were refused could
    hold a line break, which would make the whole email fail."""
    return " ".join(text.split())


def send_invitation(invitation: Invitation, accept_url: str) -> None:
    context = {"invitation": invitation, "accept_url": accept_url}
    send_mail(
        subject=f"You're invited to join {one_line(invitation.practice.name)} on Clinic",
        message=render_to_string("clinic/email/invitation.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[invitation.email],
    )
