"""Health data stays inside its practice: every URL that takes an object id answers 404
to a user of another practice, for every method the view accepts."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from clients.models import AuditEvent, Clearance, IntakeLink, Session, Sheet, SheetLink
from tests.clinic.test_public_allow_list import site_patterns
from tests.factories import ClientFactory, IntakeFactory

pytestmark = pytest.mark.django_db
ID_ARGUMENT = re.compile(r"<int:(\w+)>")
METHODS = ["get", "post", "put", "patch", "delete"]
# Pages only the practice owner may open; a therapist of the practice gets a 404 there.
OWNER_ONLY = {"clients:export", "clients:erase"}


@pytest.fixture
def their_records(practice, therapist):
    client = ClientFactory(practice=practice, first_name="Quentin", last_name="Zephyrine")
    intake = IntakeFactory(client=client, red_flags=["RF09"])
    Clearance.objects.create(
        intake=intake, code="RF09", cleared_by="Dr X", cleared_on=timezone.localdate()
    )
    link = IntakeLink.objects.create(client=client, expires=timezone.now() + timedelta(days=7))
    session = Session.objects.create(client=client, therapist=therapist, start=timezone.now())
    sheet = Sheet.objects.create(client=client, created_by=therapist)
    sheet_link = SheetLink.objects.create(sheet=sheet, expires=timezone.now() + timedelta(days=30))
    return {
        "pk": client.pk,
        "intake_pk": intake.pk,
        "link_pk": link.pk,
        "session_pk": session.pk,
        "sheet_pk": sheet.pk,
        "sheet_link_pk": sheet_link.pk,
    }


def build_path(route: str, records: dict[str, int]) -> str:
    # A link id under a sheet is a sheet link; elsewhere an intake link.
    if "sheets/<int:sheet_pk>/links/<int:link_pk>" in route:
        records = {**records, "link_pk": records["sheet_link_pk"]}
    return "/" + ID_ARGUMENT.sub(lambda m: str(records[m.group(1)]), route)


def routes_with_ids():
    return [
        (route, name)
        for route, name, _ in site_patterns()
        if ID_ARGUMENT.search(route) and (name or "").startswith("clients:")
    ]


def test_every_client_route_with_an_id_is_covered():
    names = {name for _, name in routes_with_ids()}
    assert {
        "clients:detail",
        "clients:intake_detail",
        "clients:link_detail",
        "clients:referral_pdf",
    } <= names
    for route, _ in routes_with_ids():
        assert set(ID_ARGUMENT.findall(route)) <= {
            "pk",
            "intake_pk",
            "link_pk",
            "session_pk",
            "sheet_pk",
        }, f"{route}: teach this test to build the new kind of id"


@pytest.mark.parametrize(("route", "name"), routes_with_ids())
def test_another_practice_gets_404_for_every_method(outsider_client, their_records, route, name):
    path = build_path(route, their_records)
    answered = {}
    for method in METHODS:
        answered[method] = getattr(outsider_client, method)(path).status_code
    # Even a method the view doesn't accept is a 404: a 405 would confirm the record exists.
    assert set(answered.values()) == {404}, f"{name} answered {answered}"


@pytest.mark.parametrize(("route", "name"), routes_with_ids())
def test_the_owning_practice_can_reach_every_read_route(
    therapist_client, owner, their_records, route, name
):
    path = build_path(route, their_records)
    if name in OWNER_ONLY:
        assert therapist_client.get(path).status_code == 404, f"{name} is for the owner only"
        therapist_client.force_login(owner)
    rows_before = AuditEvent.objects.filter(client_id=their_records["pk"]).count()
    response = therapist_client.get(path)
    assert response.status_code in {200, 302, 405}, (
        f"{name} answered {response.status_code} to its own practice"
    )
    if response.status_code == 200:
        # Every page that shows the record leaves a row in the audit trail.
        rows_after = AuditEvent.objects.filter(client_id=their_records["pk"]).count()
        assert rows_after > rows_before, f"{name} showed the record without an audit row"
    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        title = response.content.decode().split("<title>", 1)[1].split("</title>", 1)[0]
        assert "Quentin" not in title and "Zephyrine" not in title, (
            f"{name} puts the client's name in its title"
        )


# --- The practice's own records: staff and invitations ---------------------------------


def test_every_route_with_an_id_is_walked_here():
    """A new route with an id outside these two families must be taught to a walker."""
    unwalked = [
        route
        for route, name, _ in site_patterns()
        if ID_ARGUMENT.search(route)
        and not (name or "").startswith("clients:")
        and not route.startswith("practice/")
    ]
    assert unwalked == []


@pytest.mark.parametrize(
    ("route", "name"),
    [
        (route, name)
        for route, name, _ in site_patterns()
        if route.startswith("practice/") and ID_ARGUMENT.search(route)
    ],
)
def test_every_practice_route_with_an_id_is_404_to_another_practice(
    outsider_client, therapist, route, name
):
    """Staff and invitation ids belong to a practice too."""
    from clinic.models import Invitation

    invitation = Invitation.objects.create(
        practice=therapist.membership.practice, email="new@example.org"
    )
    pk = invitation.pk if route.startswith("practice/invitations/") else therapist.membership.pk
    path = "/" + ID_ARGUMENT.sub(str(pk), route)
    answered = {method: getattr(outsider_client, method)(path).status_code for method in METHODS}
    # A 405 here is given for any id, so it tells nothing; the POST that acts is a 404.
    assert set(answered.values()) <= {404, 405} and answered["post"] == 404, (
        f"{name} answered {answered}"
    )
