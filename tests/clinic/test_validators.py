"""Names are one line of plain text: the shared validator and the forms that use it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from clinic.validators import MESSAGE, no_control_characters, single_line
from tests.factories import TEST_PASSWORD

REFUSED = ["\r", "\n", "\r\n", "\t", "\x1b", "\x7f", "\x85", "\u2028", "\u2029"]


@pytest.mark.parametrize("char", REFUSED, ids=repr)
def test_control_characters_and_line_separators_are_refused(char):
    with pytest.raises(ValidationError) as refused:
        no_control_characters(f"Ann{char}BEGIN:VEVENT")
    assert refused.value.messages == [MESSAGE]
    assert char not in single_line(f"Ann{char}Lee")


@pytest.mark.parametrize("name", ["Zoë O'Brien-Łukasz", "李小龙", "Dr. A. Smith, GP", "👩‍⚕️ Ana"])
def test_names_in_any_script_with_punctuation_are_accepted(name):
    no_control_characters(name)
    assert single_line(name) == name


def beside_the_field(response, field: str) -> bool:
    """The message is on the page, in the error block crispy puts under that field."""
    html = response.content.decode()
    start = html.find(f'id="error_1_id_{field}"')
    return start != -1 and MESSAGE in html[start : start + 400]


@pytest.mark.django_db
@pytest.mark.parametrize("char", ["\r", "\u2028", "\t"], ids=repr)
def test_the_practice_form_refuses_a_name_with_control_characters(owner_client, practice, char):
    data = {"name": f"Riverside{char}Massage", "time_zone": "Europe/London"}
    response = owner_client.post("/practice/", data)
    assert response.status_code == 200
    assert beside_the_field(response, "name")
    practice.refresh_from_db()
    assert practice.name == "Riverside Massage"


@pytest.mark.django_db
def test_the_invitation_form_refuses_names_with_control_characters(client, practice):
    from clinic.models import Invitation, User

    invitation = Invitation.objects.create(practice=practice, email="n@example.com")
    response = client.post(
        f"/accounts/invitation/{invitation.token}/",
        {
            "username": "nina",
            "first_name": "Nina\rBEGIN:VEVENT",
            "last_name": "N\u2028g",
            "password1": TEST_PASSWORD,
            "password2": TEST_PASSWORD,
        },
    )
    assert beside_the_field(response, "first_name") and beside_the_field(response, "last_name")
    assert not User.objects.filter(username="nina").exists()


@pytest.mark.django_db
def test_the_client_form_refuses_names_with_control_characters(therapist_client):
    from clients.models import Client

    response = therapist_client.post(
        "/clients/new/", {"first_name": "A\rna", "last_name": "Silva\nX", "doctor_name": "Dr\x1bX"}
    )
    for field in ["first_name", "last_name", "doctor_name"]:
        assert beside_the_field(response, field), field
    assert not Client.objects.exists()


def test_activity_names_are_checked_too():
    from clients.forms.notes import ActivitiesForm

    form = ActivitiesForm({"activity_0": "Sitting\rBEGIN:VEVENT"}, activities=[], scored=set())
    assert form.errors["activity_0"] == [MESSAGE]
