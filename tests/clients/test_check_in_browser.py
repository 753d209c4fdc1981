"""The check-in's one question in a real browser at tablet and phone width: the lists stay
closed until "Yes", and "No" alone saves."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from clients.models import CheckIn
from tests.factories import ClientFactory, IntakeFactory, SessionFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def session(practice, therapist):
    client = ClientFactory(practice=practice, first_name="Ana", last_name="Silva")
    IntakeFactory(client=client, symptoms=["PS01", "PS02"])
    return SessionFactory(client=client, therapist=therapist)


def check_in_url(live_server, session) -> str:
    return live_server.url + reverse(
        "clients:session_check_in", args=[session.client_id, session.pk]
    )


@pytest.mark.parametrize("signed_in_page", ["tablet", "phone"], indirect=True)
def test_one_question_first_and_the_lists_only_after_yes(
    signed_in_page, live_server, session, shoot, assert_accessible
):
    page = signed_in_page
    width = page.viewport_name
    page.goto(check_in_url(live_server, session))
    expect(page.get_by_text("Anything new since")).to_be_visible()
    saddle = page.get_by_label("Saddle anaesthesia", exact=False)
    expect(saddle).to_be_hidden()
    expect(page.get_by_label("What the client says has changed")).to_be_hidden()
    height_closed = page.evaluate("document.documentElement.scrollHeight")
    shoot(page, f"check-in-question-{width}")
    assert_accessible(page)

    page.get_by_label("Yes, something has changed").check()
    expect(page.get_by_role("heading", name="Red flags")).to_be_visible()
    expect(page.get_by_text("Emergency: send for care now")).to_be_visible()
    expect(saddle).to_be_visible()
    assert page.evaluate("document.documentElement.scrollHeight") > height_closed + 800
    shoot(page, f"check-in-yes-{width}")
    assert_accessible(page)

    # Back to "No": the lists close again, and "No" alone is saved.
    page.get_by_label("No, nothing has changed").check()
    expect(saddle).to_be_hidden()
    page.get_by_role("button", name="Save the check-in and see the plan").click()
    page.get_by_role("heading", name="Plan Ana Silva").wait_for()
    assert CheckIn.objects.get().anything_changed is False


@pytest.mark.parametrize("signed_in_page", ["tablet"], indirect=True)
def test_no_with_a_ticked_answer_is_refused_with_the_answer_in_sight(
    signed_in_page, live_server, session, shoot
):
    page = signed_in_page
    page.goto(check_in_url(live_server, session))
    page.get_by_label("Yes, something has changed").check()
    page.get_by_label("Unexplained weight loss (RF10)").check()
    page.get_by_label("No, nothing has changed").check()
    # A ticked answer keeps the lists open, so it can't be forgotten out of sight.
    expect(page.get_by_label("Unexplained weight loss (RF10)")).to_be_visible()
    page.get_by_role("button", name="Save the check-in and see the plan").click()
    expect(page.get_by_text("You ticked new answers below")).to_be_visible()
    expect(page.get_by_label("Unexplained weight loss (RF10)")).to_be_checked()
    shoot(page, "check-in-refused-tablet")
    assert not CheckIn.objects.exists()


def test_without_javascript_the_question_still_opens_the_lists(
    browser, live_server, session, therapist
):
    from tests.browser import VIEWPORTS, sign_in

    context = browser.new_context(viewport=VIEWPORTS["tablet"], java_script_enabled=False)
    sign_in(context, live_server, therapist)
    page = context.new_page()
    page.goto(check_in_url(live_server, session))
    page.get_by_label("Yes, something has changed").check()
    page.get_by_label("Meal within the last hour (CI23)").check()
    page.get_by_role("button", name="Save the check-in and see the plan").click()
    page.get_by_role("heading", name="Plan Ana Silva").wait_for()
    assert CheckIn.objects.get().new_contraindications == ["CI23"]
    context.close()
