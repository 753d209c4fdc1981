"""Account security: turning two-factor login on and off, backup codes, the code step of
signing in, and the owner's reset for a staff member who lost their phone."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from clinic import services, two_factor
from clinic.access import owner_required, practice_for
from clinic.forms import TwoFactorOffForm, TwoFactorSetupForm, TwoFactorVerifyForm
from clinic.models import Membership
from clinic.qr import qr_svg
from clinic.request_data import posted, safe_next

NEW_CODES_KEY = "clinic_new_backup_codes"


def _next_url(request: HttpRequest) -> str:
    return safe_next(request, request.POST.get("next") or request.GET.get("next") or "", "/")


def _signed_in_with(request: HttpRequest, device) -> None:
    """Mark the session as verified by `device`, under a new session key."""
    request.session.cycle_key()
    otp_login(request, device)


def _warn_when_few_codes_are_left(request: HttpRequest) -> None:
    left = two_factor.backup_codes_left(request.user)
    if left <= 3:
        codes = "backup code" if left == 1 else "backup codes"
        messages.warning(
            request, f"You have {left} {codes} left: make a new set under Account security."
        )


@require_http_methods(["GET"])
def account_security(request: HttpRequest) -> HttpResponse:
    user = request.user
    on = two_factor.is_on(user)
    return render(
        request,
        "registration/account_security.html",
        {
            "on": on,
            "required": two_factor.is_required_for(user),
            "codes_left": two_factor.backup_codes_left(user) if on else 0,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if two_factor.is_on(user):
        return redirect("account_security")
    device = two_factor.pending_device(user)
    form = TwoFactorSetupForm(posted(request), device=device)
    if request.method == "POST" and form.is_valid():
        request.session[NEW_CODES_KEY] = two_factor.turn_on(device)
        _signed_in_with(request, device)
        messages.success(request, "Two-factor login is on.")
        return redirect("two_factor_backup_codes")
    context = {
        "form": form,
        "qr": qr_svg(device.config_url, title="QR code to scan with your authenticator app"),
        "secret": two_factor.secret_for_typing(device),
        "required": two_factor.is_required_for(user),
    }
    return render(request, "registration/two_factor_setup.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_backup_codes(request: HttpRequest) -> HttpResponse:
    """New codes are shown once, on the page after they were made; the page then only
    counts what is left and offers a fresh set."""
    if not two_factor.is_on(request.user):
        return redirect("account_security")
    if request.method == "POST":
        request.session[NEW_CODES_KEY] = two_factor.new_backup_codes(request.user)
        messages.success(request, "New backup codes made: the old ones no longer work.")
        return redirect("two_factor_backup_codes")
    codes = request.session.pop(NEW_CODES_KEY, None)
    left = len(codes) if codes else two_factor.backup_codes_left(request.user)
    return render(
        request, "registration/two_factor_backup_codes.html", {"codes": codes, "left": left}
    )


@require_http_methods(["GET", "POST"])
def two_factor_off(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not two_factor.is_on(user):
        return redirect("account_security")
    if two_factor.is_required_for(user):
        messages.error(request, "Two-factor login is required for you, so it stays on.")
        return redirect("account_security")
    form = TwoFactorOffForm(posted(request), user=user, request=request)
    if request.method == "POST" and form.is_valid():
        two_factor.turn_off(user)
        messages.success(request, "Two-factor login is off. You sign in with your password.")
        return redirect("account_security")
    return render(request, "registration/two_factor_off.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not two_factor.is_on(user):
        return redirect("two_factor_setup" if two_factor.is_required_for(user) else "dashboard")
    form = TwoFactorVerifyForm(posted(request), user=user)
    if request.method == "POST" and form.is_valid():
        _signed_in_with(request, form.device)
        if two_factor.used_backup(form.device):
            _warn_when_few_codes_are_left(request)
        return redirect(_next_url(request))
    return render(
        request, "registration/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


@owner_required
@require_http_methods(["GET", "POST"])
def staff_two_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks the owner to confirm; POST removes the member's app and backup codes."""
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=pk, practice=practice_for(request)
    )
    member = membership.user
    if member.pk == request.user.pk:
        messages.error(request, "Turn your own two-factor login off under Account security.")
        return redirect("staff_list")
    on = two_factor.is_on(member)
    if request.method == "POST":
        if on:
            services.staff_two_factor_reset(membership=membership, by=request.user)
            messages.success(request, f"Two-factor login was reset for {member.display_name}.")
        else:
            messages.info(request, f"{member.display_name} had no two-factor login to reset.")
        return redirect("staff_list")
    return render(
        request,
        "clinic/staff_two_factor_reset.html",
        {"member": member, "on": on, "required": two_factor.is_required_for(member)},
    )
