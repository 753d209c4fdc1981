"""Account workflows that span several models; views, commands and tests all call these."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from clinic.emails import send_invitation
from clinic.models import Invitation, Membership, Practice, Role, User


@transaction.atomic
def practice_create(
    *,
    name: str,
    owner_username: str,
    owner_password: str,
    owner_email: str = "",
    owner_first_name: str = "",
    owner_last_name: str = "",
    **practice_fields,
) -> Practice:
    """A new practice with its owner, who is a therapist there."""
    practice = Practice.objects.create(name=name, **practice_fields)
    owner = User.objects.create_user(
        username=owner_username,
        password=owner_password,
        email=owner_email,
        first_name=owner_first_name,
        last_name=owner_last_name,
    )
    Membership.objects.create(user=owner, practice=practice, role=Role.OWNER)
    return practice


def invitation_send(
    *, practice: Practice, email: str, role: str, by: User, base_url: str
) -> Invitation:
    invitation = Invitation.objects.create(practice=practice, email=email, role=role, invited_by=by)
    accept_url = base_url.rstrip("/") + reverse("invitation_accept", args=[invitation.token])
    send_invitation(invitation, accept_url)
    return invitation


class InvitationUsed(Exception):
    """The invitation was used, withdrawn or expired since the page was loaded."""


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> User:
    """Claim the invitation, save the new user from the accept form and join them to the
    inviting practice: all of it, or nothing."""
    now = timezone.now()
    # One conditional UPDATE: of sign-ups racing on one link, only the first finds it open;
    # the others raise before any login is saved.
    if not Invitation.objects.pending().filter(pk=invitation.pk).update(accepted_at=now):
        raise InvitationUsed
    invitation.accepted_at = now
    user.email = invitation.email
    user.save()
    Membership.objects.create(user=user, practice=invitation.practice, role=invitation.role)
    return user


def staff_set_active(*, membership: Membership, active: bool) -> None:
    """Deactivated staff can't sign in; their records and history stay."""
    user = membership.user
    user.is_active = active
    user.save(update_fields=["is_active"])


def locked_usernames(usernames: list[str]) -> set[str]:
    """Which of these logins are locked out after too many wrong passwords."""
    from axes.models import AccessAttempt
    from django.conf import settings

    return set(
        AccessAttempt.objects.filter(
            username__in=usernames, failures_since_start__gte=settings.AXES_FAILURE_LIMIT
        ).values_list("username", flat=True)
    )


def staff_unlock(*, membership: Membership) -> None:
    from axes.utils import reset

    reset(username=membership.user.username)
