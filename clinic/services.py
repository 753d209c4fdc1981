"""Account workflows that span several models; views, commands and tests all call these."""

from __future__ import annotations

from django.apps import apps
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from clinic import two_factor
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
    _audit(invitation.practice, by=user, action="joined", member=user)
    return user


def staff_set_active(*, membership: Membership, active: bool, by: User) -> None:
    """Deactivated staff can't sign in; their records and history stay."""
    user_set_active(user=membership.user, active=active, by=by)


@transaction.atomic
def user_set_active(*, user: User, active: bool, by: User) -> None:
    """Deactivating ends the user's sessions at once, for good: reactivating lets them sign
    in again but revives none. A change to a practice's staff goes on its audit trail."""
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        user.end_sessions()
    membership = Membership.objects.filter(user=user).select_related("practice").first()
    if membership is not None:
        action = "reactivated" if active else "deactivated"
        _audit(membership.practice, by=by, action=action, member=user)


def locked_usernames(usernames: list[str]) -> set[str]:
    """Which of these logins are locked out after too many wrong passwords."""
    from axes.models import AccessAttempt
    from django.conf import settings

    return set(
        AccessAttempt.objects.filter(
            username__in=usernames, failures_since_start__gte=settings.AXES_FAILURE_LIMIT
        ).values_list("username", flat=True)
    )


def staff_unlock(*, membership: Membership, by: User) -> None:
    from axes.utils import reset

    reset(username=membership.user.username)
    _audit(membership.practice, by=by, action="unlocked", member=membership.user)


@transaction.atomic
def staff_two_factor_reset(*, membership: Membership, by: User) -> None:
    """For a member who lost their phone: they sign in with their password and set up a
    new app (where it is required) at their next sign-in."""
    two_factor.turn_off(membership.user)
    _audit(membership.practice, by=by, action="2fa_reset", member=membership.user)


def _audit(practice: Practice, *, by: User, action: str, member: User) -> None:
    """A change to the practice's staff, on the practice's audit trail. The trail's table
    belongs to the client records (nearly every row is about a client), and accounts know
    no app: so it is reached by name, here only."""
    audit_event = apps.get_model("clients", "AuditEvent")
    audit_event.objects.create(
        practice=practice,
        user=by,
        action=audit_event.Action(action),  # a typo fails here, not on the trail page
        target=f"login {member.username}"[:60],
    )
