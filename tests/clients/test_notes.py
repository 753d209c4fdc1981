"""Session notes (subjective, objective tests, what was done, assessment, plan), signing,
amendments, and the client's hard activities scored at each session."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from clients.models import (
    Activity,
    ActivityScore,
    AuditEvent,
    CheckIn,
    Note,
    NoteAmendment,
    PlanItem,
    Session,
)
from clients.services import notes
from techniques.models import Entry
from tests.factories import (
    ActivityFactory,
    ClientFactory,
    IntakeFactory,
    NoteFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(practice, therapist):
    """A session that began an hour ago: its note may be signed."""
    client = ClientFactory(practice=practice, first_name="Maria", last_name="Lopez")
    IntakeFactory(client=client)
    return SessionFactory(
        client=client, therapist=therapist, start=timezone.now() - timedelta(hours=1)
    )


@pytest.fixture
def future_session(session, therapist):
    """A session of the same client that starts tomorrow (the factory's default)."""
    return SessionFactory(client=session.client, therapist=therapist)


@pytest.fixture
def activities(session):
    return [
        ActivityFactory(client=session.client, name="Sitting through a film", position=0),
        ActivityFactory(client=session.client, name="Putting on socks", position=1),
    ]


def url(session, suffix="note/"):
    return f"/clients/{session.client_id}/sessions/{session.pk}/{suffix}"


NOTE = {
    "pain_now": "6",
    "subjective": "Sitting at work is worse this week.",
    "slr_left_result": "positive",
    "slr_left_degrees": "45",
    "thomas_right_result": "negative",
    "fair_left_result": "positive",
    "hip_range_right_result": "restricted",
    "hip_range_right_degrees": "100",
    "done": "Warm-up, gluteal work, stretches.",
    "assessment": "Deep gluteal pattern on the left.",
    "plan_next": "Repeat; add the nerve slider if calmer.",
    "revision": "0",  # the form of a note not saved yet
}


def test_each_test_control_carries_its_whole_name(therapist_client, session):
    """ "Result, Thomas test, left" on the control itself: a visually hidden rest of the
    label made Chrome read "Result , Thomas test, left"."""
    html = therapist_client.get(url(session)).content.decode()
    assert 'id="id_thomas_left_result" aria-label="Result, Thomas test, left"' in html
    assert 'id="id_slr_right_degrees" aria-label="Degrees, Straight leg raise, right"' in html
    assert html.count('aria-label="Result, ') == 10
    assert html.count('aria-label="Degrees, ') == 6
    assert '<span class="visually-hidden">, ' not in html


def test_what_was_done_starts_from_the_plan(therapist_client, session):
    entry = Entry.objects.get(slug="swedish-warmup-lumbar-gluteal")
    PlanItem.objects.create(session=session, entry=entry, position=0, minutes=12)
    form = therapist_client.get(url(session)).context["form"]
    assert form["done"].value() == f"{entry.name} – 12 min"


def test_what_was_done_leaves_out_what_the_screening_now_blocks(therapist_client, session):
    light = Entry.objects.get(slug="swedish-warmup-lumbar-gluteal")
    deep = Entry.objects.get(slug="lumbar-ql-deep-tissue")
    PlanItem.objects.create(session=session, entry=light, position=0, minutes=12)
    PlanItem.objects.create(session=session, entry=deep, position=1, minutes=10)
    CheckIn.objects.create(session=session, anything_changed=True, new_contraindications=["CI13"])
    form = therapist_client.get(url(session)).context["form"]
    assert form["done"].value() == f"{light.name} – 12 min"
    assert session.plan_items.count() == 2  # still in the plan, marked blocked


def test_a_draft_note_stores_the_tests_as_a_list(therapist_client, session, therapist, activities):
    data = {**NOTE, f"activity_{activities[0].pk}": "7"}
    response = therapist_client.post(url(session), {**data, "save": "1"})
    assert response.status_code == 302
    note = Note.objects.get()
    assert note.pain_now == 6 and note.author == therapist and not note.is_signed
    assert note.objective == [
        {"test": "thomas", "side": "right", "result": "negative"},
        {"test": "slr", "side": "left", "result": "positive", "degrees": 45},
        {"test": "fair", "side": "left", "result": "positive"},
        {"test": "hip_range", "side": "right", "result": "restricted", "degrees": 100},
    ]
    assert ActivityScore.objects.get(activity=activities[0], session=session).score == 7
    assert not ActivityScore.objects.filter(activity=activities[1]).exists()
    form = therapist_client.get(url(session)).context["form"]
    assert form["slr_left_degrees"].value() == 45
    assert form[f"activity_{activities[0].pk}"].value() == 7


def test_bad_note_input_is_reported_beside_each_field_and_kept(
    therapist_client, session, activities
):
    data = {
        **NOTE,
        "pain_now": "11",
        "slr_left_degrees": "200",
        "thomas_left_degrees": "20",
        f"activity_{activities[1].pk}": "-1",
    }
    response = therapist_client.post(url(session), data)
    errors = response.context["form"].errors
    assert errors["pain_now"] == ["Pain is scored from 0 to 10."]
    assert errors["slr_left_degrees"] == ["Between 0 and 120 degrees."]
    assert errors["thomas_left_result"] == ["Choose the result for these degrees."]
    assert f"activity_{activities[1].pk}" in errors
    html = response.content.decode()
    assert 'value="200"' in html and "Sitting at work is worse" in html
    assert 'id="id_slr_left_degrees_error"' in html
    assert not Note.objects.exists()


def test_save_and_sign_locks_the_note(therapist_client, session, therapist):
    light = Entry.objects.get(slug="swedish-warmup-lumbar-gluteal")
    deep = Entry.objects.get(slug="lumbar-ql-deep-tissue")
    PlanItem.objects.create(session=session, entry=light, position=0, minutes=12)
    PlanItem.objects.create(session=session, entry=deep, position=1, minutes=10)
    CheckIn.objects.create(session=session, anything_changed=True, new_contraindications=["CI13"])
    response = therapist_client.post(url(session), {**NOTE, "sign": "1"})
    assert response.status_code == 302
    note = Note.objects.get()
    assert note.is_signed and note.signed_by == therapist
    assert AuditEvent.objects.filter(action="signed", target=f"note {note.pk}").exists()
    # Signing says the session happened, and keeps the plan as it stood, blocked items out.
    session.refresh_from_db()
    assert session.status == "done"
    assert note.plan_snapshot == [
        {
            "slug": light.slug,
            "name": light.name,
            "regions": list(light.regions),
            "modality": light.modality,
            "minutes": 12,
            "override_reason": "",
        }
    ]
    page = therapist_client.get(url(session))
    assert "clients/note_detail.html" in [t.name for t in page.templates]
    html = page.content.decode()
    assert "Straight leg raise, left: positive at 45°" in html
    assert "Deep gluteal pattern on the left." in html


def test_a_signed_note_never_changes(therapist_client, session, therapist):
    note = NoteFactory(session=session, signed_by=therapist, signed_at=timezone.now())
    before = Note.objects.filter(pk=note.pk).values().get()
    response = therapist_client.post(url(session), {**NOTE, "save": "1"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "A signed note can&#x27;t be changed" in html and NOTE["assessment"] in html
    therapist_client.post(url(session, "note/sign/"))
    assert Note.objects.filter(pk=note.pk).values().get() == before
    with pytest.raises(notes.NoteLocked):
        notes.note_save(session=session, fields={"pain_now": 0}, scores={}, by=therapist)
    with pytest.raises(notes.NoteLocked):
        notes.note_sign(note=note, by=therapist)
    assert Note.objects.filter(pk=note.pk).values().get() == before


def test_activity_scores_of_a_signed_note_are_locked_too(
    therapist_client, session, therapist, activities
):
    NoteFactory(session=session, signed_by=therapist, signed_at=timezone.now())
    therapist_client.post(url(session), {**NOTE, f"activity_{activities[0].pk}": "3"})
    assert not ActivityScore.objects.exists()


def test_signing_a_saved_draft_from_its_own_address(therapist_client, session, therapist):
    note = NoteFactory(session=session, author=therapist)
    response = therapist_client.post(url(session, "note/sign/"))
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.is_signed and note.signed_by == therapist
    assert Session.objects.get(pk=session.pk).status == "done"


def test_a_note_is_signed_only_once_the_session_has_started(
    therapist_client, future_session, therapist
):
    session = future_session
    response = therapist_client.post(url(session), {**NOTE, "sign": "1"}, follow=True)
    assert "Saved as a draft: a note can be signed once the session has begun." in (
        response.content.decode()
    )
    note = Note.objects.get(session=session)
    assert not note.is_signed and note.signed_by is None and note.plan_snapshot == []
    assert note.assessment == NOTE["assessment"]  # what was typed is kept as a draft
    response = therapist_client.post(url(session, "note/sign/"), follow=True)
    assert "The session hasn" in response.content.decode()
    assert not AuditEvent.objects.filter(action="signed").exists()
    with pytest.raises(notes.NoteRefused):
        notes.note_sign(note=note, by=therapist)
    with pytest.raises(notes.NoteRefused):
        notes.note_save(session=session, fields={"pain_now": 2}, scores={}, by=therapist, sign=True)
    note.refresh_from_db()
    assert not note.is_signed and note.pain_now == 6
    assert Session.objects.get(pk=session.pk).status == "planned"


def test_signing_needs_a_saved_note(therapist_client, session):
    response = therapist_client.post(url(session, "note/sign/"), follow=True)
    assert "Write and save the note before signing it." in response.content.decode()
    assert therapist_client.get(url(session, "note/sign/")).status_code == 405


def test_amendments_keep_the_original_readable_with_author_and_time(
    therapist_client, session, owner, therapist
):
    note = NoteFactory(
        session=session, subjective="Original words.", signed_by=therapist, signed_at=timezone.now()
    )
    response = therapist_client.post(
        url(session, "note/amend/"), {"text": "Pain was 4, not 5: misheard."}
    )
    assert response.status_code == 302
    amendment = NoteAmendment.objects.get()
    assert amendment.author == therapist and amendment.note == note and amendment.created
    note.refresh_from_db()
    assert note.subjective == "Original words." and note.pain_now == 5
    html = therapist_client.get(url(session)).content.decode()
    assert "Original words." in html and "Pain was 4, not 5: misheard." in html
    assert therapist.display_name in html


def test_an_empty_amendment_is_refused_beside_the_field(therapist_client, session, therapist):
    NoteFactory(session=session, signed_by=therapist, signed_at=timezone.now())
    response = therapist_client.post(url(session, "note/amend/"), {"text": ""})
    assert response.context["form"].errors["text"] == ["Write the amendment."]
    assert not NoteAmendment.objects.exists()


def test_a_draft_takes_no_amendments(therapist_client, session, therapist):
    NoteFactory(session=session, author=therapist)
    therapist_client.post(url(session, "note/amend/"), {"text": "Too early."})
    assert not NoteAmendment.objects.exists()


# --- Activities --------------------------------------------------------------------------


def activities_url(client):
    return f"/clients/{client.pk}/activities/"


def test_the_client_names_up_to_three_activities(therapist_client, session):
    client = session.client
    response = therapist_client.post(
        activities_url(client),
        {"activity_0": "Sitting through a film", "activity_1": "", "activity_2": " Gardening "},
    )
    assert response.status_code == 302
    assert list(client.activities.values_list("position", "name")) == [
        (0, "Sitting through a film"),
        (2, "Gardening"),
    ]
    form = therapist_client.get(activities_url(client)).context["form"]
    assert len(form.fields) == 3


def test_renaming_keeps_scores_and_removing_a_scored_activity_is_refused(
    therapist_client, session, activities
):
    ActivityScore.objects.create(activity=activities[0], session=session, score=6)
    response = therapist_client.post(
        activities_url(session.client), {"activity_0": "", "activity_1": ""}
    )
    assert "has scores recorded" in response.context["form"].errors["activity_0"][0]
    assert Activity.objects.count() == 2
    therapist_client.post(
        activities_url(session.client), {"activity_0": "Sitting at the cinema", "activity_1": ""}
    )
    assert list(Activity.objects.values_list("name", flat=True)) == ["Sitting at the cinema"]
    assert ActivityScore.objects.get().score == 6


def test_an_activity_name_that_is_too_long_is_refused_and_kept(therapist_client, session):
    long_name = "x" * 121
    response = therapist_client.post(activities_url(session.client), {"activity_0": long_name})
    assert "activity_0" in response.context["form"].errors
    assert long_name in response.content.decode()
