"""Recording that a clinician has cleared a red flag the client reported.

The page belongs to the client (`clients:client_clearance_create`) and offers the red
flags of the current screening: the latest signed intake, check-ins since, self-intakes
waiting for review. The older address under an intake answers the same form.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clients.models import AuditEvent, CheckIn, Clearance
from clients.services.screening import current_screening
from tests.factories import ClientFactory, IntakeFactory, SessionFactory

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
    """The older address, under an intake."""
    return f"/clients/{intake.client.pk}/intakes/{intake.pk}/clearances/new/"


def client_url(client) -> str:
    return f"/clients/{client.pk}/clearances/new/"


def reported_at_check_in(client, therapist, *codes: str) -> CheckIn:
    session = SessionFactory(client=client, therapist=therapist)
    return CheckIn.objects.create(session=session, anything_changed=True, new_red_flags=codes)


def test_the_addresses_are_named(client_record, intake):
    assert reverse("clients:client_clearance_create", args=[client_record.pk]) == client_url(
        client_record
    )
    assert reverse("clients:clearance_create", args=[client_record.pk, intake.pk]) == url(intake)


def clearance_data(**changes) -> dict[str, str]:
    data = {
        "code": "RF09",
        "clinician_name": "Dr Priya Shah",
        "clinician_role": "GP",
        "cleared_on": timezone.localdate().isoformat(),
        "note": "Seen in surgery; no concerns. Gentle massage fine.",
    }
    return {**data, **changes}


@pytest.mark.parametrize("address", ["client", "intake"])
def test_form_offers_the_uncleared_red_flags_with_the_date_limits(
    therapist_client, intake, address
):
    path = client_url(intake.client) if address == "client" else url(intake)
    response = therapist_client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="RF09"' in html and "History of cancer, new back pain" in html
    signed_on = timezone.localdate(intake.signed_at).isoformat()
    assert f'min="{signed_on}"' in html
    assert f'max="{timezone.localdate().isoformat()}"' in html


def test_the_client_page_and_the_intake_address_post_the_same_clearance(
    therapist_client, intake, therapist
):
    response = therapist_client.post(client_url(intake.client), clearance_data())
    assert response.status_code == 302
    assert response["Location"] == f"/clients/{intake.client.pk}/"
    clearance = Clearance.objects.get()
    assert (clearance.client, clearance.intake, clearance.code) == (intake.client, intake, "RF09")
    assert clearance.recorded_by == therapist
    assert not current_screening(intake.client).has_red_flags


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
    assert clearance.client == intake.client
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


def test_a_therapists_draft_intake_offers_only_the_clients_current_flags(
    therapist_client, client_record
):
    """An unsigned draft taken by the therapist counts for nothing: its flags are not the
    client's, so the older address under it offers nothing and refuses to clear them."""
    draft = IntakeFactory(client=client_record, status="draft", signed_at=None, red_flags=["RF09"])
    for path in (url(draft), client_url(client_record)):
        response = therapist_client.get(path)
        html = response.content.decode()
        assert response.status_code == 200
        assert 'value="RF09"' not in html
        assert "The client has no red flags now, so there is nothing to clear." in html
        assert "not screened yet" in html

    response = therapist_client.post(url(draft), clearance_data())
    assert response.status_code == 200
    assert "RF09 is not among the client&#x27;s red flags now." in response.content.decode()
    assert not Clearance.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CLEARED).exists()


def test_a_pending_self_intakes_flag_can_be_cleared_before_any_signed_intake(
    therapist_client, client_record, therapist
):
    pending = IntakeFactory(
        client=client_record, status="draft", source="client", signed_at=None, red_flags=["RF09"]
    )
    assert current_screening(client_record).has_red_flags
    for path in (url(pending), client_url(client_record)):
        html = therapist_client.get(path).content.decode()
        assert 'value="RF09"' in html and "History of cancer, new back pain" in html
        # Not signed yet: the earliest date is the day the client was added.
        assert f'min="{timezone.localdate(client_record.created).isoformat()}"' in html

    response = therapist_client.post(client_url(client_record), clearance_data())
    assert response.status_code == 302
    clearance = Clearance.objects.get()
    assert (clearance.client, clearance.intake, clearance.code) == (client_record, None, "RF09")
    found = current_screening(client_record)
    assert found.result["red_flags"] == [
        {"code": "RF09", "action": "urgent", "derived": False, "cleared": True}
    ]
    html = therapist_client.get(client_url(client_record)).content.decode()
    assert "Every red flag the client reported has already been cleared." in html


def test_a_set_aside_self_intakes_flags_are_not_offered(therapist_client, client_record):
    IntakeFactory(
        client=client_record,
        status="draft",
        source="client",
        signed_at=None,
        red_flags=["RF09"],
        set_aside_at=timezone.now(),
        set_aside_reason="Filled in twice by mistake.",
    )
    html = therapist_client.get(client_url(client_record)).content.decode()
    assert 'value="RF09"' not in html
    response = therapist_client.post(client_url(client_record), clearance_data())
    assert response.status_code == 200
    assert not Clearance.objects.exists()


def test_a_flag_not_on_the_intake_is_refused_with_a_message(therapist_client, intake):
    response = therapist_client.post(url(intake), clearance_data(code="RF10"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "RF10 is not among the client&#x27;s red flags now." in html
    assert not Clearance.objects.exists()


def test_an_unknown_code_is_refused_with_a_message(therapist_client, intake):
    response = therapist_client.post(client_url(intake.client), clearance_data(code="XX99"))
    assert response.status_code == 200
    assert "XX99 is not among the client&#x27;s red flags now." in response.content.decode()
    assert not Clearance.objects.exists()


def test_a_flag_is_cleared_once_only(therapist_client, client_record):
    intake = IntakeFactory(client=client_record, red_flags=["RF09", "RF10"])
    therapist_client.post(url(intake), clearance_data(code="RF09"))
    html = therapist_client.get(url(intake)).content.decode()
    assert 'value="RF09"' not in html and 'value="RF10"' in html

    response = therapist_client.post(url(intake), clearance_data(code="RF09", note="again"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "RF09 has already been cleared." in html
    assert Clearance.objects.filter(intake=intake).count() == 1
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CLEARED).count() == 1


def test_the_last_flag_cleared_twice_is_refused_with_a_message(therapist_client, intake):
    therapist_client.post(client_url(intake.client), clearance_data())
    response = therapist_client.post(client_url(intake.client), clearance_data(note="again"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "RF09 has already been cleared." in html
    assert Clearance.objects.count() == 1


def test_a_red_flag_reported_at_a_check_in_can_be_cleared_from_the_client_page(
    therapist_client, client_record, therapist
):
    IntakeFactory(client=client_record, red_flags=[], signed_at=timezone.now() - timedelta(days=3))
    reported_at_check_in(client_record, therapist, "RF10")
    page = f"/clients/{client_record.pk}/"
    before = therapist_client.get(page)
    assert before.context["summary"].result["decision"] == "do_not_treat"
    assert "Do not treat" in before.content.decode()

    html = therapist_client.get(client_url(client_record)).content.decode()
    assert 'value="RF10"' in html
    response = therapist_client.post(client_url(client_record), clearance_data(code="RF10"))
    assert response.status_code == 302 and response["Location"] == page

    clearance = Clearance.objects.get()
    assert (clearance.client, clearance.code) == (client_record, "RF10")
    after = therapist_client.get(page)
    html = after.content.decode()
    assert after.context["summary"].result["decision"] == "treat_with_precautions"
    assert after.context["summary"].result["red_flags"] == [
        {"code": "RF10", "action": "urgent", "derived": False, "cleared": True}
    ]
    assert "Do not treat" not in html
    assert "RF10 cleared by Dr Priya Shah, GP." in html
    assert "Cleared" in html


def test_a_cleared_flag_reported_again_at_a_later_check_in_may_be_cleared_again(
    therapist_client, intake, therapist
):
    client = intake.client
    therapist_client.post(client_url(client), clearance_data())
    assert not current_screening(client).do_not_treat

    reported_at_check_in(client, therapist, "RF09")
    found = current_screening(client)
    assert found.do_not_treat
    assert found.result["red_flags"] == [
        {"code": "RF09", "action": "urgent", "derived": False, "cleared": False}
    ]
    assert 'value="RF09"' in therapist_client.get(client_url(client)).content.decode()

    response = therapist_client.post(client_url(client), clearance_data(note="Seen again."))
    assert response.status_code == 302
    assert Clearance.objects.filter(client=client, code="RF09").count() == 2
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CLEARED).count() == 2
    assert not current_screening(client).do_not_treat


def test_when_every_flag_is_cleared_the_page_says_so(therapist_client, intake):
    Clearance.objects.create(
        intake=intake, code="RF09", cleared_by="Dr X, GP", cleared_on=timezone.localdate()
    )
    assert Clearance.objects.get().client == intake.client  # filled from the intake
    html = therapist_client.get(url(intake)).content.decode()
    assert "Every red flag the client reported has already been cleared." in html
    assert "Record clearance" not in html
    assert "cleared by Dr X, GP" in html


def test_an_intake_without_red_flags_has_nothing_to_clear(therapist_client, client_record):
    intake = IntakeFactory(client=client_record, red_flags=[])
    for path in (url(intake), client_url(client_record)):
        html = therapist_client.get(path).content.decode()
        assert "The client has no red flags now, so there is nothing to clear." in html
        assert "Record clearance" not in html


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
    for path in (url(intake), client_url(intake.client)):
        assert outsider_client.get(path).status_code == 404
        assert outsider_client.post(path, clearance_data()).status_code == 404
    assert not Clearance.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CLEARED).exists()


def test_an_intake_of_another_client_is_404(therapist_client, intake, practice):
    other = ClientFactory(practice=practice)
    path = f"/clients/{other.pk}/intakes/{intake.pk}/clearances/new/"
    assert therapist_client.get(path).status_code == 404
    assert therapist_client.post(path, clearance_data()).status_code == 404
    assert not Clearance.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, intake):
    for path in (url(intake), client_url(intake.client)):
        response = client.get(path)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def count_queries(http, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert http.get(path).status_code == 200
    return len(queries)


def test_the_form_page_is_bounded_in_queries_whatever_the_records_size(
    therapist_client, intake, therapist
):
    """The current screening takes a fixed number of queries: session, user, client,
    library, intake, check-ins, pending self-intakes, clearances, the audit row, and the
    clearances the page lists (plus the intake the older address names)."""
    client = intake.client
    small = {
        path: count_queries(therapist_client, path) for path in (url(intake), client_url(client))
    }
    assert small[client_url(client)] <= 11
    assert small[url(intake)] <= 13

    for code in ("RF10", "RF11", "RF12"):
        reported_at_check_in(client, therapist, code)
        Clearance.objects.create(
            client=client,
            intake=intake,
            code=code,
            cleared_by="Dr X, GP",
            cleared_on=timezone.localdate(),
        )
    for _ in range(3):
        IntakeFactory(
            client=client, status="draft", source="client", signed_at=None, red_flags=["RF13"]
        )
    large = {path: count_queries(therapist_client, path) for path in small}
    assert large == small


def test_a_flag_cleared_meanwhile_is_refused_beside_the_choice(
    therapist_client, client_record, intake
):
    """The form was loaded before a colleague cleared the flag; the second post is
    refused beside the flag, with what was typed kept."""
    page = therapist_client.get(client_url(client_record))
    assert page.status_code == 200
    Clearance.objects.create(
        client=client_record,
        intake=intake,
        code="RF09",
        cleared_by="Dr A Colleague, GP",
        cleared_on=timezone.localdate(),
    )
    response = therapist_client.post(
        client_url(client_record),
        {
            "code": "RF09",
            "clinician_name": "Dr Priya Shah",
            "clinician_role": "GP",
            "cleared_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 200
    assert "already been cleared" in response.content.decode()
    assert Clearance.objects.filter(client=client_record).count() == 1
