"""The client's hard activities named in place inside the session note: saved with the
note in one change with their audit rows, and kept with the note's text when anything
typed has a mistake."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from clients import audit
from clients.models import Activity, ActivityScore, AuditEvent, Note
from tests.factories import ActivityFactory, ClientFactory, IntakeFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(practice, therapist):
    """A session that began an hour ago: its note may be signed."""
    client = ClientFactory(practice=practice, first_name="Maria", last_name="Lopez")
    IntakeFactory(client=client)
    return SessionFactory(
        client=client, therapist=therapist, start=timezone.now() - timedelta(hours=1)
    )


def url(session):
    return f"/clients/{session.client_id}/sessions/{session.pk}/note/"


NOTE = {
    "pain_now": "6",
    "subjective": "Sitting at work is worse this week.",
    "done": "Warm-up, gluteal work, stretches.",
    "assessment": "Deep gluteal pattern on the left.",
    "plan_next": "Repeat.",
    "revision": "0",
    "save": "1",
}


def named(*names):
    """The three activity fields of the note form, as the browser sends them."""
    padded = [*names, "", "", ""][:3]
    return {f"activities-activity_{position}": name for position, name in enumerate(padded)}


def client_changes(session):
    return AuditEvent.objects.filter(action="changed", target=f"client {session.client_id}")


def test_the_note_names_the_activities_in_place_without_a_link_away(therapist_client, session):
    ActivityFactory(client=session.client, name="Putting on socks", position=0)
    html = therapist_client.get(url(session)).content.decode()
    assert "<summary>Change the activities</summary>" in html
    assert 'name="activities-activity_0" value="Putting on socks"' in html
    assert 'name="activities-activity_2"' in html
    assert f"/clients/{session.client_id}/activities/" not in html
    assert '<details class="activity-names mt-2">' in html  # closed until wanted
    assert 'data-unsaved-warning=""' in html and "js/unsaved-changes.js" in html


def test_activities_named_in_the_note_are_saved_with_it_and_audited(
    therapist_client, session, therapist
):
    data = {**NOTE, **named("Sitting through a film", "", " Gardening ")}
    response = therapist_client.post(url(session), data, follow=True)
    assert response.redirect_chain[-1][0] == url(session)
    note = Note.objects.get()
    assert note.subjective == NOTE["subjective"] and note.author == therapist
    assert list(session.client.activities.values_list("position", "name")) == [
        (0, "Sitting through a film"),
        (2, "Gardening"),
    ]
    assert AuditEvent.objects.filter(action="changed", target=f"note {note.pk}").count() == 1
    assert client_changes(session).count() == 1
    html = response.content.decode()
    assert "Note saved. Activities saved: score them below." in html
    # Back on the note, each new activity has its score field.
    assert "Sitting through a film (0–10)" in html and "Gardening (0–10)" in html


def test_a_renamed_activity_keeps_the_score_typed_with_it(therapist_client, session):
    socks = ActivityFactory(client=session.client, name="Socks", position=0)
    data = {**NOTE, f"activity_{socks.pk}": "7", **named("Putting on socks")}
    therapist_client.post(url(session), data)
    socks.refresh_from_db()
    assert socks.name == "Putting on socks"
    assert ActivityScore.objects.get(activity=socks, session=session).score == 7


def test_an_unchanged_list_leaves_no_audit_row_for_the_client(therapist_client, session):
    ActivityFactory(client=session.client, name="Putting on socks", position=0)
    therapist_client.post(url(session), {**NOTE, **named("Putting on socks")})
    assert Note.objects.exists()
    assert not client_changes(session).exists()


def test_a_note_posted_without_the_activity_fields_changes_no_activity(therapist_client, session):
    ActivityFactory(client=session.client, name="Putting on socks", position=0)
    response = therapist_client.post(url(session), NOTE)
    assert response.status_code == 302
    assert list(Activity.objects.values_list("name", flat=True)) == ["Putting on socks"]
    assert not client_changes(session).exists()


def test_a_mistake_in_the_note_keeps_both_the_note_and_the_activities_typed(
    therapist_client, session
):
    data = {**NOTE, "pain_now": "11", **named("Sitting through a film", "Climbing stairs")}
    response = therapist_client.post(url(session), data)
    assert response.status_code == 200
    assert response.context["form"].errors["pain_now"] == ["Pain is scored from 0 to 10."]
    html = response.content.decode()
    assert NOTE["subjective"] in html and NOTE["assessment"] in html
    assert 'value="Sitting through a film"' in html and 'value="Climbing stairs"' in html
    assert '<details class="activity-names mt-2" open>' in html  # what was typed is in view
    assert 'data-unsaved-warning="changed"' in html
    assert not Note.objects.exists() and not Activity.objects.exists()
    assert not AuditEvent.objects.filter(action="changed").exists()


def test_a_mistake_in_an_activity_keeps_the_note_typed_and_saves_nothing(therapist_client, session):
    long_name = "x" * 121
    response = therapist_client.post(url(session), {**NOTE, **named("Walking", long_name)})
    errors = response.context["activities_form"].errors
    assert list(errors) == ["activity_1"]
    html = response.content.decode()
    assert long_name in html and 'value="Walking"' in html and NOTE["subjective"] in html
    assert "Please correct the answers marked below" in html
    assert not Note.objects.exists() and not Activity.objects.exists()


def test_an_activity_with_scores_or_scored_in_this_note_cannot_be_removed(
    therapist_client, session, therapist
):
    film = ActivityFactory(client=session.client, name="Film", position=0)
    socks = ActivityFactory(client=session.client, name="Socks", position=1)
    earlier = SessionFactory(client=session.client, therapist=therapist, status="done")
    ActivityScore.objects.create(activity=film, session=earlier, score=6)
    response = therapist_client.post(url(session), {**NOTE, f"activity_{socks.pk}": "4", **named()})
    errors = response.context["activities_form"].errors
    assert "has scores recorded" in errors["activity_0"][0]
    assert "is scored in this note" in errors["activity_1"][0]
    assert Activity.objects.count() == 2 and not Note.objects.exists()
    # Without a score typed, the unscored one can go, with the note.
    therapist_client.post(url(session), {**NOTE, **named("Film")})
    assert list(Activity.objects.values_list("name", flat=True)) == ["Film"]
    assert Note.objects.exists()


def test_an_edit_conflict_keeps_the_activities_typed_and_saves_none(
    therapist_client, session, therapist
):
    therapist_client.post(url(session), NOTE)  # saved once: revision 1
    data = {**NOTE, "subjective": "My words.", "revision": "0", **named("Gardening")}
    response = therapist_client.post(url(session), data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "My words." in html and 'value="Gardening"' in html
    assert not Activity.objects.exists()


def test_the_note_its_activities_and_their_audit_rows_are_one_change(
    therapist_client, session, monkeypatch
):
    """When the activities' audit row can't be written, neither the note nor the
    activities are saved."""
    original = audit.record

    def failing(request, action, obj, **kwargs):
        if obj == session.client:
            raise RuntimeError("audit store unavailable")
        return original(request, action, obj, **kwargs)

    monkeypatch.setattr(audit, "record", failing)
    therapist_client.raise_request_exception = True
    with pytest.raises(RuntimeError):
        therapist_client.post(url(session), {**NOTE, **named("Gardening")})
    assert not Note.objects.exists() and not Activity.objects.exists()
    assert not AuditEvent.objects.filter(action="changed").exists()


def test_another_practice_gets_404_and_changes_nothing(outsider_client, session):
    ActivityFactory(client=session.client, name="Putting on socks", position=0)
    assert outsider_client.get(url(session)).status_code == 404
    response = outsider_client.post(url(session), {**NOTE, **named("Taken over")})
    assert response.status_code == 404
    assert list(Activity.objects.values_list("name", flat=True)) == ["Putting on socks"]
    assert not Note.objects.exists()


def test_the_separate_activities_page_also_asks_before_leaving_unsaved_typing(
    therapist_client, session
):
    page = f"/clients/{session.client_id}/activities/"
    html = therapist_client.get(page).content.decode()
    assert 'data-unsaved-warning=""' in html and "js/unsaved-changes.js" in html
    response = therapist_client.post(page, {"activity_0": "x" * 121})
    assert 'data-unsaved-warning="changed"' in response.content.decode()
