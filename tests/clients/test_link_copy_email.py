"""Emailing a private link is a choice of its own: making a sheet link or an intake link
never emails it; the client's address is offered, another can be typed, a bad one is
refused beside the field, and each email leaves an audit row."""

from __future__ import annotations

from datetime import date, timedelta
from smtplib import SMTPException

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.models import AuditEvent, Client, IntakeLink, SheetLink
from tests.clients.sheet_helpers import issued_for, screened_client, sheet_url

pytestmark = pytest.mark.django_db

PRIVATE_WORDS = ("Lopez", "Silvermoon", "pain", "psoas", "Stretch", "red flag")


@pytest.fixture
def sheet(practice, therapist):
    client = screened_client(practice, first_name="Ana", last_name="Silvermoon")
    return issued_for(client, therapist)


@pytest.fixture
def person(practice):
    return Client.objects.create(
        practice=practice,
        first_name="Maria",
        last_name="Lopez",
        date_of_birth=date(1980, 5, 1),
        email="maria@example.org",
    )


@pytest.fixture
def link(person, therapist):
    return IntakeLink.objects.create(
        client=person, created_by=therapist, expires=timezone.now() + timedelta(days=7)
    )


def emailed_rows(link) -> list[AuditEvent]:
    target = f"{link._meta.verbose_name} {link.pk}"
    return list(AuditEvent.objects.filter(action="emailed", target=target))


def email_url(link: IntakeLink) -> str:
    return reverse("clients:link_email", args=[link.client_id, link.pk])


def detail_url(link: IntakeLink) -> str:
    return reverse("clients:link_detail", args=[link.client_id, link.pk])


# --- A sheet's private link --------------------------------------------------------------------


def test_making_a_sheet_link_without_choosing_an_address_sends_nothing(
    therapist_client, sheet, mailoutbox
):
    assert sheet.client.email  # known, and still not used unless chosen
    response = therapist_client.post(sheet_url(sheet, "links/new/"), {"days": "30"})
    assert response.status_code == 302
    link = SheetLink.objects.get()
    assert mailoutbox == [] and link.emailed_to == ""
    assert emailed_rows(link) == []
    page = therapist_client.get(response["Location"]).content.decode()
    assert "Private link made. It works until" in page and "emailed" not in page


def test_ticking_the_clients_address_emails_the_link_there(therapist_client, sheet, mailoutbox):
    therapist_client.post(sheet_url(sheet, "links/new/"), {"days": "14", "to_client": "on"})
    link = SheetLink.objects.get()
    (message,) = mailoutbox
    assert message.to == [sheet.client.email] and link.emailed_to == sheet.client.email
    assert f"http://testserver/s/{link.token}/" in message.body
    assert len(emailed_rows(link)) == 1
    assert AuditEvent.objects.filter(action="created", target=f"sheet link {link.pk}").exists()


def test_another_typed_address_gets_the_link_instead(therapist_client, sheet, mailoutbox):
    therapist_client.post(
        sheet_url(sheet, "links/new/"), {"days": "30", "email": "partner@example.net"}
    )
    (message,) = mailoutbox
    assert message.to == ["partner@example.net"]
    assert SheetLink.objects.get().emailed_to == "partner@example.net"


def test_two_different_addresses_are_refused_beside_the_field_and_kept(
    therapist_client, sheet, mailoutbox
):
    response = therapist_client.post(
        sheet_url(sheet, "links/new/"),
        {"days": "21", "to_client": "on", "email": "partner@example.net"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "The link goes to one address" in html
    assert 'value="partner@example.net"' in html and 'value="21"' in html and "checked" in html
    assert not SheetLink.objects.exists() and mailoutbox == []


def test_the_issued_sheet_page_offers_the_email_without_filling_it_in(therapist_client, sheet):
    html = therapist_client.get(sheet_url(sheet)).content.decode()
    assert f"Email it to {sheet.client.email}" in html
    assert f'value="{sheet.client.email}"' not in html
    assert 'name="to_client"' in html and "checked" not in html


def test_a_client_without_an_email_gets_only_the_address_field(therapist_client, sheet, mailoutbox):
    Client.objects.filter(pk=sheet.client_id).update(email="")
    html = therapist_client.get(sheet_url(sheet, "links/new/")).content.decode()
    assert "Email it to (optional)" in html and 'name="to_client"' not in html
    therapist_client.post(sheet_url(sheet, "links/new/"), {"days": "30", "to_client": "on"})
    assert SheetLink.objects.count() == 1 and mailoutbox == []


def test_a_mail_server_that_refuses_leaves_the_link_made_and_says_so(
    therapist_client, sheet, mailoutbox, monkeypatch
):
    def refuse(*args, **kwargs):
        raise SMTPException("relay refused")

    monkeypatch.setattr("clinic.emails.send_mail", refuse)
    response = therapist_client.post(
        sheet_url(sheet, "links/new/"), {"days": "30", "to_client": "on"}, follow=True
    )
    link = SheetLink.objects.get()
    assert link.emailed_to == "" and emailed_rows(link) == []
    assert "could not be sent" in response.content.decode()


# --- A self-intake link -------------------------------------------------------------------------


def test_making_an_intake_link_sends_nothing_and_offers_the_clients_address(
    therapist_client, person, mailoutbox
):
    response = therapist_client.post(reverse("clients:link_create", args=[person.pk]))
    link = IntakeLink.objects.get()
    assert response["Location"] == detail_url(link)
    assert mailoutbox == []
    html = therapist_client.get(detail_url(link)).content.decode()
    assert "Email it to maria@example.org" in html
    assert 'value="maria@example.org"' not in html  # a button, not a filled-in field
    assert "Copy link" in html


def test_the_intake_link_is_emailed_to_the_client_on_request(
    therapist_client, link, mailoutbox, therapist
):
    response = therapist_client.post(email_url(link), {"to_client": "on"})
    assert response["Location"] == detail_url(link)
    (message,) = mailoutbox
    assert message.to == ["maria@example.org"]
    assert message.subject == "Your intake form from Riverside Massage"
    assert "http://testserver" + reverse("clients:self_intake", args=[link.token]) in message.body
    for private in PRIVATE_WORDS:
        assert private not in message.body
    (row,) = emailed_rows(link)
    assert row.user == therapist and row.client_id == link.client_id
    page = therapist_client.get(response["Location"]).content.decode()
    assert "Link emailed to maria@example.org." in page


def test_the_intake_link_can_go_to_another_address(therapist_client, link, mailoutbox):
    therapist_client.post(email_url(link), {"email": "  daughter@example.net "})
    (message,) = mailoutbox
    assert message.to == ["daughter@example.net"]
    assert len(emailed_rows(link)) == 1


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("maria@example", "Enter a valid email address."),
        ("", "Type the address to send the link to."),
    ],
)
def test_a_bad_or_missing_address_is_refused_beside_the_field(
    therapist_client, link, mailoutbox, typed, message
):
    response = therapist_client.post(email_url(link), {"email": typed})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and 'aria-invalid="true"' in html
    if typed:
        assert f'value="{typed}"' in html
    assert mailoutbox == [] and emailed_rows(link) == []
    assert "Copy link" in html  # the rest of the page is still there


def test_a_closed_intake_link_is_not_emailed(therapist_client, link, mailoutbox):
    IntakeLink.objects.filter(pk=link.pk).update(revoked_at=timezone.now())
    response = therapist_client.post(email_url(link), {"to_client": "on"}, follow=True)
    assert "This link is revoked, so it was not sent." in response.content.decode()
    assert mailoutbox == [] and emailed_rows(link) == []


def test_a_refusing_mail_server_is_reported_beside_the_field(
    therapist_client, link, mailoutbox, monkeypatch
):
    def refuse(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr("clinic.emails.send_mail", refuse)
    response = therapist_client.post(email_url(link), {"email": "daughter@example.net"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "could not be sent" in html and 'value="daughter@example.net"' in html
    assert emailed_rows(link) == []


def test_another_practice_gets_404_and_nothing_is_sent(outsider_client, link, mailoutbox):
    response = outsider_client.post(email_url(link), {"to_client": "on"})
    assert response.status_code == 404
    assert mailoutbox == [] and emailed_rows(link) == []


def test_emailing_is_post_only(therapist_client, link):
    assert therapist_client.get(email_url(link)).status_code == 405


def test_the_link_page_runs_a_fixed_number_of_queries(
    therapist_client, link, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        assert therapist_client.get(detail_url(link)).status_code == 200
