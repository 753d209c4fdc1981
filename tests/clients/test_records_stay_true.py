"""Records that stay true over time (issue 14, "Records that stay true"): a signed note
means the session took place, a session can't shrink below its plan, a signed session's
plan keeps what was done, a signed intake keeps its age, and a self-intake set aside stops
counting only with a written reason."""

from __future__ import annotations

import html
from datetime import date, timedelta

import pytest
from django.utils import timezone

from clients.models import AuditEvent, Intake, IntakeLink, IntakeSource, Session
from clients.services import intakes, links, notes, plans
from clients.services.screening import current_screening
from techniques.models import Entry
from tests.factories import ClientFactory, IntakeFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def maria(practice):
    client = ClientFactory(practice=practice, first_name="Maria", date_of_birth=date(1970, 5, 1))
    IntakeFactory(client=client, symptoms=["PS01", "PS02", "PS04"])
    return client


@pytest.fixture
def held(maria, therapist):
    """A session that began an hour ago, with a suggested plan and a signed note."""
    session = SessionFactory(
        client=maria, therapist=therapist, start=timezone.now() - timedelta(hours=1)
    )
    plans.plan_suggest(session=session, focus="psoas", found=current_screening(maria))
    notes.note_save(session=session, fields={"subjective": "Better"}, scores={}, by=therapist)
    notes.note_sign(note=notes.note_for(session), by=therapist)
    session.refresh_from_db()
    return session


def edit(http, session, **changes):
    data = {
        "start": timezone.localtime(session.start).strftime("%Y-%m-%dT%H:%M"),
        "length": str(session.length),
        "therapist": str(session.therapist_id),
        "status": session.status,
        **changes,
    }
    return http.post(f"/clients/{session.client_id}/sessions/{session.pk}/edit/", data)


def test_signing_the_note_marks_the_session_done(held):
    assert held.status == "done"


@pytest.mark.parametrize(("status", "words"), [("cancelled", "cancelled"), ("no_show", "no-show")])
def test_a_session_with_a_signed_note_cant_be_cancelled_or_a_no_show(
    therapist_client, held, status, words
):
    response = edit(therapist_client, held, status=status)
    assert response.status_code == 200
    assert f"it can't be marked {words}" in html.unescape(response.content.decode())
    held.refresh_from_db()
    assert held.status == "done"


def test_a_session_cant_be_shortened_below_its_plan(therapist_client, maria, therapist):
    session = SessionFactory(client=maria, therapist=therapist, length=90)
    found = current_screening(maria)
    plans.plan_add(session=session, found=found, slug="lumbar-ql-deep-tissue", minutes=40)
    plans.plan_add(session=session, found=found, slug="piriformis-trigger-point", minutes=44)
    response = edit(therapist_client, session, length="30")
    assert "The plan holds 84 minutes, more than 30" in response.content.decode()
    session.refresh_from_db()
    assert session.length == 90


def test_a_signed_sessions_plan_shows_what_was_done_when_the_library_changes(
    therapist_client, held
):
    done = [item["name"] for item in notes.note_for(held).plan_snapshot]
    assert done
    first = Entry.objects.get(name=done[0])
    Entry.objects.filter(pk=first.pk).update(published=False, name="Renamed Later")
    page = therapist_client.get(held.get_absolute_url()).content.decode()
    printout = therapist_client.get(held.step_url("plan_print")).content.decode()
    for text in (page, printout):
        assert done[0] in text and "Renamed Later" not in text


def test_a_signed_intake_keeps_the_age_it_was_signed_with(therapist_client, maria, therapist):
    maria.date_of_birth = date(1986, 5, 1)  # 40 when the intake is signed: no age flag
    maria.save()
    draft = Intake(client=maria, new_onset=True, consent_name="Maria")
    intakes.intake_save(intake=draft, loaded=None, sign=True, by=therapist)
    age = maria.age_on()
    assert current_screening(maria).answers["age"] == age
    maria.date_of_birth = date(2010, 1, 1)  # corrected later: under 20 would flag RF18
    maria.save()
    found = current_screening(maria)
    assert found.answers["age"] == age
    assert "RF18" not in {flag["code"] for flag in found.result["red_flags"]}
    page = therapist_client.get(maria.get_absolute_url()).content.decode()
    assert "The date of birth has changed since the intake" in page
    assert "Start a new intake" in page


def test_a_self_intake_is_set_aside_only_with_a_reason_and_audited(therapist_client, maria):
    link = IntakeLink.objects.create(client=maria, expires=timezone.now() + timedelta(days=7))
    draft = Intake(client=maria, source=IntakeSource.CLIENT, red_flags=["RF01"])
    links.intake_submit(link=link, intake=draft)
    assert current_screening(maria).do_not_treat  # it counts while it waits
    url = f"/clients/{maria.pk}/intakes/{draft.pk}/set-aside/"
    refused = therapist_client.post(url, {"reason": "dup"})
    assert refused.status_code == 400
    assert "at least 15 characters" in refused.content.decode()
    assert "dup</textarea>" in refused.content.decode()  # what was typed is kept
    assert current_screening(maria).do_not_treat
    reason = "Filled in twice by mistake; the later one is the real one."
    assert therapist_client.post(url, {"reason": reason}).status_code == 302
    draft.refresh_from_db()
    assert draft.set_aside_reason == reason
    assert not current_screening(maria).do_not_treat
    assert AuditEvent.objects.filter(
        client=maria, action="changed", target=f"intake {draft.pk}"
    ).exists()


def test_a_session_in_the_future_keeps_its_note_as_a_draft(therapist_client, maria, therapist):
    later = SessionFactory(client=maria, therapist=therapist)
    assert later.start > timezone.now()
    with pytest.raises(notes.NoteRefused):
        notes.note_save(session=later, fields={}, scores={}, by=therapist, sign=True)
    assert Session.objects.get(pk=later.pk).status == "planned"
