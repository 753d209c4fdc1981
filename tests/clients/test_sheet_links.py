"""Private links to an issued sheet: making, emailing, opening, downloading, withdrawing,
expiry, headers, the rate limit and what the therapist sees."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clients.models import AuditEvent, SheetLink, SheetLinkEvent
from tests.clients.sheet_helpers import (
    draft_for,
    issued_for,
    pdf_text,
    screened_client,
    sheet_url,
)
from tests.factories import SheetLinkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock_held_still():
    """Rate limits count per clock minute: 31 requests must not straddle two minutes."""
    with time_machine.travel(timezone.now().replace(second=30, microsecond=0), tick=False):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def sheet(practice, therapist):
    return issued_for(
        screened_client(practice, first_name="Ana", last_name="Silvermoon"), therapist
    )


@pytest.fixture
def link(sheet):
    return SheetLinkFactory(sheet=sheet)


def public(link: SheetLink, pdf: bool = False) -> str:
    return f"/s/{link.token}/" + ("sheet.pdf" if pdf else "")


# --- Making a link ---------------------------------------------------------------------------


def test_sharing_makes_a_link_for_30_days_by_default(therapist_client, sheet, therapist):
    response = therapist_client.post(sheet_url(sheet, "links/new/"), {"days": "30", "email": ""})
    assert response["Location"] == sheet_url(sheet) + "#links"
    link = SheetLink.objects.get()
    assert link.sheet == sheet and link.created_by == therapist and link.state == "open"
    assert abs(link.expires - (timezone.now() + timedelta(days=30))) < timedelta(minutes=1)
    assert not mail.outbox
    html = therapist_client.get(sheet_url(sheet)).content.decode()
    assert f"http://testserver/s/{link.token}/" in html
    assert AuditEvent.objects.filter(action="created", target=f"sheet link {link.pk}").exists()


def test_the_share_form_offers_30_days_and_the_clients_email_as_a_choice(therapist_client, sheet):
    html = therapist_client.get(sheet_url(sheet, "links/new/")).content.decode()
    assert 'value="30"' in html and f"Email it to {sheet.client.email}" in html
    # Offered, not filled in: making the link doesn't email it unless asked.
    assert f'value="{sheet.client.email}"' not in html and "checked" not in html


def test_the_link_can_be_emailed_without_a_word_about_health(therapist_client, sheet):
    therapist_client.post(
        sheet_url(sheet, "links/new/"), {"days": "14", "email": "ana@example.org"}
    )
    link = SheetLink.objects.get()
    assert link.emailed_to == "ana@example.org"
    assert abs(link.expires - (timezone.now() + timedelta(days=14))) < timedelta(minutes=1)
    (message,) = mail.outbox
    assert message.to == ["ana@example.org"]
    assert message.subject == "Your self-care sheet from Riverside Massage"
    assert f"http://testserver/s/{link.token}/" in message.body
    for private in ("Silvermoon", "psoas", "Stretch", "pain"):
        assert private not in message.body


def test_bad_share_input_gets_a_message_beside_the_field_and_keeps_it(therapist_client, sheet):
    response = therapist_client.post(
        sheet_url(sheet, "links/new/"), {"days": "400", "email": "not-an-email"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ensure this value is less than or equal to 90." in html
    assert "Enter a valid email address." in html
    assert 'value="400"' in html and 'value="not-an-email"' in html
    assert not SheetLink.objects.exists()


def test_a_draft_cant_be_shared(therapist_client, practice, therapist):
    draft = draft_for(screened_client(practice), therapist)
    response = therapist_client.post(sheet_url(draft, "links/new/"), {"days": "30"})
    assert response["Location"] == sheet_url(draft)
    assert not SheetLink.objects.exists()


# --- Opening the link --------------------------------------------------------------------------


def test_the_client_opens_the_sheet_with_no_account(client, link, sheet):
    response = client.get(public(link))
    assert response.status_code == 200
    html = response.content.decode()
    assert "For <strong>Ana</strong>" in html and "Silvermoon" not in html
    for item in sheet.snapshot["items"]:
        assert item["name"] in html
    assert f'href="/s/{link.token}/sheet.pdf"' in html and "Download PDF" in html
    assert 'class="qr"' in html  # the printed copy leads back here
    assert response.context["online_url"] == f"http://testserver/s/{link.token}/"
    assert list(link.events.values_list("kind", flat=True)) == ["viewed"]


def test_the_client_downloads_the_pdf_as_an_attachment(client, link, sheet, tmp_path):
    response = client.get(public(link, pdf=True))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="self-care-sheet-{sheet.snapshot["date"]}.pdf"'
    )
    text = pdf_text(response.content, tmp_path)
    assert "Your self-care sheet" in text and "When to get help" in text
    assert list(link.events.values_list("kind", flat=True)) == ["downloaded"]


@pytest.mark.parametrize("pdf", [False, True])
def test_link_responses_are_never_stored_and_send_no_referrer(client, link, pdf):
    response = client.get(public(link, pdf=pdf))
    assert "no-store" in response["Cache-Control"]
    # The page holds the daily-log form: same-origin, so the post carries its Origin
    # (no-referrer makes it `null`, which CSRF refuses) and no other site gets a referrer.
    assert response["Referrer-Policy"] == ("no-referrer" if pdf else "same-origin")
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_therapist_sees_views_and_downloads(client, therapist_client, link, sheet):
    client.get(public(link))
    client.get(public(link))
    client.get(public(link, pdf=True))
    html = therapist_client.get(sheet_url(sheet)).content.decode()
    assert "Opened 2 times · PDF downloaded 1 time" in html
    assert "Downloaded the PDF" in html


def test_only_get_is_allowed(client, link):
    assert client.post(public(link)).status_code == 405
    assert not SheetLinkEvent.objects.exists()


# --- Links that don't work ---------------------------------------------------------------------


def assert_says_nothing_about_the_client(response, sheet, *, names_the_practice=False):
    """Nothing of the client or their sheet; the practice only where the link is known
    (gone), so the client knows whom to ask for a new one."""
    html = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    for private in (
        "Ana",
        "Silvermoon",
        *[i["name"] for i in sheet.snapshot["items"]],
    ):
        assert private not in html
    assert ("Riverside" in html) is names_the_practice


PRACTICE_CONTACT = (
    'Please contact Riverside Massage on <a href="tel:01234567890">01234 567890</a> '
    'or <a href="mailto:hello@example.com">hello@example.com</a> for a new link.'
)


@pytest.mark.parametrize("pdf", [False, True])
def test_a_tampered_link_is_not_found(client, link, sheet, pdf):
    value, signature = link.token.split(":", 1)
    for token in (f"{value}:{signature[:-2]}xx", f"{int(value) + 1}:{signature}", "nonsense"):
        response = client.get(f"/s/{token}/" + ("sheet.pdf" if pdf else ""))
        assert response.status_code == 404
        assert "contact the practice that sent it to you for a new link" in (
            response.content.decode()
        )
        assert_says_nothing_about_the_client(response, sheet)
    assert not SheetLinkEvent.objects.exists()


def test_a_signed_link_that_no_longer_exists_is_not_found(client, link, sheet):
    token = link.token
    link.delete()
    assert client.get(f"/s/{token}/").status_code == 404


@pytest.mark.parametrize("pdf", [False, True])
def test_an_expired_link_is_gone_and_asks_for_a_new_one(client, link, sheet, pdf):
    link.expires = timezone.now() - timedelta(seconds=1)
    link.save()
    response = client.get(public(link, pdf=pdf))
    assert response.status_code == 410
    assert PRACTICE_CONTACT in response.content.decode()
    assert_says_nothing_about_the_client(response, sheet, names_the_practice=True)
    assert not SheetLinkEvent.objects.exists()


def test_withdrawing_asks_first_then_the_link_is_gone(therapist_client, link, sheet):
    from django.test import Client

    client = Client()  # the client's own phone, signed in to nothing
    url = sheet_url(sheet, f"links/{link.pk}/revoke/")
    assert "Withdraw this link?" in therapist_client.get(url).content.decode()
    link.refresh_from_db()
    assert link.state == "open"
    assert therapist_client.post(url)["Location"] == sheet_url(sheet) + "#links"
    link.refresh_from_db()
    assert link.state == "revoked"
    response = client.get(public(link))
    assert response.status_code == 410
    assert PRACTICE_CONTACT in response.content.decode()
    assert_says_nothing_about_the_client(response, sheet, names_the_practice=True)
    assert AuditEvent.objects.filter(action="revoked", target=f"sheet link {link.pk}").exists()
    # Withdrawing again changes nothing.
    revoked_at = link.revoked_at
    therapist_client.post(url)
    link.refresh_from_db()
    assert link.revoked_at == revoked_at


def test_a_link_to_a_draft_is_not_found(client, practice, therapist):
    draft = draft_for(screened_client(practice), therapist)
    link = SheetLinkFactory(sheet=draft)
    assert client.get(public(link)).status_code == 404


# --- Rate limit ---------------------------------------------------------------------------------


def test_more_than_30_requests_a_minute_from_one_address_get_429(clock_held_still, client, link):
    for _ in range(30):
        assert client.get(public(link)).status_code == 200
    response = client.get(public(link))
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "no-store" in response["Cache-Control"]
    assert "Silvermoon" not in response.content.decode()
    # The PDF counts against the same link and address.
    assert client.get(public(link, pdf=True)).status_code == 429
    # Another address, or another link, has its own count.
    assert client.get(public(link), REMOTE_ADDR="203.0.113.9").status_code == 200
    other = SheetLinkFactory(sheet=link.sheet)
    assert client.get(public(other)).status_code == 200
    assert link.events.count() == 31  # 30 here, 1 from the other address


def test_the_counter_lives_in_the_shared_database(client, link):
    """Every server process reads the same table (or Redis), so they all see one count."""
    from clinic.models import RateCounter

    client.get(public(link))
    counter = RateCounter.objects.get(key=f"sheet-rate:link{link.pk}:127.0.0.1")
    assert counter.count == 1


def test_tampered_tokens_are_counted_too(clock_held_still, client, link):
    for _ in range(30):
        client.get("/s/1:forged/")
    assert client.get("/s/2:forged-again/").status_code == 429
    assert client.get(public(link)).status_code == 200


# --- Queries ------------------------------------------------------------------------------------


def test_the_shared_page_runs_a_fixed_number_of_queries(client, settings, link, sheet):
    # The rate-limit counter is one round trip to Redis; with the database cache its
    # queries depend on the cache table, so count the page's own queries with locmem.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    client.get(public(link))
    with CaptureQueriesContext(connection) as few:
        assert client.get(public(link)).status_code == 200
    for _ in range(5):
        SheetLinkFactory(sheet=sheet).events.create(kind="viewed")
    with CaptureQueriesContext(connection) as more:
        client.get(public(link))
    assert len(more) == len(few) <= 11  # one of them: today's daily-log entry
