"""The referral letter to the client's doctor: the print page and the PDF."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta

import pytest
from django.utils import timezone

from clients.models import AuditEvent, Clearance
from tests.factories import ClientFactory, IntakeFactory

pytestmark = pytest.mark.django_db

needs_poppler = pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) is not installed"
)


@pytest.fixture
def client_record(practice):
    practice.address = "12 River Street\nLeeds LS1 4AB"
    practice.phone = "0113 496 0000"
    practice.email = "hello@riverside.example"
    practice.save()
    return ClientFactory(
        practice=practice,
        first_name="Maria",
        last_name="Lopez",
        date_of_birth=date(1968, 3, 14),
        doctor_name="Dr Helen Okafor",
        doctor_contact="Parkside Surgery\n1 Park Road, Leeds LS2 9XY\n0113 496 1111",
    )


@pytest.fixture
def intake(client_record):
    """History of cancer (RF09, urgent) and unexplained weight loss (RF10, urgent)."""
    return IntakeFactory(
        client=client_record,
        red_flags=["RF09", "RF10"],
        pain_regions=["low_back", "calf_left"],
        symptoms=["SC01"],
        signed_at=timezone.now() - timedelta(days=2),
        consent_at=timezone.now() - timedelta(days=2),
    )


def letter_url(client) -> str:
    return f"/clients/{client.pk}/referral/"


def pdf_url(client) -> str:
    return f"/clients/{client.pk}/referral.pdf"


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(text.stdout.split())  # one line, so wrapped phrases still match


# --- The print page ------------------------------------------------------------------------


def test_letter_lists_the_flags_with_their_level_date_and_status(therapist_client, intake):
    response = therapist_client.get(letter_url(intake.client))
    html = response.content.decode()
    assert response.status_code == 200
    assert "History of cancer, new back pain" in html and "(RF09)" in html
    assert "Unexplained weight loss" in html and "(RF10)" in html
    assert html.count("Urgent: same-day medical assessment") == 2
    assert html.count(timezone.localdate(intake.signed_at).strftime("%-d %b %Y")) >= 2
    assert html.count("Not yet cleared") == 2


def test_letter_is_from_the_practice_to_the_doctor_about_the_client(
    therapist_client, intake, therapist
):
    html = therapist_client.get(letter_url(intake.client)).content.decode()
    assert "Riverside Massage" in html
    assert "12 River Street<br>Leeds LS1 4AB" in html
    assert "0113 496 0000" in html and "hello@riverside.example" in html
    assert "Dr Helen Okafor" in html and "Dear Dr Helen Okafor," in html
    assert "Parkside Surgery<br>1 Park Road, Leeds LS2 9XY" in html
    assert 'Re: <span class="client-name">Maria Lopez</span>' in html
    assert "date of birth 14 March 1968" in html
    assert therapist.display_name in html


def test_letter_describes_the_pain_map_what_was_done_and_asks_for_assessment(
    therapist_client, intake
):
    html = therapist_client.get(letter_url(intake.client)).content.decode()
    assert "Areas of pain marked on the body chart: low back, left calf." in html
    assert "radiating pain below the knee" in html
    assert "I have given no hands-on treatment" in html
    assert "massage treatment is deferred" in html
    assert "I would be grateful if you would assess Maria as a matter of urgency" in html


def test_an_emergency_flag_says_emergency_care_was_advised(therapist_client, client_record):
    IntakeFactory(client=client_record, red_flags=["RF01", "RF19"])
    html = therapist_client.get(letter_url(client_record)).content.decode()
    assert "Emergency: immediate medical assessment" in html
    assert "Routine: GP review" in html
    assert "seek emergency care straight away" in html
    # Most serious first.
    assert html.index("(RF01)") < html.index("(RF19)")


def test_routine_flags_only_say_treatment_may_continue_with_precautions(
    therapist_client, client_record
):
    IntakeFactory(client=client_record, red_flags=["RF21"])
    html = therapist_client.get(letter_url(client_record)).content.decode()
    assert "Massage may continue in the meantime with precautions" in html
    assert "as a matter of urgency" not in html


def test_derived_flags_are_listed_and_explained(therapist_client, client_record):
    IntakeFactory(client=client_record, new_onset=True)  # born 1968: over 50, new episode
    html = therapist_client.get(letter_url(client_record)).content.decode()
    assert "(RF18)" in html
    assert "Identified from the answers given (age and a new episode)" in html


def test_a_cleared_flag_shows_who_cleared_it_and_when(therapist_client, intake):
    Clearance.objects.create(
        intake=intake,
        code="RF10",
        cleared_by="Dr Sam Lee, GP",
        cleared_on=timezone.localdate(),
        note="Weight loss explained by diet.",
    )
    html = therapist_client.get(letter_url(intake.client)).content.decode()
    assert "Cleared</span> by Dr Sam Lee, GP on" in html
    assert "Weight loss explained by diet." in html
    assert html.count("Not yet cleared") == 1


def test_the_letter_follows_the_current_signed_intake(therapist_client, intake):
    IntakeFactory(client=intake.client, red_flags=["RF13"])
    IntakeFactory(client=intake.client, status="draft", signed_at=None, red_flags=["RF07"])
    html = therapist_client.get(letter_url(intake.client)).content.decode()
    assert "(RF13)" in html
    assert "(RF09)" not in html and "(RF07)" not in html


def test_a_red_flag_reported_at_a_later_check_in_is_in_the_letter(
    therapist_client, therapist, intake
):
    from clients.models import CheckIn
    from tests.factories import SessionFactory

    Clearance.objects.create(
        intake=intake, code="RF10", cleared_by="Dr Sam Lee, GP", cleared_on=timezone.localdate()
    )
    before = SessionFactory(client=intake.client, therapist=therapist)
    CheckIn.objects.create(session=before, anything_changed=True, new_red_flags=["RF05"])
    CheckIn.objects.filter(session=before).update(
        created=intake.signed_at - timedelta(days=1), updated=intake.signed_at - timedelta(days=1)
    )
    later = SessionFactory(client=intake.client, therapist=therapist)
    CheckIn.objects.create(session=later, anything_changed=True, new_red_flags=["RF13", "RF10"])
    html = therapist_client.get(letter_url(intake.client)).content.decode()
    assert "(RF13)" in html and "Reported at a session check-in" in html
    assert "with what Maria told me before a later session" in html
    # Reported again after it was cleared: the clearance no longer covers it.
    assert "Dr Sam Lee" not in html and html.count("Not yet cleared") == 3
    assert "(RF05)" not in html  # reported before this intake was signed


def test_the_letter_page_has_a_print_button_and_its_script_and_no_inline_script(
    therapist_client, intake
):
    html = therapist_client.get(letter_url(intake.client)).content.decode()
    assert "data-print" in html
    assert "/static/js/print.js" in html and "/static/css/print.css" in html
    assert "<script>" not in html and "style=" not in html
    assert "navbar" not in html


def test_the_letter_title_does_not_name_the_client(therapist_client, intake):
    html = therapist_client.get(letter_url(intake.client)).content.decode()
    title = html.split("<title>")[1].split("</title>")[0]
    assert "Maria" not in title and "Lopez" not in title


def test_without_a_doctor_the_letter_goes_to_the_gp_and_the_page_says_so(therapist_client, intake):
    intake.client.doctor_name = intake.client.doctor_contact = ""
    intake.client.save()
    html = therapist_client.get(letter_url(intake.client)).content.decode()
    assert "Dear Doctor," in html and "The client's GP" in html
    assert "No doctor is recorded for this client" in html


def test_printing_the_letter_is_audited(therapist_client, intake, therapist):
    therapist_client.get(letter_url(intake.client))
    event = AuditEvent.objects.get(action=AuditEvent.Action.PRINTED)
    assert event.client == intake.client and event.user == therapist
    assert event.target == f"intake {intake.pk}"


def test_letter_page_queries_are_bounded(therapist_client, intake, django_assert_max_num_queries):
    for _ in range(5):
        IntakeFactory(
            client=intake.client,
            red_flags=["RF09", "RF10", "RF11"],
            signed_at=timezone.now() - timedelta(days=5),
        )
    Clearance.objects.create(
        intake=intake, code="RF09", cleared_by="Dr X, GP", cleared_on=timezone.localdate()
    )
    with django_assert_max_num_queries(10):
        assert therapist_client.get(letter_url(intake.client)).status_code == 200


# --- Nothing to refer ----------------------------------------------------------------------


def test_without_a_signed_intake_there_is_nothing_to_refer(therapist_client, client_record):
    IntakeFactory(client=client_record, status="draft", signed_at=None, red_flags=["RF09"])
    response = therapist_client.get(letter_url(client_record))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing to refer" in html and "has no signed intake yet" in html
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.PRINTED).exists()


def test_without_red_flags_there_is_nothing_to_refer(therapist_client, client_record):
    IntakeFactory(client=client_record, red_flags=[])
    html = therapist_client.get(letter_url(client_record)).content.decode()
    assert "shows no red flags, so there is nothing to refer" in html


def test_the_pdf_with_nothing_to_refer_leads_to_the_explanation(therapist_client, client_record):
    response = therapist_client.get(pdf_url(client_record))
    assert response.status_code == 302
    assert response["Location"] == letter_url(client_record)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.DOWNLOADED).exists()


# --- The PDF -------------------------------------------------------------------------------


def test_the_pdf_is_a_pdf_named_without_the_client(therapist_client, intake):
    response = therapist_client.get(pdf_url(intake.client))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "no-store" in response["Cache-Control"]
    filename = f"referral-{intake.client.pk}-{timezone.localdate():%Y-%m-%d}.pdf"
    assert response["Content-Disposition"] == f'inline; filename="{filename}"'
    assert "maria" not in response["Content-Disposition"].lower()
    assert "lopez" not in response["Content-Disposition"].lower()


@needs_poppler
def test_the_pdf_says_what_the_letter_says(therapist_client, intake, tmp_path):
    text = pdf_text(therapist_client.get(pdf_url(intake.client)).content, tmp_path)
    assert "History of cancer, new back pain" in text
    assert "Unexplained weight loss" in text
    assert "Urgent: same-day medical assessment" in text
    assert "Dr Helen Okafor" in text and "Riverside Massage" in text
    assert "Re: Maria Lopez" in text
    assert "Page 1 of 1" in text  # the print stylesheet was applied
    assert "Print" not in text.split() and "Download PDF" not in text


def test_downloading_the_pdf_is_audited(therapist_client, intake, therapist):
    therapist_client.get(pdf_url(intake.client))
    event = AuditEvent.objects.get(action=AuditEvent.Action.DOWNLOADED)
    assert event.client == intake.client and event.user == therapist
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.PRINTED).exists()


def test_pdf_queries_are_bounded(therapist_client, intake, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        assert therapist_client.get(pdf_url(intake.client)).status_code == 200


@needs_poppler
def test_the_practice_logo_is_in_the_letter_and_the_pdf(
    therapist_client, intake, practice, settings, tmp_path
):
    from PIL import Image

    logo = settings.MEDIA_ROOT / "practice-logos" / "logo.png"
    logo.parent.mkdir(parents=True)
    Image.new("RGB", (120, 60), "#0b5d63").save(logo)
    practice.logo = "practice-logos/logo.png"
    practice.save()
    html = therapist_client.get(letter_url(intake.client)).content.decode()
    assert 'src="/media/practice-logos/logo.png"' in html
    pdf = tmp_path / "logo.pdf"
    pdf.write_bytes(therapist_client.get(pdf_url(intake.client)).content)
    images = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert " 120    60 " in images  # the logo, read from MEDIA_ROOT


# --- Privacy -------------------------------------------------------------------------------


def test_another_practice_gets_404_for_the_letter_and_the_pdf(outsider_client, intake):
    assert outsider_client.get(letter_url(intake.client)).status_code == 404
    assert outsider_client.get(pdf_url(intake.client)).status_code == 404
    assert not AuditEvent.objects.exists()


def test_only_get_is_allowed(therapist_client, intake):
    assert therapist_client.post(letter_url(intake.client)).status_code == 405
    assert therapist_client.post(pdf_url(intake.client)).status_code == 405


def test_signed_out_visitors_are_sent_to_sign_in(client, intake):
    for url in (letter_url(intake.client), pdf_url(intake.client)):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_another_clients_id_in_the_same_practice_shows_that_client(
    therapist_client, intake, practice
):
    other = ClientFactory(practice=practice, first_name="Tom", last_name="Reyes")
    html = therapist_client.get(letter_url(other)).content.decode()
    assert "Nothing to refer" in html and "Maria" not in html
