"""Writing a session note in a real browser and naming the client's hard activities in
place: nothing typed is lost on a mistake, on saving, or by following a link away."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clients.models import Activity, ActivityScore, Note
from tests.factories import ClientFactory, IntakeFactory, SessionFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REPORT = "Sitting at work is worse this week; mornings are easier."


@pytest.fixture
def session(practice, therapist):
    client = ClientFactory(practice=practice, first_name="Maria", last_name="Lopez")
    IntakeFactory(client=client, symptoms=["PS02", "PS03", "PS04"])
    return SessionFactory(
        client=client, therapist=therapist, start=timezone.now() - timedelta(minutes=30)
    )


@pytest.mark.parametrize("signed_in_page", ["tablet", "phone"], indirect=True)
def test_a_note_and_its_activities_are_typed_kept_and_saved_on_one_page(
    signed_in_page, live_server, session, shoot, assert_accessible
):
    page = signed_in_page
    width = page.viewport_name
    page.goto(live_server.url + session.step_url("note_edit"))
    page.get_by_label("The client's report").fill(REPORT)
    page.get_by_text("Name up to three activities the client finds hard").click()
    page.get_by_label("Activity 1").fill("Sitting through a film")
    page.get_by_label("Activity 2").fill("Putting on socks")
    page.get_by_label("Pain now (0–10)").fill("12")  # a mistake
    shoot(page, f"note-activities-typed-{width}")

    # The mistake comes back beside its field, with the note and the activities kept.
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Pain is scored from 0 to 10.")).to_be_visible()
    expect(page.get_by_label("The client's report")).to_have_value(REPORT)
    expect(page.get_by_label("Activity 1")).to_be_visible()
    expect(page.get_by_label("Activity 1")).to_have_value("Sitting through a film")
    expect(page.get_by_label("Activity 2")).to_have_value("Putting on socks")
    assert not Note.objects.exists() and not Activity.objects.exists()
    shoot(page, f"note-activities-error-{width}")
    assert_accessible(page)

    # Put right and saved: one save keeps the note and the activities.
    page.get_by_label("Pain now (0–10)").fill("5")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Note saved. Activities saved: score them below.")).to_be_visible()
    assert Note.objects.get().subjective == REPORT
    assert list(Activity.objects.values_list("name", flat=True)) == [
        "Sitting through a film",
        "Putting on socks",
    ]
    expect(page.get_by_label("The client's report")).to_have_value(REPORT)

    # The new activities are scored in the same note.
    page.get_by_label("Sitting through a film (0–10)").fill("7")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Note saved.", exact=True)).to_be_visible()
    assert ActivityScore.objects.get(activity__name="Sitting through a film").score == 7
    expect(page.get_by_label("Sitting through a film (0–10)")).to_have_value("7")
    shoot(page, f"note-activities-saved-{width}")
    assert_accessible(page)


@pytest.mark.parametrize("signed_in_page", ["tablet"], indirect=True)
def test_leaving_a_note_with_unsaved_typing_asks_first(signed_in_page, live_server, session):
    page = signed_in_page
    note_url = live_server.url + session.step_url("note_edit")
    page.goto(note_url)
    page.get_by_label("The client's report").fill(REPORT)
    asked = []

    def stay(dialog):
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    with page.expect_event("dialog"):
        page.get_by_role("link", name="1. Check-in").click(no_wait_after=True)
    assert asked == ["beforeunload"]
    assert page.url == note_url
    expect(page.get_by_label("The client's report")).to_have_value(REPORT)

    # Saving is not leaving: no prompt, and the note is stored.
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Note saved.", exact=True)).to_be_visible()
    assert asked == ["beforeunload"]
    assert Note.objects.get().subjective == REPORT
