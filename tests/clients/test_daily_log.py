"""The daily log on a sheet's private link: the "Today" panel, one entry a day, editable
that day, and protected like the link (CSRF, rate limit, withdrawal and expiry, paused
items, audit)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from clients.models import AuditEvent, DailyLog
from clients.services import sessions
from tests.clients.sheet_helpers import issued_for, screened_client
from tests.factories import SessionFactory, SheetLinkFactory

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 12, 7, 12, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock():
    """Noon in London, held still: the day is known and rate-limit windows don't roll."""
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


@pytest.fixture
def sheet(practice, therapist):
    practice.time_zone = "Europe/London"
    practice.save()
    return issued_for(screened_client(practice, first_name="Ana"), therapist)


@pytest.fixture
def link(sheet):
    return SheetLinkFactory(sheet=sheet)


def page_url(link) -> str:
    return f"/s/{link.token}/"


def log_url(link) -> str:
    return f"/s/{link.token}/today/"


def slugs(sheet) -> list[str]:
    return [item["slug"] for item in sheet.snapshot["items"]]


def entry(sheet, **changes) -> dict:
    data = {"done": slugs(sheet)[:1], "pain": "4", "note": "Felt looser after the stretch."}
    data.update(changes)
    return data


def test_the_link_page_offers_a_today_panel(client, clock, link, sheet):
    response = client.get(page_url(link))
    html = response.content.decode()
    assert 'id="today"' in html and "Today · Monday 7 December" in html
    assert f'action="/s/{link.token}/today/#today"' in html and "csrfmiddlewaretoken" in html
    for item in sheet.snapshot["items"]:
        assert f'value="{item["slug"]}"' in html
    assert len(re.findall(r'name="pain"', html)) == 11  # 0 to 10
    # A form on the page: the browser must send its origin with the post (CSRF).
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]


def test_the_pdf_and_print_have_no_panel(client, clock, link):
    response = client.get(page_url(link) + "sheet.pdf")
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "no-referrer"


def test_saving_stores_the_day_and_comes_back_saying_saved(client, clock, link, sheet):
    response = client.post(log_url(link), entry(sheet))
    assert response.status_code == 302
    assert response["Location"] == f"/s/{link.token}/#today"
    (log,) = DailyLog.objects.all()
    assert (log.sheet, log.day, log.done, log.pain) == (
        sheet,
        date(2026, 12, 7),
        slugs(sheet)[:1],
        4,
    )
    assert log.note == "Felt looser after the stretch."
    html = client.get(page_url(link)).content.decode()
    assert "Saved. You can change today" in html
    assert "You have logged today" in html
    assert re.search(rf'value="{slugs(sheet)[0]}"[^>]*checked', html)
    assert re.search(r'value="4"[^>]*checked', html)
    assert "Felt looser after the stretch.</textarea>" in html


def test_each_entry_leaves_an_audit_row(client, clock, link, sheet):
    client.post(log_url(link), entry(sheet))
    client.post(log_url(link), entry(sheet, pain="5"))
    log = DailyLog.objects.get()
    rows = AuditEvent.objects.filter(action="submitted", target=f"daily log {log.pk}")
    assert rows.count() == 2
    assert {(r.client_id, r.practice_id, r.user_id) for r in rows} == {
        (sheet.client_id, sheet.client.practice_id, None)
    }


def test_posting_again_never_doubles_the_entry(client, clock, link, sheet):
    for _ in range(3):  # a flaky connection: the same form sent three times
        assert client.post(log_url(link), entry(sheet)).status_code == 302
    assert DailyLog.objects.count() == 1


def test_the_entry_can_be_changed_that_day(client, clock, link, sheet):
    client.post(log_url(link), entry(sheet))
    client.post(log_url(link), entry(sheet, done=slugs(sheet)[1:3], pain="2", note=""))
    log = DailyLog.objects.get()
    assert (log.done, log.pain, log.note) == (slugs(sheet)[1:3], 2, "")


def test_a_new_day_gets_a_new_entry_and_yesterdays_stays(client, clock, link, sheet):
    client.post(log_url(link), entry(sheet, pain="6"))
    clock.shift(timedelta(days=1))
    html = client.get(page_url(link)).content.decode()
    assert "You have logged today" not in html and "Tuesday 8 December" in html
    client.post(log_url(link), entry(sheet, pain="3"))
    assert list(DailyLog.objects.order_by("day").values_list("day", "pain")) == [
        (date(2026, 12, 7), 6),
        (date(2026, 12, 8), 3),
    ]


def test_the_day_is_the_practices_local_date(client, link, sheet, practice):
    practice.time_zone = "Pacific/Auckland"
    practice.save()
    # 20:00 in London on the 7th is already 09:00 on the 8th in Auckland.
    with time_machine.travel(datetime(2026, 12, 7, 20, 0, tzinfo=ZoneInfo("Europe/London"))):
        client.post(log_url(link), entry(sheet))
    assert DailyLog.objects.get().day == date(2026, 12, 8)


@pytest.mark.parametrize(
    "change, field_message",
    [
        ({"pain": "11"}, "Choose a number from 0 (no pain) to 10 (the worst pain)."),
        ({"pain": ""}, "Choose a number from 0 (no pain) to 10 (the worst pain)."),
        ({"note": "x" * 281}, "Keep the note to 280 characters: it has 281 now."),
        ({"done": ["not-on-this-sheet"]}, "Only the items on your sheet can be ticked."),
    ],
)
def test_bad_input_gets_a_message_beside_the_field_and_keeps_the_rest(
    client, clock, link, sheet, change, field_message
):
    response = client.post(log_url(link), entry(sheet, **change))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was saved yet" in html and field_message in html
    note = change.get("note", "Felt looser after the stretch.")
    assert f"{note}</textarea>" in html
    if "done" not in change:
        assert re.search(rf'value="{slugs(sheet)[0]}"[^>]*checked', html)
    assert not DailyLog.objects.exists()


def test_a_note_of_280_characters_is_fine(client, clock, link, sheet):
    assert client.post(log_url(link), entry(sheet, note="y" * 280)).status_code == 302
    assert len(DailyLog.objects.get().note) == 280


def test_the_log_needs_the_csrf_token(clock, link, sheet):
    phone = Client(enforce_csrf_checks=True)
    assert phone.post(log_url(link), entry(sheet)).status_code == 403
    html = phone.get(page_url(link)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    origin = {"HTTP_ORIGIN": "http://testserver"}
    response = phone.post(log_url(link), {**entry(sheet), "csrfmiddlewaretoken": token}, **origin)
    assert response.status_code == 302
    # A browser told to send no referrer posts `Origin: null`: refused, hence same-origin.
    null = {**entry(sheet), "csrfmiddlewaretoken": token}
    assert phone.post(log_url(link), null, HTTP_ORIGIN="null").status_code == 403
    assert DailyLog.objects.count() == 1


def test_only_post_is_allowed(client, clock, link):
    assert client.get(log_url(link)).status_code == 405


@pytest.mark.parametrize("how", ["revoked", "expired"])
def test_a_withdrawn_or_expired_link_cant_log(client, clock, link, sheet, how):
    if how == "revoked":
        link.revoked_at = timezone.now()
    else:
        link.expires = timezone.now() - timedelta(seconds=1)
    link.save()
    response = client.post(log_url(link), entry(sheet))
    assert response.status_code == 410
    html = response.content.decode()
    assert "for a new link" in html and "Ana" not in html
    assert not DailyLog.objects.exists()
    assert not AuditEvent.objects.filter(action="submitted").exists()


def test_a_tampered_token_cant_log(client, clock, link, sheet):
    value, signature = link.token.split(":", 1)
    response = client.post(f"/s/{int(value) + 1}:{signature}/today/", entry(sheet))
    assert response.status_code == 404
    assert not DailyLog.objects.exists()


def test_the_log_counts_against_the_links_rate_limit(client, clock, link, sheet):
    for _ in range(30):
        assert client.get(page_url(link)).status_code == 200
    response = client.post(log_url(link), entry(sheet))
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert not DailyLog.objects.exists()
    # And posts count too: from another address, 30 posts pass and the 31st doesn't.
    other = {"REMOTE_ADDR": "203.0.113.9"}
    for _ in range(30):
        assert client.post(log_url(link), entry(sheet), **other).status_code == 302
    assert client.post(log_url(link), entry(sheet), **other).status_code == 429
    assert DailyLog.objects.count() == 1


@pytest.fixture
def paused_sheet(sheet, therapist):
    """Long-term steroids reported at a check-in: stretches and deep work are paused."""
    sessions.check_in_record(
        session=SessionFactory(client=sheet.client, therapist=therapist),
        data={
            "anything_changed": True,
            "new_red_flags": [],
            "new_contraindications": ["CI14"],
            "note": "",
        },
        by=therapist,
    )
    return sheet


def split(sheet):
    from clients.services import sheets as sheet_service
    from clients.services.screening import current_screening

    paused = {i["slug"] for i in sheet_service.paused_items(sheet, current_screening(sheet.client))}
    items = sheet.snapshot["items"]
    return [i for i in items if i["slug"] in paused], [i for i in items if i["slug"] not in paused]


def test_a_paused_item_is_not_offered(client, clock, link, paused_sheet):
    paused, offered = split(paused_sheet)
    assert paused and offered
    html = client.get(page_url(link)).content.decode()
    for item in paused:
        assert f'value="{item["slug"]}"' not in html
        assert f"{item['name']}: paused by your therapist" in html
    for item in offered:
        assert f'value="{item["slug"]}"' in html


def test_a_forged_tick_of_a_paused_item_is_refused_with_a_message(
    client, clock, link, paused_sheet
):
    paused, offered = split(paused_sheet)
    data = entry(paused_sheet, done=[paused[0]["slug"], offered[0]["slug"]])
    response = client.post(log_url(link), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"{paused[0]['name']}: your therapist has paused this for now" in html
    assert f'value="{paused[0]["slug"]}"' not in html  # still not offered
    assert not DailyLog.objects.exists()
    # Without it, the same entry saves.
    data["done"] = [offered[0]["slug"]]
    assert client.post(log_url(link), data).status_code == 302
    assert DailyLog.objects.get().done == [offered[0]["slug"]]


def test_a_link_logs_only_on_its_own_sheet(client, clock, link, sheet, other_practice, outsider):
    theirs = issued_for(screened_client(other_practice, first_name="Bea"), outsider)
    their_link = SheetLinkFactory(sheet=theirs)
    client.post(log_url(their_link), entry(theirs, pain="7"))
    client.post(log_url(link), entry(sheet, pain="2"))
    assert DailyLog.objects.get(sheet=theirs).pain == 7
    assert DailyLog.objects.get(sheet=sheet).pain == 2
    audit = AuditEvent.objects.get(action="submitted", client=theirs.client)
    assert audit.practice_id == other_practice.pk
