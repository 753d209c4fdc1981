"""Two people editing the same record in real browsers: the second save shows who saved
first, keeps what they typed, and shows the saved version; axe checks each conflict page
and screenshots land in screenshots/ for a human to look at."""

from __future__ import annotations

import pytest

from clients.models import Intake, Note, Sheet
from tests.browser import VIEWPORTS, sign_in
from tests.clients.sheet_helpers import screened_client
from tests.factories import ClientFactory, IntakeFactory, SessionFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def two_people(browser, live_server, therapist, owner):
    """Sam (the therapist) and Olivia (the owner), each in their own browser."""
    therapist.first_name, therapist.last_name = "Sam", "Jones"
    therapist.save()
    pages = []
    for user, viewport in ((therapist, "desktop"), (owner, "tablet")):
        context = browser.new_context(viewport=VIEWPORTS[viewport])
        context.set_default_timeout(15_000)
        sign_in(context, live_server, user)
        pages.append(context.new_page())
    yield pages
    for page in pages:
        page.context.close()


def test_the_second_note_save_shows_the_conflict(
    two_people, live_server, practice, therapist, shoot, assert_accessible
):
    sam, olivia = two_people
    maria = ClientFactory(practice=practice, first_name="Maria", last_name="Lopez")
    IntakeFactory(client=maria)
    session = SessionFactory(client=maria, therapist=therapist)
    url = f"{live_server.url}/clients/{maria.pk}/sessions/{session.pk}/note/"
    sam.goto(url)
    olivia.goto(url)

    sam.get_by_role("textbox", name="Assessment").fill("Deep gluteal pattern on the left.")
    sam.get_by_role("button", name="Save draft").click()
    sam.get_by_text("Note saved.").wait_for()

    olivia.get_by_role("textbox", name="Assessment").fill("Psoas pattern, calmer than last week.")
    olivia.get_by_role("button", name="Save draft").click()
    alert = olivia.locator("#edit-conflict[role=alert]")
    alert.wait_for()
    assert "Sam Jones saved this note at" in alert.inner_text()
    assert olivia.get_by_role("textbox", name="Assessment").input_value() == (
        "Psoas pattern, calmer than last week."
    )
    saved = olivia.locator(".edit-conflict-saved")
    assert "Deep gluteal pattern on the left." in saved.inner_text()
    assert Note.objects.get(session=session).assessment == "Deep gluteal pattern on the left."
    assert_accessible(olivia)
    shoot(olivia, "conflict-note-tablet")

    olivia.get_by_role("link", name="Open the latest note").click()
    assert (
        olivia.get_by_role("textbox", name="Assessment").input_value()
        == "Deep gluteal pattern on the left."
    )
    assert not olivia.locator("#edit-conflict").count()


def test_the_second_intake_and_sheet_saves_show_the_conflict(
    two_people, live_server, practice, therapist, shoot, assert_accessible
):
    sam, olivia = two_people
    client = screened_client(practice)
    draft = Intake.objects.create(client=client, history="Desk job")
    url = f"{live_server.url}/clients/{client.pk}/intakes/{draft.pk}/edit/"
    sam.goto(url)
    olivia.goto(url)
    for page in (sam, olivia):  # the history is in the intake form's fourth section
        page.get_by_role("link", name="Contraindications and medicines").click()
    sam.get_by_label("Relevant history").fill("Desk job; cycles to work.")
    sam.get_by_role("button", name="Save draft").click()
    sam.get_by_text("Draft saved.").wait_for()
    olivia.get_by_label("Relevant history").fill("Desk job; new standing desk.")
    olivia.get_by_role("button", name="Save draft").click()
    olivia.locator("#edit-conflict").wait_for()
    assert olivia.get_by_label("Relevant history").input_value() == "Desk job; new standing desk."
    assert_accessible(olivia)
    shoot(olivia, "conflict-intake-tablet")

    sam.goto(f"{live_server.url}/clients/{client.pk}/")
    sam.get_by_role("button", name="New self-care sheet").click()
    sam.get_by_role("heading", name="Self-care sheet").wait_for()
    sheet = Sheet.objects.get(client=client)
    olivia.goto(f"{live_server.url}/clients/{client.pk}/sheets/{sheet.pk}/")
    first = sheet.items.first()
    sam.get_by_role("button", name=f"Remove {first.entry.name}").click()
    sam.get_by_role("heading", name="On the sheet").wait_for()
    olivia.get_by_label("Your note to the client").fill("Little and often.")
    olivia.get_by_role("button", name="Save", exact=True).click()
    olivia.locator("#edit-conflict").wait_for()
    assert olivia.get_by_label("Your note to the client").input_value() == "Little and often."
    assert Sheet.objects.get(pk=sheet.pk).note == ""
    assert_accessible(olivia)
    shoot(olivia, "conflict-sheet-tablet")
