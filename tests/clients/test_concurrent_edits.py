"""Two people (or two tabs) editing the same intake draft, note or draft sheet: the second
save is refused with a message naming who saved first, keeps what they typed, and shows
the saved version; nothing is silently overwritten."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from clients import revisions
from clients.models import Client, Intake, Note, Sheet
from clients.services import notes
from clients.services import sheets as sheet_service
from tests.clients.sheet_helpers import builder_data, draft_for, screened_client, sheet_url
from tests.factories import ClientFactory, IntakeFactory, NoteFactory, SessionFactory

pytestmark = pytest.mark.django_db


def signed_in(user) -> HttpClient:
    """One person's browser: its own cookies, its own session."""
    http = HttpClient()
    http.force_login(user)
    return http


@pytest.fixture
def sam(therapist):
    therapist.first_name, therapist.last_name = "Sam", "Jones"
    therapist.save()
    return signed_in(therapist)


@pytest.fixture
def olivia(owner):
    return signed_in(owner)


def loaded_form(response) -> dict:
    """The form a page holds, as its browser would send it back untouched."""
    form = response.context["form"]
    data = {}
    for bound in form:
        value = bound.value()
        if value is None or value is False:
            continue
        data[bound.html_name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return data


def text(response) -> str:
    return response.content.decode()


# --- Intake drafts ---------------------------------------------------------------------


@pytest.fixture
def draft(practice, therapist):
    person = Client.objects.create(
        practice=practice, first_name="Maria", last_name="Lopez", date_of_birth=date(1970, 1, 1)
    )
    return Intake.objects.create(
        client=person, symptoms=["PS01"], history="Desk job", created_by=therapist
    )


def intake_url(intake: Intake, name: str = "intake_edit") -> str:
    return reverse(f"clients:{name}", args=[intake.client_id, intake.pk])


def test_the_second_intake_save_is_refused_and_keeps_what_was_typed(sam, olivia, draft):
    first = loaded_form(sam.get(intake_url(draft)))
    second = loaded_form(olivia.get(intake_url(draft)))
    assert first["revision"] == second["revision"] == "0"

    saved = sam.post(intake_url(draft), {**first, "history": "Sam's words", "draft": "1"})
    assert saved.status_code == 302
    response = olivia.post(intake_url(draft), {**second, "history": "Olivia's words"})

    assert response.status_code == 409
    html = text(response)
    assert 'role="alert"' in html
    assert "Sam Jones saved this intake at" in html and "while you were editing" in html
    assert "Your version is below, not saved" in html
    assert response.context["form"]["history"].value() == "Olivia's words"
    assert "Sam&#x27;s words" in html  # the saved version, shown to compare
    assert f'href="{intake_url(draft)}"' in html  # open the latest version
    draft.refresh_from_db()
    assert draft.history == "Sam's words" and draft.revision == 1


def test_an_intake_save_at_the_current_revision_still_works(sam, draft):
    form = loaded_form(sam.get(intake_url(draft)))
    sam.post(intake_url(draft), {**form, "history": "First"})
    form = loaded_form(sam.get(intake_url(draft)))
    assert form["revision"] == "1"
    assert sam.post(intake_url(draft), {**form, "history": "Second"}).status_code == 302
    draft.refresh_from_db()
    assert draft.history == "Second" and draft.revision == 2


def test_an_intake_signed_meanwhile_says_so_and_keeps_the_edit(sam, olivia, owner, draft):
    form = loaded_form(olivia.get(intake_url(draft)))
    sam.post(intake_url(draft), {**loaded_form(sam.get(intake_url(draft))), "consent_name": "M"})
    assert sam.post(intake_url(draft, "intake_sign")).status_code == 302

    response = olivia.post(intake_url(draft), {**form, "goals": "Walk the dog"})
    assert response.status_code == 409
    html = text(response)
    assert (
        "Sam Jones signed this intake" in html and "A signed intake can&#x27;t be changed" in html
    )
    assert "Walk the dog" in html
    assert f'href="{intake_url(draft, "intake_detail")}"' in html
    draft.refresh_from_db()
    assert draft.is_signed and draft.goals == ""


@pytest.mark.parametrize("revision", ["", "abc", "-1", "99999999999999", "1e3"])
def test_a_tampered_intake_revision_gets_a_message_not_an_error(sam, draft, revision):
    form = loaded_form(sam.get(intake_url(draft)))
    response = sam.post(intake_url(draft), {**form, "revision": revision, "history": "Mine"})
    assert response.status_code == 409
    html = text(response)
    assert "which version of the intake it was opened from" in html and "Mine" in html
    draft.refresh_from_db()
    assert draft.history == "Desk job" and draft.revision == 0


def test_signing_from_the_detail_page_refuses_answers_changed_since(sam, olivia, draft):
    draft.consent_name = "Maria"
    draft.save()
    olivia.post(intake_url(draft), {**loaded_form(olivia.get(intake_url(draft))), "pain_now": "9"})
    response = sam.post(intake_url(draft, "intake_sign"), {"revision": "0"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert not draft.is_signed
    messages = [str(m) for m in sam.get(response["Location"]).context["messages"]]
    assert any("changed since you opened it" in m for m in messages)


def test_the_detail_pages_sign_button_sends_the_revision_it_showed(sam, olivia, draft):
    draft.consent_name = "Maria"
    draft.save()
    shown = sam.get(intake_url(draft, "intake_detail")).content.decode()
    sign_form = shown[shown.index(intake_url(draft, "intake_sign")) :]
    revision = sign_form.split('name="revision" value="', 1)[1].split('"', 1)[0]
    olivia.post(intake_url(draft), {**loaded_form(olivia.get(intake_url(draft))), "pain_now": "9"})
    sam.post(intake_url(draft, "intake_sign"), {"revision": revision})
    draft.refresh_from_db()
    assert not draft.is_signed


def test_the_same_person_in_two_tabs_is_told_it_was_them(sam, draft):
    first_tab = loaded_form(sam.get(intake_url(draft)))
    second_tab = loaded_form(sam.get(intake_url(draft)))
    sam.post(intake_url(draft), {**first_tab, "history": "Tab one"})
    html = text(sam.post(intake_url(draft), {**second_tab, "history": "Tab two"}))
    assert "You saved this intake in another tab or window" in html


# --- Session notes ---------------------------------------------------------------------


@pytest.fixture
def session(practice, therapist):
    person = ClientFactory(practice=practice, first_name="Maria", last_name="Lopez")
    IntakeFactory(client=person)
    # Begun an hour ago: a note is signed once its session has started.
    return SessionFactory(
        client=person, therapist=therapist, start=timezone.now() - timedelta(hours=1)
    )


def note_url(session) -> str:
    return reverse("clients:note_edit", args=[session.client_id, session.pk])


def test_the_second_note_save_is_refused_and_keeps_what_was_typed(sam, olivia, session):
    NoteFactory(session=session, assessment="Start")
    first = loaded_form(sam.get(note_url(session)))
    second = loaded_form(olivia.get(note_url(session)))

    assert sam.post(note_url(session), {**first, "assessment": "Sam's view"}).status_code == 302
    response = olivia.post(note_url(session), {**second, "assessment": "Olivia's view"})

    assert response.status_code == 409
    html = text(response)
    assert "Sam Jones saved this note at" in html and 'role="alert"' in html
    assert response.context["form"]["assessment"].value() == "Olivia's view"
    assert "Sam&#x27;s view" in html
    note = Note.objects.get(session=session)
    assert note.assessment == "Sam's view" and note.revision == 1


def test_two_first_saves_of_a_new_note_dont_overwrite_each_other(sam, olivia, session):
    first = loaded_form(sam.get(note_url(session)))
    second = loaded_form(olivia.get(note_url(session)))
    assert first["revision"] == second["revision"] == "0"
    sam.post(note_url(session), {**first, "subjective": "Sam first"})
    response = olivia.post(note_url(session), {**second, "subjective": "Olivia second"})
    assert response.status_code == 409
    assert Note.objects.get(session=session).subjective == "Sam first"


def test_a_note_save_at_the_current_revision_still_works(sam, session):
    sam.post(note_url(session), {**loaded_form(sam.get(note_url(session))), "done": "One"})
    form = loaded_form(sam.get(note_url(session)))
    assert sam.post(note_url(session), {**form, "done": "Two", "sign": "1"}).status_code == 302
    note = Note.objects.get(session=session)
    assert note.done == "Two" and note.is_signed and note.revision == 2


def test_a_note_signed_meanwhile_says_so_and_keeps_the_edit(sam, olivia, therapist, session):
    note = NoteFactory(session=session)
    form = loaded_form(olivia.get(note_url(session)))
    notes.note_sign(note=note, by=therapist)
    response = olivia.post(note_url(session), {**form, "plan_next": "Add the slider"})
    assert response.status_code == 409
    html = text(response)
    assert "Sam Jones signed this note" in html and "as an amendment" in html
    assert "Add the slider" in html
    assert Note.objects.get(pk=note.pk).plan_next != "Add the slider"


@pytest.mark.parametrize("revision", ["", "x", "0.5"])
def test_a_tampered_note_revision_gets_a_message_not_an_error(sam, session, revision):
    form = loaded_form(sam.get(note_url(session)))
    response = sam.post(note_url(session), {**form, "revision": revision, "done": "Mine"})
    assert response.status_code == 409
    assert "which version of the note it was opened from" in text(response)
    assert not Note.objects.exists()


def test_signing_a_note_counts_a_revision(therapist, session):
    note = NoteFactory(session=session)
    notes.note_sign(note=note, by=therapist)
    assert Note.objects.get(pk=note.pk).revision == note.revision == 1


# --- Draft sheets ----------------------------------------------------------------------


@pytest.fixture
def sheet(practice, therapist):
    return draft_for(screened_client(practice), therapist)


def test_the_second_sheet_save_is_refused_and_keeps_what_was_typed(sam, olivia, sheet):
    first = builder_data(sheet, note="Sam's note")
    second = builder_data(sheet, note="Olivia's note", **{"0-frequency": "twice a day"})

    assert sam.post(sheet_url(sheet), first).status_code == 302
    response = olivia.post(sheet_url(sheet), second)

    assert response.status_code == 409
    html = text(response)
    assert "Sam Jones saved this sheet at" in html and 'role="alert"' in html
    assert response.context["forms"]["note"]["note"].value() == "Olivia's note"
    assert 'value="twice a day"' in html
    assert "Sam&#x27;s note" in html
    sheet.refresh_from_db()
    assert sheet.note == "Sam's note" and sheet.revision == 1


def test_removing_and_adding_items_at_once_loses_neither_change(sam, olivia, sheet):
    items = list(sheet.items.all())
    first = builder_data(sheet, action=f"remove:{items[0].pk}")
    second = builder_data(sheet, action=f"remove:{items[1].pk}")
    sam.post(sheet_url(sheet), first)
    response = olivia.post(sheet_url(sheet), second)
    assert response.status_code == 409
    assert f"Removing {items[1].entry.name} wasn" in text(response)
    left = list(sheet.items.values_list("pk", flat=True))
    assert items[0].pk not in left and items[1].pk in left  # Sam's change stands, alone
    assert Sheet.objects.get(pk=sheet.pk).revision == 1


def test_a_sheet_save_at_the_current_revision_still_works(sam, sheet):
    item = sheet.items.first()
    sam.post(sheet_url(sheet), builder_data(sheet, action=f"down:{item.pk}"))
    assert sam.post(sheet_url(sheet), builder_data(sheet, note="Later")).status_code == 302
    sheet.refresh_from_db()
    assert sheet.note == "Later" and sheet.revision == 2


def test_a_sheet_issued_meanwhile_says_so_and_keeps_the_edit(sam, olivia, therapist, sheet):
    stale = builder_data(sheet, note="Olivia's late note")
    sheet_service.issue_sheet(sheet=Sheet.objects.get(pk=sheet.pk), by=therapist)
    response = olivia.post(sheet_url(sheet), stale)
    assert response.status_code == 409
    html = text(response)
    assert "Sam Jones issued this sheet" in html and "Olivia&#x27;s late note" in html
    assert Sheet.objects.get(pk=sheet.pk).note == ""


def test_issuing_with_a_stale_builder_is_refused(sam, olivia, sheet):
    stale = builder_data(sheet)
    sam.post(sheet_url(sheet), builder_data(sheet, note="Sam's note"))
    response = olivia.post(sheet_url(sheet, "issue/"), stale)
    assert response.status_code == 409
    assert not Sheet.objects.get(pk=sheet.pk).is_issued


@pytest.mark.parametrize("revision", ["", "nope", "１"])
def test_a_tampered_sheet_revision_gets_a_message_not_an_error(sam, sheet, revision):
    data = {**builder_data(sheet, note="Mine"), "revision": revision}
    response = sam.post(sheet_url(sheet), data)
    assert response.status_code == 409
    assert "which version of the sheet it was opened from" in text(response)
    assert Sheet.objects.get(pk=sheet.pk).note == ""


def test_an_item_someone_else_added_shows_beside_the_stale_edit(sam, olivia, sheet):
    stale = builder_data(sheet, note="Mine")
    builder = sheet_service.load_builder(Sheet.objects.get(pk=sheet.pk))
    extra = builder.available[0].entry
    sam.post(sheet_url(sheet), builder_data(sheet, action=f"add:{extra.slug}"))
    response = olivia.post(sheet_url(sheet), stale)
    assert response.status_code == 409
    assert extra.name in text(response)


def test_switching_an_item_off_moves_the_drafts_on(practice, therapist, sheet):
    from techniques.models import Entry

    ball = Entry.objects.get(slug="psoas-ball-release")
    sheet_service.set_switch(sheet.client, ball, on=True, by=therapist)
    builder = sheet_service.load_builder(Sheet.objects.get(pk=sheet.pk))
    sheet_service.add_item(builder, ball)
    before = Sheet.objects.get(pk=sheet.pk).revision
    sheet_service.set_switch(sheet.client, ball, on=False, by=therapist)
    assert Sheet.objects.get(pk=sheet.pk).revision == before + 1


def test_a_claim_on_a_moved_row_raises_stale(sheet):
    with pytest.raises(revisions.Stale):
        revisions.claim(Sheet.objects.all(), sheet.pk, sheet.revision + 1)
    assert revisions.claim(Sheet.objects.all(), sheet.pk, sheet.revision) == 1
    assert revisions.claim(Sheet.objects.all(), sheet.pk, None) == 2
    assert timezone.now() >= Sheet.objects.get(pk=sheet.pk).updated
