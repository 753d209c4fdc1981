from __future__ import annotations

import sys

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.db.utils import OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from clinic import health, services, two_factor
from clinic.access import owner_required, practice_for
from clinic.forms import AcceptInvitationForm, InvitationForm, PracticeForm
from clinic.middleware import database_busy_response
from clinic.models import Invitation, Membership
from clinic.request_data import posted


@login_not_required
@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database is the migrated one and takes a write, 503 otherwise, for the
    proxy's and the monitor's health checks."""
    problem = health.database_problem()
    if problem is not None:
        return HttpResponse(f"{problem}\n", status=503, content_type="text/plain; charset=utf-8")
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


@login_not_required
@require_GET
@never_cache
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page links: send them to the PNG icon
    (temporarily, since the static file's hashed name changes with the icon)."""
    return redirect(static("img/favicon-32.png"))


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the busy page (503) when the database was the trouble, wherever it was
    raised (a view's are caught earlier by DatabaseBusyMiddleware); Django's plain 500
    otherwise."""
    if isinstance(sys.exception(), OperationalError):
        return database_busy_response()
    return defaults.server_error(request)


@owner_required
def staff_list(request: HttpRequest) -> HttpResponse:
    practice = practice_for(request)
    staff = list(practice.memberships.select_related("user"))
    locked = services.locked_usernames([member.user.username for member in staff])
    with_two_factor = two_factor.users_with_two_factor([member.user_id for member in staff])
    for member in staff:
        member.is_locked = member.user.username in locked
        member.has_two_factor = member.user_id in with_two_factor
    invitations = practice.invitations.pending()
    return render(request, "clinic/staff_list.html", {"staff": staff, "invitations": invitations})


@owner_required
@require_POST
def staff_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=pk, practice=practice_for(request))
    services.staff_unlock(membership=membership, by=request.user)
    messages.success(request, f"{membership.user.display_name} can sign in again.")
    return redirect("staff_list")


@owner_required
def staff_invite(request: HttpRequest) -> HttpResponse:
    practice = practice_for(request)
    form = InvitationForm(request.POST or None, practice=practice)
    if request.method == "POST" and form.is_valid():
        services.invitation_send(
            practice=practice,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            by=request.user,
            base_url=request.build_absolute_uri("/"),
        )
        messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
        return redirect("staff_list")
    return render(request, "clinic/staff_invite.html", {"form": form})


@owner_required
@require_POST
def staff_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=pk, practice=practice_for(request))
    if membership.user_id == request.user.pk:
        messages.error(request, "You can't deactivate your own login.")
        return redirect("staff_list")
    active = request.POST.get("active") == "1"
    services.staff_set_active(membership=membership, active=active, by=request.user)
    verb = "reactivated" if active else "deactivated"
    messages.success(request, f"{membership.user.display_name} was {verb}.")
    return redirect("staff_list")


@owner_required
@require_POST
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation, pk=pk, practice=practice_for(request))
    invitation.revoked = True
    invitation.save(update_fields=["revoked"])
    messages.success(request, f"The invitation for {invitation.email} was withdrawn.")
    return redirect("staff_list")


@owner_required
def practice_settings(request: HttpRequest) -> HttpResponse:
    practice = practice_for(request)
    data = posted(request)  # an empty POST still binds, so it shows what's missing
    form = PracticeForm(data, request.FILES if data is not None else None, instance=practice)
    if data is not None and form.is_valid():
        form.save()
        messages.success(request, "Practice details saved.")
        return redirect("practice_settings")
    return render(request, "clinic/practice_settings.html", {"form": form})


@login_not_required
@never_cache
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = Invitation.objects.select_related("practice").filter(token=token).first()
    if invitation is None or not invitation.is_usable:
        return render(request, "clinic/invitation_invalid.html", status=404)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(invitation=invitation, user=form.save(commit=False))
        except services.InvitationUsed:  # by another sign-up a moment ago
            return render(request, "clinic/invitation_invalid.html", status=404)
        login(request, user, backend="clinic.backends.ClinicBackend")
        messages.success(request, f"Welcome to {invitation.practice.name}.")
        return redirect("dashboard")
    return render(
        request, "clinic/invitation_accept.html", {"form": form, "invitation": invitation}
    )
