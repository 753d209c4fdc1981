"""Small cross-cutting guards for a site that shows health data."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.db.utils import OperationalError
from django.http import HttpResponse
from django.shortcuts import redirect, resolve_url
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import urlencode

from clinic import two_factor

SEEN_KEY = "clinic_seen"  # in the session: the last activity, in seconds since the epoch
SEEN_EVERY = 60  # seconds: pages within a minute of the last write don't write again
# Seconds a browser or client is asked to wait after the database was too busy.
BUSY_RETRY_AFTER = 10

logger = logging.getLogger(__name__)


class SessionLimitsMiddleware:
    """Signs a user out after 30 idle minutes, and 12 hours after they signed in.

    The last activity is kept in the session itself, on the server: a stolen session
    cookie on its own carries no say over it. It is written at most once a minute, so most
    pages cost no session write. The absolute limit reads the user's last sign-in time.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        signed_in_before = user is not None and user.is_authenticated
        now = int(timezone.now().timestamp())
        if signed_in_before and self._expired(request, user, now):
            logout(request)
            return redirect_to_login(request.get_full_path())
        response = self.get_response(request)
        user = getattr(request, "user", None)  # may have just signed in or out
        signed_in = user is not None and user.is_authenticated
        # Noted at sign-in, then at most once a minute.
        if signed_in and (
            not signed_in_before or now - self._last_seen(request, user) >= SEEN_EVERY
        ):
            request.session[SEEN_KEY] = now
        return response

    @staticmethod
    def _last_seen(request, user) -> int:
        seen = request.session.get(SEEN_KEY)
        if isinstance(seen, int):
            return seen
        # Signing in through the login page sets it at once; only a session made without
        # passing here (the test client's force_login) counts from the sign-in instead.
        return int(user.last_login.timestamp()) if user.last_login else 0

    def _expired(self, request, user, now: int) -> bool:
        if user.last_login and now - user.last_login.timestamp() > settings.SESSION_ABSOLUTE_LIMIT:
            return True
        return now - self._last_seen(request, user) > settings.SESSION_IDLE_LIMIT


class NoStoreForSignedInMiddleware:
    """Pages seen while signed in may hold health data: no browser or proxy may keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


class TwoFactorMiddleware:
    """After the password, a user with two-factor on must enter a code before any other
    page, the admin included; a user for whom it is required but not yet set up must set
    it up first. Only the setup and code pages and signing out stay reachable.

    Whether the user has a device and whether it is required come with the user, loaded by
    ClinicBackend in its one query; django-otp's middleware adds one query for a verified
    session (the device it was verified by).
    """

    OPEN_VIEWS = frozenset({"two_factor_setup", "two_factor_verify", "logout"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or request.resolver_match.view_name in self.OPEN_VIEWS:
            return None
        if user.is_verified():
            return None
        if two_factor.is_on(user, as_loaded=True):
            target = "two_factor_verify"
        elif two_factor.is_required_for(user):
            target = "two_factor_setup"
        else:
            return None
        url = resolve_url(target)
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)


def database_busy_response() -> HttpResponse:
    """503 with the page that says nothing was saved. Rendered without the request, so
    without the context processors: they would ask the database that just failed."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(BUSY_RETRY_AFTER)
    add_never_cache_headers(response)
    return response


class DatabaseBusyMiddleware:
    """A view whose database stayed locked past the lock wait (DATABASE_LOCK_WAIT), or
    couldn't be reached, answers 503 with a page saying plainly that nothing was saved and
    to send again in a moment, instead of Django's bare "Server Error (500)".

    Every OperationalError counts: it is Django's name for "the database could not do
    this now" (locked, timed out, connection lost, file unreadable), never bad input; the
    rare one that is a bug (SQLite reports a missing column this way) is logged in full
    like the rest. An error raised outside the view (a middleware saving the session)
    reaches `clinic.views.server_error`, which answers the same way.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError):
            return None
        logger.error(
            "Database unavailable: %s %s", request.method, request.path, exc_info=exception
        )
        return database_busy_response()
