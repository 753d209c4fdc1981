"""Progress on the client page: the sessions list and a server-side chart of pain and
activity scores, with the same values as a table."""

from __future__ import annotations

import re
import zoneinfo
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clients.models import ActivityScore
from tests.factories import (
    ActivityFactory,
    ClientFactory,
    IntakeFactory,
    NoteFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture
def maria(practice):
    client = ClientFactory(practice=practice, first_name="Maria", last_name="Lopez")
    IntakeFactory(client=client)
    return client


def scored_session(client, therapist, day, pain, scores=()):
    session = SessionFactory(
        client=client, therapist=therapist, start=datetime(2026, 3, day, 10, tzinfo=LONDON)
    )
    if pain is not None:
        NoteFactory(session=session, pain_now=pain)
    for activity, score in scores:
        ActivityScore.objects.create(activity=activity, session=session, score=score)
    return session


def test_the_chart_and_table_show_pain_and_activities_in_date_order(
    therapist_client, maria, therapist
):
    film = ActivityFactory(client=maria, name="Sitting through a film", position=0)
    socks = ActivityFactory(client=maria, name="Socks & shoes <on>", position=1)
    scored_session(maria, therapist, 24, 3, [(film, 4)])
    scored_session(maria, therapist, 3, 7, [(film, 8), (socks, 6)])
    scored_session(maria, therapist, 10, None, [(socks, 5)])
    scored_session(maria, therapist, 17, None)  # nothing recorded: left out
    response = therapist_client.get(f"/clients/{maria.pk}/")
    progress = response.context["progress"]
    assert [str(day) for day in progress.dates] == ["2026-03-03", "2026-03-10", "2026-03-24"]
    assert [(s.name, s.values) for s in progress.series] == [
        ("Pain", [7, None, 3]),
        ("Sitting through a film", [8, None, 4]),
        ("Socks & shoes <on>", [6, 5, None]),
    ]
    html = response.content.decode()
    svg = re.search(r"<svg[^>]*progress-chart.*?</svg>", html, re.S).group()
    assert 'role="img"' in svg and 'aria-labelledby="progress-title progress-desc"' in svg
    assert '<title id="progress-title">' in svg
    assert "Pain: from 7 on 3 Mar 2026 to 3 on 24 Mar 2026" in svg
    assert "Socks &amp; shoes &lt;on&gt;" in svg and "<on>" not in svg
    assert svg.count("<polyline") == 3
    table = re.search(r"<table class=\"table table-sm progress-table\">.*?</table>", html, re.S)
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>", table.group())
    assert [row[0] for row in rows] == ["3 Mar 2026", "10 Mar 2026", "24 Mar 2026"]
    assert re.findall(r"<td>(.*?)</td>", rows[1][1]) == ["—", "—", "5"]


def test_a_client_with_no_scores_gets_a_sentence_not_a_chart(therapist_client, maria, therapist):
    SessionFactory(client=maria, therapist=therapist)
    html = therapist_client.get(f"/clients/{maria.pk}/").content.decode()
    assert "No scores yet" in html and "<svg" not in html.split("progress-heading")[1]


def test_one_scored_session_still_draws_a_point(therapist_client, maria, therapist):
    scored_session(maria, therapist, 3, 6)
    html = therapist_client.get(f"/clients/{maria.pk}/").content.decode()
    assert "<circle" in html and "Pain: 6 on 3 Mar 2026" in html


def test_the_sessions_list_links_each_session_and_shows_the_note_state(
    therapist_client, maria, therapist
):
    signed = scored_session(maria, therapist, 3, 6)
    signed.note.signed_at = timezone.now()
    signed.note.save()
    upcoming = SessionFactory(
        client=maria, therapist=therapist, start=timezone.now() + timedelta(days=3)
    )
    html = therapist_client.get(f"/clients/{maria.pk}/").content.decode()
    assert f"/clients/{maria.pk}/sessions/{signed.pk}/" in html
    assert f"/clients/{maria.pk}/sessions/{upcoming.pk}/" in html
    assert "Note signed" in html and "Upcoming" in html
    assert f"/clients/{maria.pk}/sessions/new/" in html


def test_the_client_page_runs_a_constant_number_of_queries_with_many_sessions(
    therapist_client, maria, therapist
):
    film = ActivityFactory(client=maria, position=0)
    scored_session(maria, therapist, 1, 5, [(film, 5)])
    with CaptureQueriesContext(connection) as few:
        therapist_client.get(f"/clients/{maria.pk}/")
    for day in range(2, 28):
        scored_session(maria, therapist, day, day % 11, [(film, (day * 3) % 11)])
    ActivityFactory(client=maria, position=1)
    with CaptureQueriesContext(connection) as many:
        response = therapist_client.get(f"/clients/{maria.pk}/")
    assert len(response.context["progress"].dates) == 27
    assert len(many) == len(few)
    assert response.context["earlier_sessions"] == 17
