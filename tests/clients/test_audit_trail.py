"""The audit trail page: the practice owner reads every event, newest first, and narrows
it by client (also an erased one, by its number), action and dates."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from clients import erasure
from clients.models import AuditEvent
from tests.factories import ClientFactory, IntakeFactory, SessionFactory

pytestmark = pytest.mark.django_db
URL = "/audit/"
Action = AuditEvent.Action


def event(practice, client, action=Action.VIEWED, *, user=None, at=None, target=None):
    # `at` is auto_now_add and rows can't be updated afterwards: the clock is moved instead.
    with mock.patch.object(timezone, "now", return_value=at or timezone.now()):
        return AuditEvent.objects.create(
            practice=practice,
            user=user,
            client=client,
            client_ref=f"client {client.pk}",
            action=action,
            target=target or f"client {client.pk}",
        )


def rows(response) -> list[str]:
    body = response.content.decode().split("<tbody>", 1)[-1].split("</tbody>", 1)[0]
    return [" ".join(re.sub(r"<[^>]+>", " ", r).split()) for r in body.split("<tr>")[1:]]


@pytest.fixture
def maria(practice):
    return ClientFactory(practice=practice, first_name="Maria", last_name="Lopez")


@pytest.fixture
def john(practice):
    return ClientFactory(practice=practice, first_name="John", last_name="Okoro")


def test_owner_sees_the_practice_events_newest_first_with_who_and_what(
    owner_client, owner, practice, maria, john
):
    event(practice, maria, Action.VIEWED, user=owner, at=timezone.now() - timedelta(days=2))
    event(practice, john, Action.PRINTED, user=owner, target="session 7")
    response = owner_client.get(URL)
    assert response.status_code == 200
    first, second = rows(response)
    assert "Printed" in first and "John Okoro" in first and "session 7" in first
    assert owner.display_name in first
    assert "Viewed" in second and "Maria Lopez" in second


def test_times_show_in_the_practice_time_zone(owner_client, practice, maria):
    practice.time_zone = "America/New_York"
    practice.save()
    event(practice, maria, at=datetime(2026, 7, 1, 12, 30, tzinfo=ZoneInfo("UTC")))
    assert "1 Jul 2026 08:30" in rows(owner_client.get(URL))[0]


def test_a_therapist_gets_404(therapist_client):
    assert therapist_client.get(URL).status_code == 404


def test_a_site_admin_with_no_practice_sees_nothing(admin_client, practice, maria):
    event(practice, maria)
    assert admin_client.get(URL).status_code == 404


def test_another_practice_owner_sees_only_their_own_events(outsider_client, practice, maria):
    event(practice, maria)
    response = outsider_client.get(URL)
    assert response.status_code == 200
    assert "Maria" not in response.content.decode()
    # Asking for our client by number reveals nothing either.
    response = outsider_client.get(URL, {"client": maria.pk})
    assert "Maria" not in response.content.decode()
    assert f"No client number {maria.pk}" in response.content.decode()


def test_filter_by_client_id_from_the_client_page(owner_client, practice, maria, john):
    event(practice, maria)
    event(practice, john)
    response = owner_client.get(URL, {"client": maria.pk})
    assert len(rows(response)) == 1
    assert "1 event for" in response.content.decode()
    assert "Maria Lopez" in rows(response)[0]


def test_filter_by_typed_name(owner_client, practice, maria, john):
    event(practice, maria)
    event(practice, john)
    response = owner_client.get(URL, {"client": "okoro"})
    assert [r for r in rows(response) if "John Okoro" in r] == rows(response)
    assert len(rows(response)) == 1


def test_several_matching_names_offer_a_choice_and_filter_nothing(owner_client, practice):
    first = ClientFactory(practice=practice, first_name="Anna", last_name="Smith")
    second = ClientFactory(practice=practice, first_name="Anna", last_name="Jones")
    event(practice, first)
    event(practice, second)
    response = owner_client.get(URL, {"client": "anna"})
    body = response.content.decode()
    assert "Several clients match" in body
    assert f'href="?client={first.pk}' in body and f'href="?client={second.pk}' in body
    assert len(rows(response)) == 2


def test_an_erased_client_is_found_by_number_under_the_pseudonym(
    owner_client, owner, practice, maria, rf
):
    event(practice, maria, user=owner)
    number = maria.pk
    request = rf.post("/")
    request.user = owner
    erasure.erase_client(request, maria)
    response = owner_client.get(URL, {"client": f"client {number}"})
    body = response.content.decode()
    assert response.status_code == 200
    assert f"client {number} (record erased)" in body
    assert len(rows(response)) == 2  # the view and the erasure
    assert all("Erased" in row for row in rows(response))


def test_filter_by_action_and_dates(owner_client, practice, maria):
    zone = ZoneInfo(practice.time_zone)
    event(practice, maria, Action.PRINTED, at=datetime(2026, 3, 9, 23, 30, tzinfo=zone))
    event(practice, maria, Action.PRINTED, at=datetime(2026, 3, 10, 0, 30, tzinfo=zone))
    event(practice, maria, Action.VIEWED, at=datetime(2026, 3, 10, 9, 0, tzinfo=zone))
    event(practice, maria, Action.PRINTED, at=datetime(2026, 3, 11, 0, 0, tzinfo=zone))
    response = owner_client.get(
        URL, {"action": "printed", "start": "2026-03-10", "end": "2026-03-10"}
    )
    assert len(rows(response)) == 1
    assert "10 Mar 2026 00:30" in rows(response)[0]


@pytest.mark.parametrize(
    "params",
    [
        {"client": "999999999"},
        {"client": "nobody-by-this-name"},
        {"action": "deleted"},
        {"start": "not-a-date"},
        {"start": "0001-01-01"},
        {"end": "9999-12-31"},
        {"start": "2026-03-10", "end": "2026-03-01"},
        {"page": "x"},
        {"page": "999"},
        {"client": "x" * 500},
    ],
)
def test_bad_filters_get_a_message_never_a_500(owner_client, practice, maria, params):
    event(practice, maria)
    response = owner_client.get(URL, params)
    assert response.status_code == 200
    if "page" not in params:
        assert "invalid-feedback" in response.content.decode()


def test_a_bad_filter_leaves_the_good_ones_working(owner_client, practice, maria, john):
    event(practice, maria, Action.PRINTED)
    event(practice, john, Action.VIEWED)
    response = owner_client.get(URL, {"action": "printed", "start": "nonsense"})
    assert len(rows(response)) == 1 and "Printed" in rows(response)[0]


def test_pages_of_fifty_and_the_filters_kept_in_page_links(owner_client, practice, maria):
    AuditEvent.objects.bulk_create(
        AuditEvent(
            practice=practice,
            client=maria,
            client_ref=f"client {maria.pk}",
            action=Action.VIEWED,
            target=f"client {maria.pk}",
        )
        for _ in range(60)
    )
    response = owner_client.get(URL, {"action": "viewed"})
    assert len(rows(response)) == 50
    assert "?action=viewed&amp;page=2" in response.content.decode()
    assert len(rows(owner_client.get(URL, {"action": "viewed", "page": 2}))) == 10


@pytest.mark.parametrize("size", [1, 40])
def test_query_count_is_small_and_constant(
    owner_client, owner, practice, size, django_assert_max_num_queries
):
    for _ in range(size):
        client = ClientFactory(practice=practice)
        event(practice, client, user=owner)
        event(practice, client, Action.SUBMITTED)
    with django_assert_max_num_queries(8):
        assert owner_client.get(URL).status_code == 200
    with django_assert_max_num_queries(10):
        assert (
            owner_client.get(URL, {"client": client.pk, "start": "2026-01-01"}).status_code == 200
        )


def test_the_client_page_and_the_navigation_link_to_it_for_owners_only(
    owner_client, client, therapist, maria
):
    body = owner_client.get(maria.get_absolute_url()).content.decode()
    assert f'href="/audit/?client={maria.pk}"' in body
    assert f'href="/clients/{maria.pk}/export/"' in body
    assert f'href="/clients/{maria.pk}/erase/"' in body
    assert 'href="/audit/">Audit trail' in body
    client.force_login(therapist)
    body = client.get(maria.get_absolute_url()).content.decode()
    assert "/audit/" not in body and "/export/" not in body and "/erase/" not in body


def test_a_submission_by_private_link_shows_the_client_as_who(owner_client, practice, maria):
    event(practice, maria, Action.SUBMITTED)
    assert "The client, by private link" in rows(owner_client.get(URL))[0]


# --- Printing and downloading leave audit rows -----------------------------------------------


def test_printing_and_downloading_are_in_the_trail(owner_client, owner, practice, tmp_path):
    from tests.clients.sheet_helpers import issued_for

    maria = ClientFactory(practice=practice, first_name="Maria", last_name="Lopez")
    IntakeFactory(client=maria, red_flags=["RF09"])
    session = SessionFactory(client=maria, therapist=owner)
    sheet = issued_for(maria, owner)
    base = f"/clients/{maria.pk}/"
    for path in [
        base + "referral/",
        base + "referral.pdf",
        base + f"sessions/{session.pk}/plan/print/",
        base + f"sheets/{sheet.pk}/print/",
        base + f"sheets/{sheet.pk}/sheet.pdf",
    ]:
        assert owner_client.get(path).status_code == 200, path
    actions = list(
        AuditEvent.objects.filter(client=maria).values_list("action", "target").order_by("pk")
    )
    assert ("printed", f"intake {maria.current_intake().pk}") in actions
    assert ("downloaded", f"intake {maria.current_intake().pk}") in actions
    assert ("printed", f"session {session.pk}") in actions
    assert ("printed", f"sheet {sheet.pk}") in actions
    assert ("downloaded", f"sheet {sheet.pk}") in actions


def test_a_client_opening_and_downloading_through_the_private_link_is_in_the_trail(
    client, owner, practice
):
    from tests.clients.sheet_helpers import issued_for
    from tests.factories import SheetLinkFactory

    maria = ClientFactory(practice=practice)
    IntakeFactory(client=maria)
    link = SheetLinkFactory(sheet=issued_for(maria, owner))
    assert client.get(f"/s/{link.token}/").status_code == 200
    assert client.get(f"/s/{link.token}/sheet.pdf").status_code == 200
    rows = AuditEvent.objects.filter(client=maria, user=None)
    assert sorted(rows.values_list("action", flat=True)) == ["downloaded", "viewed"]
