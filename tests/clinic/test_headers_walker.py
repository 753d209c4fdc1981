"""Every page of the site, built with real records, sends the security headers.

The walker enumerates every URL pattern (as the allow-list and isolation walkers do),
fills each argument from a small world of records so the page really answers, and
checks each response: no framing, no sniffing, a referrer policy, a Content-Security-
Policy without inline script, no inline <script> in HTML, and `no-store` wherever health
data may show (every signed-in page, and the client's private links and PDFs). A second
pass runs the same walk with the settings that `CLINIC_ENV=production` produces (read
from a fresh interpreter) and checks HSTS and the cookies' Secure, HttpOnly and SameSite
flags. A URL argument the walker does not know how to fill fails the test, so a new page
is covered as soon as it is routed.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.auth.tokens import default_token_generator
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from clients.models import CalendarFeed, Clearance, IntakeLink
from clinic.models import Invitation
from clinic.urls import PUBLIC_URL_NAMES
from tests.clients.sheet_helpers import issued_for, screened_client
from tests.clinic.test_public_allow_list import site_patterns
from tests.factories import TEST_PASSWORD, NoteFactory, SessionFactory, SheetLinkFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
ARGUMENT = re.compile(r"<(?:(\w+):)?(\w+)>")
STRICT_REFERRER_POLICIES = {"same-origin", "no-referrer", "strict-origin"}
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>")
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
# The public pages that show a client's own record (or a feed of sessions).
PRIVATE_PUBLIC_PAGES = {
    "clients:self_intake",
    "clients:shared_sheet",
    "clients:shared_sheet_pdf",
    "clients:calendar_feed",
}
LOGIN_REDIRECT = "/accounts/login/"


@pytest.fixture
def world(practice, owner, therapist):
    """One client with every kind of record, plus the tokens the public pages take."""
    client = screened_client(
        practice, first_name="Quentin", last_name="Zephyrine", red_flags=["RF09"]
    )
    intake = client.intakes.get()
    Clearance.objects.create(
        intake=intake, code="RF09", cleared_by="Dr X", cleared_on=timezone.localdate()
    )
    intake_link = IntakeLink.objects.create(
        client=client, expires=timezone.now() + timedelta(days=7)
    )
    session = SessionFactory(client=client, therapist=therapist)
    NoteFactory(session=session)
    sheet = issued_for(client, therapist)
    sheet_link = SheetLinkFactory(sheet=sheet)
    invitation = Invitation.objects.create(practice=practice, email="new@example.org")
    feed = CalendarFeed.objects.create(user=therapist)
    ids = {
        "pk": client.pk,
        "intake_pk": intake.pk,
        "link_pk": intake_link.pk,
        "session_pk": session.pk,
        "sheet_pk": sheet.pk,
    }
    # Practice pages take the id of a staff membership or of an invitation.
    practice_ids = {
        "practice/staff/<int:pk>/": {"pk": therapist.membership.pk},
        "practice/invitations/<int:pk>/": {"pk": invitation.pk},
    }
    tokens = {
        "clients:self_intake": {"token": intake_link.token},
        "clients:shared_sheet": {"token": sheet_link.token},
        "clients:shared_sheet_pdf": {"token": sheet_link.token},
        "clients:daily_log": {"token": sheet_link.token},
        "clients:calendar_feed": {"token": feed.token},
        "clients:generic_sheet": {"pattern": "psoas"},
        "clients:generic_sheet_pdf": {"pattern": "psoas"},
        "techniques:detail": {"slug": "heat-pack"},
        "techniques:diagram": {"slug": "heat-pack"},
        "invitation_accept": {"token": invitation.token},
        "password_reset_confirm": {
            "uidb64": urlsafe_base64_encode(force_bytes(owner.pk)),
            "token": default_token_generator.make_token(owner),
        },
    }
    return {"ids": ids, "practice_ids": practice_ids, "named": tokens, "sheet_link": sheet_link}


def arguments_for(route: str, name: str, world: dict) -> dict[str, str]:
    """Every argument of the route, or a failure naming what the walker cannot build."""
    wanted = [argument for _, argument in ARGUMENT.findall(route)]
    if name in world["named"]:
        values = world["named"][name]
    elif any(route.startswith(prefix) for prefix in world["practice_ids"]):
        values = next(v for p, v in world["practice_ids"].items() if route.startswith(p))
    elif name.startswith("clients:"):
        values = dict(world["ids"])
        if "sheets/<int:sheet_pk>/links/<int:link_pk>" in route:  # a sheet's link
            values["link_pk"] = world["sheet_link"].pk
    else:
        values = {}
    missing = [argument for argument in wanted if argument not in values]
    assert not missing, f"{route} ({name}): teach the headers walker to build {missing}"
    return {argument: str(values[argument]) for argument in wanted}


def build_path(route: str, name: str, world: dict) -> str:
    values = arguments_for(route, name, world)
    return "/" + ARGUMENT.sub(lambda m: values[m.group(2)], route)


def is_public(name: str | None) -> bool:
    return name in PUBLIC_URL_NAMES


def named_patterns() -> list[tuple[str, str]]:
    patterns = [(route, name) for route, name, _ in site_patterns()]
    unnamed = [route for route, name in patterns if not name]
    assert not unnamed, f"name these routes so the walkers can tell them apart: {unnamed}"
    return patterns


# --- What each response must carry ------------------------------------------------------


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed[words[0].lower()] = words[1:]
    return parsed


def header_problems(response, *, health_data: bool) -> list[str]:
    problems = []
    if response.get("X-Frame-Options") != "DENY":
        problems.append(f"X-Frame-Options is {response.get('X-Frame-Options')!r}")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if response.get("Referrer-Policy") not in STRICT_REFERRER_POLICIES:
        problems.append(f"Referrer-Policy is {response.get('Referrer-Policy')!r}")
    policy = directives(response.get("Content-Security-Policy", ""))
    scripts = policy.get("script-src", policy.get("default-src"))
    if scripts is None:
        problems.append("no Content-Security-Policy for scripts")
    elif {"'unsafe-inline'", "'unsafe-eval'", "*"} & set(scripts):
        problems.append(f"script-src allows {scripts}")
    if policy.get("frame-ancestors") != ["'none'"]:
        problems.append("CSP frame-ancestors is not 'none'")
    if health_data:
        cache_control = {
            word.strip().lower() for word in response.get("Cache-Control", "").split(",")
        }
        if "no-store" not in cache_control:
            problems.append(f"Cache-Control is {response.get('Cache-Control')!r}, not no-store")
    if response.get("Content-Type", "").startswith("text/html"):
        html = response.content.decode()
        problems += [f"inline script {tag}" for tag in INLINE_SCRIPT.findall(html)]
        problems += [f"event handler attribute in {tag}…" for tag in EVENT_HANDLER.findall(html)]
    return problems


def fetch(client, path: str, **extra):
    response = client.get(path, **extra)
    assert response.status_code in {200, 302, 405}, f"GET {path} answered {response.status_code}"
    if response.status_code == 302:
        assert not response["Location"].startswith(LOGIN_REDIRECT), (
            f"GET {path} sent a signed-in user to sign in"
        )
    return response


def walk_signed_in(client, world, **extra) -> dict[str, list[str]]:
    found = {}
    for route, name in named_patterns():
        path = build_path(route, name, world)
        response = fetch(client, path, **extra)
        found[f"{name} {path} ({response.status_code})"] = header_problems(
            response, health_data=True
        )
    return found


def walk_anonymous(client, world, **extra) -> dict[str, list[str]]:
    found = {}
    for route, name in named_patterns():
        if not is_public(name):
            continue
        path = build_path(route, name, world)
        response = client.get(path, **extra)
        assert response.status_code in {200, 302, 405}, (
            f"GET {path} answered {response.status_code}"
        )  # 405: POST only
        found[f"{name} {path} ({response.status_code})"] = header_problems(
            response, health_data=name in PRIVATE_PUBLIC_PAGES
        )
    return found


def only_problems(found: dict[str, list[str]]) -> dict[str, list[str]]:
    return {page: problems for page, problems in found.items() if problems}


def test_the_checks_notice_a_missing_or_weak_header():
    from django.http import HttpResponse

    bare = HttpResponse("<p>Hello</p><script>alert(1)</script><a onclick='x()'>")
    problems = header_problems(bare, health_data=True)
    assert len(problems) == 8, problems
    good = HttpResponse("<script src='/static/a.js'></script>")
    good["X-Frame-Options"], good["X-Content-Type-Options"] = "DENY", "nosniff"
    good["Referrer-Policy"], good["Cache-Control"] = "same-origin", "max-age=0, no-store"
    good["Content-Security-Policy"] = "default-src 'self'; frame-ancestors 'none'"
    assert header_problems(good, health_data=True) == []
    good["Content-Security-Policy"] += "; script-src 'self' 'unsafe-inline'"
    assert header_problems(good, health_data=False) != []


# --- The walks ----------------------------------------------------------------------------


def test_the_walker_can_build_every_route(world):
    for route, name in named_patterns():
        build_path(route, name, world)


def test_every_page_sends_the_headers_to_a_signed_in_owner(owner_client, world):
    found = walk_signed_in(owner_client, world)
    assert len(found) == len(named_patterns())
    assert only_problems(found) == {}


def test_every_public_page_sends_the_headers_to_an_anonymous_visitor(client, world):
    found = walk_anonymous(client, world)
    assert {page.split()[0] for page in found} == set(PUBLIC_URL_NAMES)
    assert only_problems(found) == {}


def test_the_client_private_pages_answer_with_their_record(client, world):
    """The walk reached the real pages, not a 'link expired' page."""
    for name in ("clients:self_intake", "clients:shared_sheet", "clients:shared_sheet_pdf"):
        response = client.get(reverse(name, kwargs=world["named"][name]))
        assert response.status_code == 200, name
        assert "no-store" in response["Cache-Control"]


def test_admin_pages_send_the_headers_too(admin_client):
    found = {}
    for model in admin.site._registry:
        meta = model._meta
        for view in ("changelist", "add"):
            path = reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}")
            response = admin_client.get(path)
            assert response.status_code in {200, 403}, f"{path}: {response.status_code}"
            found[path] = header_problems(response, health_data=True)
        first = model.objects.order_by("pk").first()
        if first is not None:
            path = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk])
            found[path] = header_problems(admin_client.get(path), health_data=True)
    assert found, "the admin has no models registered?"
    assert only_problems(found) == {}


# --- Production settings ------------------------------------------------------------------

PRODUCTION_NAMES = [
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_REDIRECT_EXEMPT",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "SESSION_COOKIE_NAME",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
    "CSRF_COOKIE_NAME",
    "X_FRAME_OPTIONS",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "CONTENT_SECURITY_POLICY",
]


@pytest.fixture(scope="module")
def production_settings() -> dict:
    """The security settings exactly as `CLINIC_ENV=production` makes them."""
    script = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{n: getattr(settings, n) for n in {PRODUCTION_NAMES!r}}}))"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECURE_HSTS_SECONDS", "SECURE_SSL_REDIRECT", "DATABASE_URL"}
    }
    env.update(
        CLINIC_ENV="production",
        SECRET_KEY="production-like-" + "x" * 50,
        ALLOWED_HOSTS="testserver",
        DJANGO_SETTINGS_MODULE="clinic.settings",
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


def test_production_asks_for_a_year_of_hsts_and_safe_cookies(production_settings):
    assert production_settings["SECURE_HSTS_SECONDS"] >= 365 * 24 * 60 * 60
    assert production_settings["SECURE_SSL_REDIRECT"] is True
    assert production_settings["SESSION_COOKIE_SECURE"] is True
    assert production_settings["CSRF_COOKIE_SECURE"] is True
    assert production_settings["SESSION_COOKIE_HTTPONLY"] is True
    assert production_settings["SESSION_COOKIE_SAMESITE"] in {"Lax", "Strict"}
    assert production_settings["CSRF_COOKIE_SAMESITE"] in {"Lax", "Strict"}


def hsts_problems(found_responses) -> dict[str, str]:
    problems = {}
    for path, response in found_responses:
        hsts = response.get("Strict-Transport-Security", "")
        match = re.search(r"max-age=(\d+)", hsts)
        if not match or int(match.group(1)) < 365 * 24 * 60 * 60:
            problems[path] = hsts or "no Strict-Transport-Security"
    return problems


def test_in_production_every_page_sends_hsts_and_the_headers(
    owner_client, world, production_settings
):
    with override_settings(**production_settings):
        responses, found = [], {}
        for route, name in named_patterns():
            path = build_path(route, name, world)
            response = fetch(owner_client, path, secure=True)
            responses.append((path, response))
            found[path] = header_problems(response, health_data=True)
        assert only_problems(found) == {}
        assert hsts_problems(responses) == {}
        # Plain HTTP is sent to HTTPS before anything is shown.
        plain = owner_client.get(reverse("dashboard"))
        assert plain.status_code == 301
        assert plain["Location"].startswith("https://")


def test_in_production_public_pages_send_hsts_too(client, world, production_settings):
    with override_settings(**production_settings):
        responses = []
        for route, name in named_patterns():
            if is_public(name):
                path = build_path(route, name, world)
                responses.append((path, client.get(path, secure=True)))
        assert hsts_problems(responses) == {}


def cookie_flags(morsel) -> dict:
    return {
        "secure": bool(morsel["secure"]),
        "httponly": bool(morsel["httponly"]),
        "samesite": morsel["samesite"],
    }


def test_in_production_signing_in_sets_only_secure_same_site_cookies(
    client, owner, production_settings
):
    session_name = production_settings["SESSION_COOKIE_NAME"]
    csrf_name = production_settings["CSRF_COOKIE_NAME"]
    with override_settings(**production_settings):
        login_page = client.get(reverse("login"), secure=True)
        assert login_page.status_code == 200
        assert csrf_name in login_page.cookies
        signed_in = client.post(
            reverse("login"),
            {"username": owner.username, "password": TEST_PASSWORD},
            secure=True,
        )
        assert signed_in.status_code == 302, "the owner could not sign in"
        cookies = {**login_page.cookies, **signed_in.cookies}
        assert session_name in cookies
        for name, morsel in cookies.items():
            flags = cookie_flags(morsel)
            assert flags["secure"], f"cookie {name} is not Secure"
            assert flags["samesite"] in {"Lax", "Strict"}, f"cookie {name}: {flags}"
            if name != csrf_name:  # the CSRF token is readable by design; nothing else is
                assert flags["httponly"], f"cookie {name} is readable by scripts"
