"""Today's list on the dashboard reads each client's current screening: a red flag
reported at a check-in shows at once, in a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clients.services import sessions
from tests.factories import ClientFactory, IntakeFactory, SessionFactory

pytestmark = pytest.mark.django_db


def today_list(http) -> str:
    return http.get("/").content.decode().split('id="today-heading"')[1].split("</section>")[0]


def later_today():
    """A start later today on the practice's clock (the dashboard's today)."""
    now = timezone.localtime()
    return now.replace(minute=0, second=0, microsecond=0) if now.hour < 23 else now


def test_a_red_flag_from_a_check_in_shows_on_the_dashboard(therapist_client, practice, therapist):
    ana = ClientFactory(practice=practice, first_name="Ana", last_name="Silvermoon")
    IntakeFactory(client=ana, symptoms=["PS01"])
    ben = ClientFactory(practice=practice, first_name="Ben", last_name="Unscreened")
    session = SessionFactory(client=ana, therapist=therapist, start=later_today())
    SessionFactory(client=ben, therapist=therapist, start=later_today())
    page = today_list(therapist_client)
    assert "Ana Silvermoon" in page and "Not screened" in page and "Do not treat" not in page
    sessions.check_in_record(
        session=session,
        data={"anything_changed": True, "new_red_flags": ["RF11"], "new_contraindications": []},
        by=therapist,
    )
    assert "Do not treat" in today_list(therapist_client)


def test_the_dashboard_reads_screenings_in_a_fixed_number_of_queries(
    therapist_client, practice, therapist
):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            therapist_client.get("/")
        return len(queries)

    def booked_client():
        client = ClientFactory(practice=practice)
        IntakeFactory(client=client)
        SessionFactory(client=client, therapist=therapist, start=later_today())

    booked_client()
    few = count()
    for _ in range(7):
        booked_client()
    assert count() == few
