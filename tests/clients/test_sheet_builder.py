"""The builder page shows each item as one line with its dose in words; an item's fields
open in place only when they hold a problem or a change not saved yet."""

from __future__ import annotations

import re

import pytest

from clients.documents import dose_text
from tests.clients.sheet_helpers import builder_data, draft_for, screened_client, sheet_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet(practice, therapist):
    return draft_for(screened_client(practice), therapist)


def open_items(html: str) -> list[str]:
    """The ids of the items whose fields are shown open."""
    lines = re.findall(r'<li class="builder-item[^"]*" id="item-(\d+)">(.*?)</li>', html, re.S)
    return [pk for pk, body in lines if '<details class="builder-item-edit" open>' in body]


def test_each_item_is_one_closed_line_with_its_dose_in_words(therapist_client, sheet):
    html = therapist_client.get(sheet_url(sheet)).content.decode()
    items = list(sheet.items.select_related("entry"))
    assert items and html.count('class="builder-item"') == len(items)
    for item in items:
        assert f"· {dose_text(item.entry.modality, item)}" in html
        assert f'Edit<span class="visually-hidden"> the dose of {item.entry.name}' in html
    assert open_items(html) == []
    # The POST contract is unchanged: every item's fields are in the page, under their prefix.
    assert 'name="item-0-hold_min"' in html and 'name="item-TOTAL_FORMS"' in html


def test_an_item_with_a_mistake_comes_back_open_and_the_others_closed(therapist_client, sheet):
    items = list(sheet.items.all())
    response = therapist_client.post(
        sheet_url(sheet), builder_data(sheet, **{"1-repetitions": "99"})
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Between 1 and 50 times." in html
    assert open_items(html) == [str(items[1].pk)]
    assert 'name="item-1-repetitions" value="99"' in html
    assert "Needs a correction" in html


def test_a_valid_change_beside_a_mistake_stays_open_so_it_isnt_hidden(therapist_client, sheet):
    items = list(sheet.items.all())
    data = builder_data(sheet, **{"0-frequency": "every evening", "1-repetitions": "99"})
    html = therapist_client.post(sheet_url(sheet), data).content.decode()
    assert open_items(html) == [str(items[0].pk), str(items[1].pk)]
    assert 'value="every evening"' in html


def test_an_untouched_item_with_no_time_stays_closed(therapist_client, sheet):
    """The unit menu always sends a unit, also for an item with no time: that is no
    change, so such an item's line stays closed when another item has a mistake."""
    items = list(sheet.items.all())
    untimed = [index for index, item in enumerate(items) if item.hold_min is None]
    assert untimed and 1 not in untimed
    data = builder_data(sheet, **{"1-repetitions": "99"})
    for index in untimed:
        data[f"item-{index}-hold_unit"] = "s"  # what the menu sends for an item with no time
    html = therapist_client.post(sheet_url(sheet), data).content.decode()
    assert open_items(html) == [str(items[1].pk)]


def test_the_builder_page_runs_a_fixed_number_of_queries(
    therapist_client, sheet, django_assert_max_num_queries
):
    with django_assert_max_num_queries(25):
        assert therapist_client.get(sheet_url(sheet)).status_code == 200


def test_saving_the_builder_unchanged_records_no_change(therapist_client, sheet):
    """The audit trail says "changed" only when something did: the hidden revision the
    page carries is not a change."""
    from clients.models import AuditEvent

    before = AuditEvent.objects.filter(action="changed").count()
    response = therapist_client.post(sheet_url(sheet), builder_data(sheet))
    assert response.status_code in (200, 302)
    assert AuditEvent.objects.filter(action="changed").count() == before
    sheet.refresh_from_db()
    revision = sheet.revision
    therapist_client.post(sheet_url(sheet), builder_data(sheet, note="Little and often."))
    assert AuditEvent.objects.filter(action="changed").count() == before + 1
    sheet.refresh_from_db()
    assert sheet.revision == revision + 1
