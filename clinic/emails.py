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


def send_text(*, to: str, subject: str, template: str, context: dict) -> None:
    """One plain-text email from the site's address, worded by `template`, its subject on
    one line. Raises what the mail backend raises when it can't send."""
    send_mail(
        subject=one_line(subject),
        message=render_to_string(template, context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[to],
    )


def send_invitation(invitation: Invitation, accept_url: str) -> None:
    send_text(
        to=invitation.email,
        subject=f"You're invited to join {invitation.practice.name} on Clinic",
        template="clinic/email/invitation.txt",
        context={"invitation": invitation, "accept_url": accept_url},
    )
