import pytest

from tests.factories import ClientFactory, IntakeFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_client_pages_pass_axe_at_every_width(
    signed_in_page, live_server, practice, shoot, assert_accessible
):
    page = signed_in_page
    width = page.viewport_name
    client = ClientFactory(practice=practice, first_name="Maria", last_name="Lopez")
    IntakeFactory(
        client=client, red_flags=["RF09"], symptoms=["SC01", "SC03"], pain_regions=["calf_left"]
    )
    ClientFactory.create_batch(3, practice=practice)
    for name, path in [
        ("client-list", "/clients/"),
        ("client-detail", f"/clients/{client.pk}/"),
        ("client-form", "/clients/new/"),
        ("client-archive", f"/clients/{client.pk}/archive/"),
    ]:
        page.goto(live_server.url + path)
        shoot(page, f"{name}-{width}")
        assert_accessible(page)


def test_therapist_adds_a_client_and_a_mistake_is_shown_beside_the_field(
    browser_page, live_server, therapist
):
    from tests.browser import sign_in

    page = browser_page
    sign_in(page.context, live_server, therapist)
    page.goto(live_server.url + "/clients/new/")
    page.get_by_label("First name").fill("Ana")
    page.get_by_label("Last name").fill("Silva")
    page.get_by_label("Email", exact=True).fill("not-an-email")
    page.get_by_role("button", name="Save client").click()
    page.get_by_text("Enter a valid email address").wait_for()
    # The focus lands on the field in error, which names its message for screen readers.
    assert page.evaluate("document.activeElement.id") == "id_email"
    assert (
        page.get_by_label("Email", exact=True).get_attribute("aria-describedby") == "id_email_error"
    )
    assert page.get_by_label("First name").input_value() == "Ana"
    page.get_by_label("Email", exact=True).fill("ana@example.org")
    page.get_by_role("button", name="Save client").click()
    page.get_by_role("heading", name="Ana Silva").wait_for()
    assert "Ana" not in page.title()
