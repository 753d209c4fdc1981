"""Sessions in a real browser: from booking through check-in, a suggested and edited plan,
its printout and a signed note to the progress chart; axe on every new page at three widths."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.models import (
    Activity,
    ActivityScore,
    CalendarFeed,
    CheckIn,
    Note,
    NoteAmendment,
    PlanItem,
    Session,
)
from techniques.models import Entry
from tests.factories import ClientFactory, IntakeFactory, NoteFactory, SessionFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def maria(practice):
    client = ClientFactory(practice=practice, first_name="Maria", last_name="Lopez")
    IntakeFactory(client=client, symptoms=["PS02", "PS03", "PS04"], pain_regions=["front_hip_left"])
    return client


def plan_names(page) -> list[str]:
    return [
        name.strip()
        for name in page.locator(".plan-item .plan-item-body > .fw-semibold").all_inner_texts()
    ]


@pytest.mark.parametrize("signed_in_page", ["tablet"], indirect=True)
def test_a_therapist_goes_from_check_in_to_a_printed_plan_and_a_signed_note(
    signed_in_page, live_server, maria, shoot, assert_accessible
):
    page = signed_in_page
    # Booked for an hour ago, as when the session is written up at its end: a note is
    # signed only once its session has begun.
    start = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")

    # Book the session from the client page.
    page.goto(live_server.url + maria.get_absolute_url())
    page.get_by_role("link", name="Book a session").first.click()
    page.get_by_label("Start").fill(start)
    page.get_by_role("button", name="Save session").click()
    page.get_by_role("heading", name="Session Maria Lopez").wait_for()
    session = Session.objects.get()

    # Check in: she had lunch half an hour ago.
    page.get_by_role("link", name="Check the client in").click()
    page.get_by_label("Yes, something has changed").check()
    page.locator('input[name="new_contraindications"][value="CI23"]').check()
    page.get_by_label("What the client says has changed").fill("Lunch 30 minutes ago.")
    shoot(page, "session-check-in-tablet")
    page.get_by_role("button", name="Save the check-in and see the plan").click()
    page.get_by_role("heading", name="Plan Maria Lopez").wait_for()
    assert CheckIn.objects.get().new_contraindications == ["CI23"]

    # Suggest a psoas plan: a warm-up first, finishing stretches last, nothing blocked.
    page.get_by_label("Psoas", exact=True).check()
    page.get_by_role("button", name="Suggest a plan").click()
    page.get_by_text("Suggested a plan of").wait_for()
    names = plan_names(page)
    assert names[0] == "Swedish Warm-Up for Low Back and Buttocks"
    assert "Direct Abdominal Psoas Work" not in names
    blocked = page.locator(".blocked-entry", has_text="Direct Abdominal Psoas Work")
    assert "(CI23)" in blocked.inner_text() and "Meal within the last hour" in blocked.inner_text()
    shoot(page, "plan-suggested-tablet")

    # Edit: remove one, shorten the warm-up, move one up.
    page.get_by_role("button", name="Remove Side-Lying Lumbar Positioning and Rotation").click()
    page.get_by_text("Taken out of the plan.").wait_for()
    page.get_by_label("Minutes for Swedish Warm-Up for Low Back and Buttocks").fill("8")
    page.get_by_role("button", name="Save minutes").click()
    page.get_by_text("Plan saved.").wait_for()
    page.get_by_role("button", name="Move Hip Flexor Myofascial Release up").click()
    page.get_by_text("Plan saved.").wait_for()
    names = plan_names(page)
    assert "Side-Lying Lumbar Positioning and Rotation" not in names
    assert names.index("Hip Flexor Myofascial Release") < names.index("Front-of-Hip Iliopsoas Work")

    # Too many minutes is refused beside the field, with what was typed kept.
    page.get_by_label("Technique", exact=False).and_(page.locator("select")).select_option(
        "passive-piriformis-stretch"
    )
    page.locator("#id_add-minutes").fill("30")
    page.get_by_role("button", name="Add to the plan").click()
    page.get_by_text("over the 60-minute session").wait_for()
    assert page.locator("#id_add-minutes").input_value() == "30"
    assert_accessible(page)

    # A rule-9 override with its written reason.
    page.locator("details.override summary").click()
    reason = "Lunch was light and 50 minutes ago; client asked for it and consents."
    page.get_by_label("Reason for the override").fill(reason)
    page.get_by_role("button", name="Add Direct Abdominal Psoas Work with this reason").click()
    page.get_by_text("Added Direct Abdominal Psoas Work").wait_for()
    assert PlanItem.objects.get(entry__slug="abdominal-psoas-release").override_reason == reason
    total = sum(PlanItem.objects.filter(session=session).values_list("minutes", flat=True))
    assert total <= 60
    shoot(page, "plan-edited-tablet")

    # Print it for the treatment room.
    page.get_by_role("link", name="Print the plan").click()
    page.get_by_role("heading", name="Session plan").wait_for()
    assert reason in page.content()
    page.evaluate("window.print = () => { window.printed = true; }")
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("window.printed") is True
    assert_accessible(page)
    shoot(page, "plan-print-tablet")
    page.emulate_media(media="print")
    assert not page.locator(".print-toolbar").is_visible()
    shoot(page, "plan-print-paper")
    page.emulate_media(media="screen")

    # Write and sign the note.
    page.goto(live_server.url + reverse("clients:note_edit", args=[maria.pk, session.pk]))
    assert "Direct Abdominal Psoas Work" in page.get_by_label("What was done").input_value()
    page.get_by_label("Pain now (0–10)").fill("4")
    page.get_by_label("The client's report").fill("Hip front easier after the last visit.")
    page.get_by_label("Result, Straight leg raise, left").select_option("positive")
    page.get_by_label("Degrees, Straight leg raise, left").fill("40")
    page.get_by_label("Result, Thomas test, left").select_option("positive")
    shoot(page, "note-form-tablet")
    page.get_by_role("button", name="Save and sign").click()
    page.get_by_text("Note signed and locked.").wait_for()
    assert "Straight leg raise, left: positive at 40°" in page.content()
    note = Note.objects.get()
    assert note.is_signed and note.pain_now == 4
    page.get_by_role("textbox", name="Amendment").fill(
        "Thomas test was on the right, not the left."
    )
    page.get_by_role("button", name="Add the amendment").click()
    page.get_by_text("Amendment added.").wait_for()
    assert NoteAmendment.objects.count() == 1
    shoot(page, "note-signed-tablet")

    # The client page charts the change.
    page.goto(live_server.url + maria.get_absolute_url())
    chart = page.locator("svg.progress-chart")
    assert chart.get_attribute("role") == "img"
    assert "Pain: 4 on" in page.locator("#progress-desc").text_content()
    shoot(page, "client-progress-tablet")


def test_session_pages_pass_axe_at_every_width(
    signed_in_page, live_server, practice, therapist, maria, shoot, assert_accessible
):
    page = signed_in_page
    width = page.viewport_name
    now = timezone.now()
    film = Activity.objects.create(client=maria, name="Sitting through a film", position=0)
    done = []
    for weeks, pain, score in ((6, 7, 8), (4, 6, 6), (2, 4, 5)):
        earlier = SessionFactory(
            client=maria, therapist=therapist, start=now - timedelta(weeks=weeks), status="done"
        )
        NoteFactory(session=earlier, pain_now=pain, signed_by=therapist, signed_at=now)
        ActivityScore.objects.create(activity=film, session=earlier, score=score)
        done.append(earlier)
    NoteAmendment.objects.create(note=done[-1].note, author=therapist, text="Pain was 4.")
    # Under way for ten minutes: a note is signed once its session has begun.
    session = SessionFactory(client=maria, therapist=therapist, start=now - timedelta(minutes=10))
    CheckIn.objects.create(session=session, anything_changed=True, new_contraindications=["CI13"])
    for position, slug in enumerate(
        ["swedish-warmup-lumbar-gluteal", "side-lying-lumbar-release", "hip-range-of-motion"]
    ):
        entry = Entry.objects.get(slug=slug)
        PlanItem.objects.create(
            session=session, entry=entry, position=position, minutes=entry.default_minutes
        )
    NoteFactory(session=session, author=therapist)
    stopped = ClientFactory(practice=practice)
    IntakeFactory(client=stopped, red_flags=["RF01"])
    stopped_session = SessionFactory(
        client=stopped, therapist=therapist, start=now + timedelta(hours=5)
    )
    CalendarFeed.objects.create(user=therapist)
    s, c = session.pk, maria.pk
    pages = [
        ("session-new", reverse("clients:session_create", args=[c])),
        ("session-detail", reverse("clients:session_detail", args=[c, s])),
        ("session-edit", reverse("clients:session_edit", args=[c, s])),
        ("session-check-in", reverse("clients:session_check_in", args=[c, s])),
        ("plan-builder", reverse("clients:plan_builder", args=[c, s])),
        ("plan-print", reverse("clients:plan_print", args=[c, s])),
        (
            "plan-do-not-treat",
            reverse("clients:plan_builder", args=[stopped.pk, stopped_session.pk]),
        ),
        ("note-form", reverse("clients:note_edit", args=[c, s])),
        ("note-signed", reverse("clients:note_edit", args=[c, done[-1].pk])),
        ("activities", reverse("clients:activities_edit", args=[c])),
        ("agenda-day", reverse("clients:agenda")),
        ("agenda-week", reverse("clients:agenda") + "?view=week"),
        ("agenda-feed", reverse("clients:feed_settings")),
        ("client-detail-progress", maria.get_absolute_url()),
    ]
    for name, path in pages:
        page.goto(live_server.url + path)
        shoot(page, f"{name}-{width}")
        assert_accessible(page)
        assert "Maria" not in page.title() and "Lopez" not in page.title()
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{name} scrolls sideways at {width} width"


@pytest.mark.parametrize("signed_in_page", ["phone"], indirect=True)
def test_form_mistakes_show_beside_the_field_in_the_browser(
    signed_in_page, live_server, maria, therapist, assert_accessible
):
    page = signed_in_page
    session = SessionFactory(client=maria, therapist=therapist)
    local = timezone.localtime(session.start)
    page.goto(live_server.url + reverse("clients:session_create", args=[maria.pk]))
    page.get_by_label("Start").fill(f"{local:%Y-%m-%dT%H}:30")
    page.get_by_role("button", name="Save session").click()
    message = page.locator("#id_start").locator("xpath=..").get_by_text(re.compile("overlaps"))
    message.wait_for()
    assert page.get_by_label("Start").input_value() == f"{local:%Y-%m-%dT%H}:30"
    assert_accessible(page)
    page.goto(live_server.url + reverse("clients:note_edit", args=[maria.pk, session.pk]))
    page.get_by_label("Pain now (0–10)").fill("12")
    page.get_by_label("The client's report").fill("Kept words.")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Pain is scored from 0 to 10.").wait_for()
    assert page.get_by_label("The client's report").input_value() == "Kept words."
    assert_accessible(page)


def accessible_names(page, roles: set[str]) -> list[str]:
    """The names Chromium itself gives the page's controls of these roles."""
    tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")
    return [
        node["name"]["value"]
        for node in tree["nodes"]
        if node.get("role", {}).get("value") in roles and node.get("name", {}).get("value")
    ]


@pytest.mark.parametrize("signed_in_page", ["desktop"], indirect=True)
def test_the_note_form_test_controls_read_result_comma_test_comma_side(
    signed_in_page, live_server, maria, therapist
):
    page = signed_in_page
    session = SessionFactory(client=maria, therapist=therapist)
    page.goto(live_server.url + reverse("clients:note_edit", args=[maria.pk, session.pk]))
    names = accessible_names(page, {"combobox", "spinbutton"})
    assert "Result, Thomas test, left" in names
    assert "Degrees, Straight leg raise, right" in names
    assert [name for name in names if " ," in name] == []
