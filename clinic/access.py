"""Who may see what: the practice of the signed-in user, and the owner-only guard.

Every client-scoped lookup starts from `practice_for(request)`, so a user of another
practice (or a site admin with no practice) gets a 404, never someone else's data.
"""

from __future__ import annotations

from functools import wraps

from django.http import Http404, HttpRequest

from clinic.models import Membership, Practice


def membership_for(request: HttpRequest) -> Membership | None:
    """The user's membership with its practice (loaded with the user by ClinicBackend)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    try:
        return user.membership
    except Membership.DoesNotExist:
        return None


def practice_for(request: HttpRequest) -> Practice:
    membership = membership_for(request)
    if membership is None:
        raise Http404("You are not a member of a practice.")
    return membership.practice


def owner_required(view):
    """Only the practice owner manages staff and practice settings; others get a 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        membership = membership_for(request)
        if membership is None or not membership.is_owner:
            raise Http404("Only the practice owner can do this.")
        return view(request, *args, **kwargs)

    return wrapper
