"""The dashboard reads each recent client's current screening, in a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clients.services import sessions
from tests.factories import ClientFactory, IntakeFactory, SessionFactory

pytestmark = pytest.mark.django_db


def dashboard(http) -> str:
    return http.get("/").content.decode()


def test_a_red_flag_from_a_check_in_shows_on_the_dashboard(therapist_client, practice, therapist):
    ana = ClientFactory(practice=practice, first_name="Ana", last_name="Silvermoon")
    IntakeFactory(client=ana, symptoms=["PS01"])
    ClientFactory(practice=practice, first_name="Ben", last_name="Unscreened")
    page = dashboard(therapist_client)
    assert "Not screened" in page and "Do not treat" not in page
    session = SessionFactory(client=ana, therapist=therapist)
    sessions.check_in_record(
        session=session,
        data={"anything_changed": True, "new_red_flags": ["RF11"], "new_contraindications": []},
        by=therapist,
    )
    assert "Do not treat" in dashboard(therapist_client)


def test_the_dashboard_reads_screenings_in_a_fixed_number_of_queries(
    therapist_client, practice, therapist
):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            dashboard(therapist_client)
        return len(queries)

    IntakeFactory(client=ClientFactory(practice=practice))
    few = count()
    for _ in range(7):
        IntakeFactory(client=ClientFactory(practice=practice))
    assert count() == few
