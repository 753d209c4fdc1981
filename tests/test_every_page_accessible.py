"""Every GET page of the site, at phone, tablet and desktop width, passes axe (no serious or
critical violations) and leaves a screenshot in screenshots/. Private pages are seen as a
therapist of the practice (practice pages as its owner), public pages signed out. A new
route that this test cannot build a path for fails it, so the sweep stays complete."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from clients.models import CalendarFeed, CheckIn, Clearance, IntakeLink, PlanItem
from clinic.models import Invitation, Membership
from techniques.models import Entry
from tests.browser import VIEWPORTS, sign_in
from tests.clients.sheet_helpers import issued_for
from tests.clinic.test_public_allow_list import is_public, site_patterns
from tests.factories import (
    ClientFactory,
    IntakeFactory,
    NoteFactory,
    SessionFactory,
    SheetLinkFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ARGUMENT = re.compile(r"<(?:(\w+):)?(\w+)>")
# Practice-owner pages outside practice/: seen as the owner, like the practice pages.
OWNER_PAGES = {"clients:audit_trail", "clients:export", "clients:erase"}
# Which record a `<str:token>` stands for, by URL name.
TOKENS = {
    "invitation_accept": "invitation_token",
    "clients:self_intake": "intake_link_token",
    "clients:calendar_feed": "feed_token",
    "clients:shared_sheet": "sheet_link_token",
    "clients:shared_sheet_pdf": "sheet_link_token",
    "clients:daily_log": "sheet_link_token",
}


@pytest.fixture
def world(practice, owner, therapist):
    """A realistic practice: a screened client with a cleared red flag, a session with a
    check-in, a plan and a note, an issued sheet with its link, an intake link."""
    now = timezone.now()
    client = ClientFactory(practice=practice, first_name="Maria", last_name="Lopez")
    intake = IntakeFactory(
        client=client,
        symptoms=["PS01", "PS02", "PS04"],
        pain_regions=["front_hip_left"],
        red_flags=["RF09"],
    )
    Clearance.objects.create(
        intake=intake, code="RF09", cleared_by="Dr Patel", cleared_on=timezone.localdate()
    )
    intake_link = IntakeLink.objects.create(client=client, expires=now + timedelta(days=7))
    session = SessionFactory(client=client, therapist=therapist, start=now + timedelta(hours=2))
    CheckIn.objects.create(session=session, anything_changed=False)
    for position, slug in enumerate(
        ["swedish-warmup-lumbar-gluteal", "side-lying-lumbar-release", "hip-range-of-motion"]
    ):
        entry = Entry.objects.get(slug=slug)
        PlanItem.objects.create(
            session=session, entry=entry, position=position, minutes=entry.default_minutes
        )
    NoteFactory(session=session, author=therapist)
    sheet = issued_for(client, therapist)
    sheet_link = SheetLinkFactory(sheet=sheet)
    feed = CalendarFeed.objects.create(user=therapist)
    invitation = Invitation.objects.create(
        practice=practice, email="new@example.org", invited_by=owner
    )
    return {
        "pk": client.pk,
        "intake_pk": intake.pk,
        "session_pk": session.pk,
        "sheet_pk": sheet.pk,
        "link_pk": intake_link.pk,
        "sheet_link_pk": sheet_link.pk,
        "staff_pk": Membership.objects.get(user=therapist).pk,
        "invitation_pk": invitation.pk,
        "slug": Entry.objects.filter(published=True).order_by("slug").first().slug,
        "pattern": "psoas",
        "uidb64": urlsafe_base64_encode(force_bytes(therapist.pk)),
        "reset_token": default_token_generator.make_token(therapist),
        "invitation_token": invitation.token,
        "intake_link_token": intake_link.token,
        "sheet_link_token": sheet_link.token,
        "feed_token": feed.token,
    }


def argument_value(route: str, name: str, kind: str, arg: str, world: dict) -> str:
    if arg == "token":
        key = "reset_token" if name == "password_reset_confirm" else TOKENS.get(name)
    elif arg == "pk" and route.startswith("practice/staff/"):
        key = "staff_pk"
    elif arg == "pk" and route.startswith("practice/invitations/"):
        key = "invitation_pk"
    elif arg == "link_pk" and "sheets/<int:sheet_pk>/links/" in route:
        key = "sheet_link_pk"
    else:
        key = arg
    if key not in world:
        pytest.fail(f"{name} ({route}): teach this test to build <{kind or 'str'}:{arg}>")
    return str(world[key])


def build_path(route: str, name: str, world: dict) -> str:
    return "/" + ARGUMENT.sub(
        lambda m: argument_value(route, name, m.group(1), m.group(2), world), route
    )


def page_name(name: str) -> str:
    return name.replace("clients:", "").replace("techniques:", "library-").replace("_", "-")


@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_every_page_passes_axe(
    browser, live_server, owner, therapist, world, width, shoot, assert_accessible
):
    routes = [(route, name, is_public(view)) for route, name, view in site_patterns()]
    assert all(name for _, name, _ in routes), "every route needs a name"
    paths = [(name, build_path(route, name, world), public) for route, name, public in routes]

    context = browser.new_context(viewport=VIEWPORTS[width])
    context.set_default_timeout(15_000)
    page = context.new_page()
    visited, skipped = [], []
    try:
        # Private pages first (practice pages as the owner), then public ones signed out.
        for who, wanted in (
            (
                therapist,
                lambda n, p: (
                    not p
                    and not n.startswith(("practice", "staff", "inv"))
                    and n not in OWNER_PAGES
                ),
            ),
            (
                owner,
                lambda n, p: (
                    not p and (n.startswith(("practice", "staff", "inv")) or n in OWNER_PAGES)
                ),
            ),
            (None, lambda n, p: p),
        ):
            context.clear_cookies()
            if who is not None:
                sign_in(context, live_server, who)
            for name, path, public in paths:
                if not wanted(name, public):
                    continue
                url = live_server.url + path
                answer = page.request.get(url)
                kind = answer.headers.get("content-type", "")
                if answer.status == 405 or not kind.startswith("text/html"):
                    skipped.append((name, answer.status, kind))
                    continue
                assert answer.ok, f"{name} {path} answered {answer.status}"
                page.goto(url)
                assert_accessible(page)
                shoot(page, f"all-{page_name(name)}-{width}")
                visited.append(name)
    finally:
        context.close()

    # The sweep really saw the pages that matter most.
    assert {
        "dashboard",
        "login",
        "password_reset_confirm",
        "invitation_accept",
        "clients:detail",
        "clients:plan_builder",
        "clients:sheet_builder",
        "clients:self_intake",
        "clients:shared_sheet",
        "clients:generic_sheet",
        "account_security",
        "two_factor_setup",
        "staff_two_factor_reset",
    } <= set(visited), f"visited {visited}, skipped {skipped}"
