"""Two posts of the same day's entry at the same instant (a double tap, a retry on a
flaky connection) leave one entry: threads on a database every thread reaches (a file on
SQLite, the test database on PostgreSQL), many rounds."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client

from clients.models import AuditEvent, DailyLog
from clients.services import daily_log
from tests.clients.sheet_helpers import issued_for, screened_client
from tests.clients.test_races import together
from tests.factories import MembershipFactory, SheetLinkFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ROUNDS = 30


@pytest.fixture
def sheet(shared_database):
    therapist = MembershipFactory(role="owner").user
    return issued_for(screened_client(therapist.membership.practice), therapist)


def test_two_saves_of_one_day_at_once_leave_one_entry(sheet):
    slugs = [item["slug"] for item in sheet.snapshot["items"]]
    for round_ in range(ROUNDS):
        day = date(2026, 1, 1) + timedelta(days=round_)

        def save(pain, day=day):
            daily_log.save_entry(sheet=sheet, day=day, done=slugs[:1], pain=pain, note="")

        errors = together(lambda: save(3), lambda: save(5))
        assert errors == [None, None], f"round {round_}"
        (entry,) = DailyLog.objects.filter(sheet=sheet, day=day)
        assert entry.pain in (3, 5)


def test_two_posts_of_the_form_at_once_leave_one_entry_and_two_audit_rows(sheet):
    link = SheetLinkFactory(sheet=sheet)
    slugs = [item["slug"] for item in sheet.snapshot["items"]]
    data = {"done": slugs[:2], "pain": "4", "note": "Sent twice"}
    answers = []

    def post(address):
        # Each post from its own address: the rate limit counts per link and address.
        answers.append(Client().post(f"/s/{link.token}/today/", data, REMOTE_ADDR=address))

    for round_ in range(10):
        DailyLog.objects.filter(sheet=sheet).delete()
        errors = together(
            lambda r=round_: post(f"198.51.100.{2 * r}"),
            lambda r=round_: post(f"198.51.100.{2 * r + 1}"),
        )
        assert errors == [None, None], f"round {round_}"
        assert DailyLog.objects.filter(sheet=sheet).count() == 1
    assert [answer.status_code for answer in answers] == [302] * 20
    assert AuditEvent.objects.filter(action="submitted").count() == 20
