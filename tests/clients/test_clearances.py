"""Recording that a clinician has cleared a red flag of a signed intake."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from clients.models import AuditEvent, Clearance
from tests.factories import ClientFactory, IntakeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_record(practice):
    return ClientFactory(practice=practice, first_name="Maria", last_name="Lopez")


@pytest.fixture
def intake(client_record):
    """Signed three days ago, with a history of cancer (RF09, urgent)."""
    return IntakeFactory(
        client=client_record,
        red_flags=["RF09"],
        signed_at=timezone.now() - timedelta(days=3),
        consent_at=timezone.now() - timedelta(days=3),
    )


def url(intake) -> str:
    return f"/clients/{intake.client.pk}/intakes/{intake.pk}/clearances/new/"


def clearance_data(**changes) -> dict[str, str]:
    data = {
        "code": "RF09",
        "clinician_name": "Dr Priya Shah",
        "clinician_role": "GP",
        "cleared_on": timezone.localdate().isoformat(),
        "note": "Seen in surgery; no concerns. Gentle massage fine.",
    }
    return {**data, **changes}


def test_form_offers_the_uncleared_red_flags_with_the_date_limits(therapist_client, intake):
    response = therapist_client.get(url(intake))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="RF09"' in html and "History of cancer, new back pain" in html
    signed_on = timezone.localdate(intake.signed_at).isoformat()
    assert f'min="{signed_on}"' in html
    assert f'max="{timezone.localdate().isoformat()}"' in html


def test_clearing_rf09_turns_do_not_treat_into_treat_with_precautions(
    therapist_client, intake, therapist
):
    page = f"/clients/{intake.client.pk}/"
    before = therapist_client.get(page)
    assert before.context["summary"].result["decision"] == "do_not_treat"

    response = therapist_client.post(url(intake), clearance_data())
    assert response.status_code == 302
    assert response["Location"] == page

    clearance = Clearance.objects.get(intake=intake)
    assert clearance.code == "RF09"
    assert clearance.cleared_by == "Dr Priya Shah, GP"
    assert clearance.cleared_on == timezone.localdate()
    assert clearance.recorded_by == therapist

    after = therapist_client.get(page)
    html = after.content.decode()
    assert after.context["summary"].result["decision"] == "treat_with_precautions"
    assert after.context["summary"].result["triage"] == "none"
    assert "RF09 cleared by Dr Priya Shah, GP." in html
    assert "Treat with precautions" in html
    assert "Cleared" in html  # the flag still shows, marked cleared (rule 2)


def test_clearing_writes_an_audit_row(therapist_client, intake, therapist):
    therapist_client.post(url(intake), clearance_data())
    event = AuditEvent.objects.get(action=AuditEvent.Action.CLEARED)
    clearance = Clearance.objects.get(intake=intake)
    assert event.client == intake.client
    assert event.user == therapist
    assert event.practice == intake.client.practice
    assert event.target == f"clearance {clearance.pk}"


def test_a_derived_red_flag_can_be_cleared(therapist_client, client_record):
    client_record.date_of_birth = timezone.localdate().replace(year=timezone.localdate().year - 60)
    client_record.save()
    intake = IntakeFactory(client=client_record, new_onset=True)  # RF18 derived from the age
    html = therapist_client.get(url(intake)).content.decode()
    assert 'value="RF18"' in html and "from the answers" in html
    therapist_client.post(url(intake), clearance_data(code="RF18"))
    assert Clearance.objects.filter(intake=intake, code="RF18").exists()


def test_a_draft_intake_is_404(therapist_client, client_record):
    draft = IntakeFactory(client=client_record, status="draft", signed_at=None, red_flags=["RF09"])
    assert therapist_client.get(url(draft)).status_code == 404
    assert therapist_client.post(url(draft), clearance_data()).status_code == 404
    assert not Clearance.objects.exists()


def test_a_flag_not_on_the_intake_is_refused_with_a_message(therapist_client, intake):
    response = therapist_client.post(url(intake), clearance_data(code="RF10"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "RF10 is not among this intake&#x27;s red flags." in html
    assert not Clearance.objects.exists()


def test_an_unknown_code_is_refused_with_a_message(therapist_client, intake):
    response = therapist_client.post(url(intake), clearance_data(code="XX99"))
    assert "XX99 is not among this intake&#x27;s red flags." in response.content.decode()
    assert not Clearance.objects.exists()


def test_a_flag_is_cleared_once_only(therapist_client, client_record):
    intake = IntakeFactory(client=client_record, red_flags=["RF09", "RF10"])
    therapist_client.post(url(intake), clearance_data(code="RF09"))
    html = therapist_client.get(url(intake)).content.decode()
    assert 'value="RF09"' not in html and 'value="RF10"' in html

    response = therapist_client.post(url(intake), clearance_data(code="RF09", note="again"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "RF09 has already been cleared on this intake." in html
    assert Clearance.objects.filter(intake=intake).count() == 1
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CLEARED).count() == 1


def test_when_every_flag_is_cleared_the_page_says_so(therapist_client, intake):
    Clearance.objects.create(
        intake=intake, code="RF09", cleared_by="Dr X, GP", cleared_on=timezone.localdate()
    )
    html = therapist_client.get(url(intake)).content.decode()
    assert "Every red flag of this intake has already been cleared." in html
    assert "Record clearance" not in html
    assert "cleared by Dr X, GP" in html


def test_an_intake_without_red_flags_has_nothing_to_clear(therapist_client, client_record):
    intake = IntakeFactory(client=client_record, red_flags=[])
    html = therapist_client.get(url(intake)).content.decode()
    assert "This intake has no red flags, so there is nothing to clear." in html


@pytest.mark.parametrize(
    ("changes", "field_message"),
    [
        (
            {"cleared_on": (timezone.localdate() + timedelta(days=1)).isoformat()},
            "The date can&#x27;t be in the future.",
        ),
        (
            {"cleared_on": (timezone.localdate() - timedelta(days=10)).isoformat()},
            "The date can&#x27;t be before the intake was signed",
        ),
        ({"cleared_on": "31/31/2026"}, "Enter a valid date."),
        ({"clinician_name": "  "}, "This field is required."),
        ({"clinician_role": ""}, "This field is required."),
        ({"code": ""}, "This field is required."),
    ],
)
def test_bad_input_is_reported_beside_the_field_and_the_rest_is_kept(
    therapist_client, intake, changes, field_message
):
    data = clearance_data(**changes)
    response = therapist_client.post(url(intake), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert field_message in html
    assert "Please correct the fields marked below" in html
    assert "Seen in surgery; no concerns. Gentle massage fine." in html
    if changes.get("clinician_name") is None:
        assert 'value="Dr Priya Shah"' in html
    assert not Clearance.objects.exists()


def test_a_clearance_dated_the_day_the_intake_was_signed_is_accepted(therapist_client, intake):
    signed_on = timezone.localdate(intake.signed_at).isoformat()
    therapist_client.post(url(intake), clearance_data(cleared_on=signed_on))
    assert Clearance.objects.get(intake=intake).cleared_on.isoformat() == signed_on


def test_a_later_signed_intake_starts_uncleared(therapist_client, intake):
    therapist_client.post(url(intake), clearance_data())
    later = IntakeFactory(client=intake.client, red_flags=["RF09"])
    assert intake.client.current_intake() == later

    response = therapist_client.get(f"/clients/{intake.client.pk}/")
    summary = response.context["summary"]
    assert summary.result["decision"] == "do_not_treat"
    assert summary.result["red_flags"] == [
        {"code": "RF09", "action": "urgent", "derived": False, "cleared": False}
    ]
    assert 'value="RF09"' in therapist_client.get(url(later)).content.decode()


def test_another_practice_gets_404_for_get_and_post(outsider_client, intake):
    assert outsider_client.get(url(intake)).status_code == 404
    assert outsider_client.post(url(intake), clearance_data()).status_code == 404
    assert not Clearance.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CLEARED).exists()


def test_an_intake_of_another_client_is_404(therapist_client, intake, practice):
    other = ClientFactory(practice=practice)
    path = f"/clients/{other.pk}/intakes/{intake.pk}/clearances/new/"
    assert therapist_client.get(path).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, intake):
    response = client.get(url(intake))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_form_page_is_bounded_in_queries(
    therapist_client, intake, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        assert therapist_client.get(url(intake)).status_code == 200
