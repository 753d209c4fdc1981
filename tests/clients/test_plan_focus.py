"""After Up or Down in the plan builder, the moved item's same button gets the keyboard
focus back on the reloaded page (server-side autofocus), with a status saying where the
item went; at either end the button stays focusable and nothing moves."""

from __future__ import annotations

import re

import pytest

from clients.models import PlanItem
from techniques.models import Entry
from tests.factories import ClientFactory, IntakeFactory, SessionFactory

pytestmark = pytest.mark.django_db

SLUGS = ["swedish-warmup-lumbar-gluteal", "side-lying-lumbar-release", "hip-range-of-motion"]


@pytest.fixture
def items(practice, therapist):
    client = ClientFactory(practice=practice)
    IntakeFactory(client=client, symptoms=["PS01", "PS02", "PS04"])
    session = SessionFactory(client=client, therapist=therapist, length=60)
    return [
        PlanItem.objects.create(
            session=session, entry=Entry.objects.get(slug=slug), position=index, minutes=10
        )
        for index, slug in enumerate(SLUGS)
    ]


def url(item):
    return item.session.step_url("plan_builder")


def press(http, items, action):
    minutes = {f"items-minutes_{item.pk}": item.minutes for item in items}
    return http.post(url(items[0]), {"action": action, **minutes})


def order(items):
    session = items[0].session
    return list(session.plan_items.order_by("position").values_list("pk", flat=True))


def focused(html):
    """The buttons rendered with autofocus: (value, aria-describedby)."""
    return re.findall(r'value="((?:up|down):\d+)"[^>]*? autofocus aria-describedby="(\S+)"', html)


def test_up_comes_back_with_focus_on_the_same_button_and_a_status(therapist_client, items):
    last = items[2]
    response = press(therapist_client, items, f"up:{last.pk}")
    assert response.status_code == 302
    assert response["Location"] == f"{url(last)}?moved={last.pk}&dir=up"  # no #fragment
    assert order(items) == [items[0].pk, last.pk, items[1].pk]
    html = therapist_client.get(response["Location"]).content.decode()
    assert focused(html) == [(f"up:{last.pk}", "plan-status")]
    name = last.entry.name
    assert f'id="plan-status" role="status" aria-live="polite">Moved {name} up to position 2.' in (
        html
    )
    assert "Plan saved." in html


def test_down_comes_back_with_focus_on_down(therapist_client, items):
    first = items[0]
    response = press(therapist_client, items, f"down:{first.pk}")
    html = therapist_client.get(response["Location"]).content.decode()
    assert order(items) == [items[1].pk, first.pk, items[2].pk]
    assert focused(html) == [(f"down:{first.pk}", "plan-status")]
    assert f"Moved {first.entry.name} down to position 2." in html


def test_the_buttons_at_the_ends_stay_focusable_and_move_nothing(therapist_client, items):
    html = therapist_client.get(url(items[0])).content.decode()
    # Not `disabled`, which would drop the focus of a button just pressed.
    assert f'value="up:{items[0].pk}" aria-label="Move {items[0].entry.name} up" aria-disabled' in (
        html
    )
    assert (
        f'value="down:{items[2].pk}" aria-label="Move {items[2].entry.name} down" aria-disabled'
        in (html)
    )
    assert " disabled>" not in html and focused(html) == []
    for action, item, where in (("up", items[0], "first"), ("down", items[2], "last")):
        response = press(therapist_client, items, f"{action}:{item.pk}")
        assert response["Location"] == f"{url(item)}?moved={item.pk}&dir={action}&edge=1"
        assert order(items) == [i.pk for i in items]
        page = therapist_client.get(response["Location"]).content.decode()
        assert focused(page) == [(f"{action}:{item.pk}", "plan-status")]
        assert f"{item.entry.name} is {where} in the plan already." in page


@pytest.mark.parametrize(
    "query", ["?moved=999999&dir=up", "?moved=abc&dir=up", "?moved={pk}&dir=sideways", "?dir=up"]
)
def test_a_made_up_address_focuses_nothing_and_never_fails(therapist_client, items, query):
    response = therapist_client.get(url(items[0]) + query.format(pk=items[0].pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert focused(html) == [] and 'id="plan-status"' not in html


def test_other_changes_still_return_to_the_plan(therapist_client, items):
    response = press(therapist_client, items, "save")
    assert response["Location"] == f"{url(items[0])}#plan"


def test_another_practice_gets_404_and_moves_nothing(outsider_client, items):
    assert outsider_client.get(url(items[0]) + f"?moved={items[1].pk}&dir=up").status_code == 404
    assert press(outsider_client, items, f"up:{items[1].pk}").status_code == 404
    assert order(items) == [item.pk for item in items]


def removal_focus(html):
    return re.findall(r'value="(remove:\d+)"[^>]*? autofocus aria-describedby="plan-status"', html)


def test_remove_focuses_the_item_that_took_its_place(therapist_client, items):
    first, middle, last = items
    response = press(therapist_client, items, f"remove:{middle.pk}")
    assert response["Location"] == f"{url(first)}?removed=1"
    html = therapist_client.get(response["Location"]).content.decode()
    assert removal_focus(html) == [f"remove:{last.pk}"]
    assert f"Taken out. {last.entry.name} is now at position 2." in html


def test_removing_the_last_item_focuses_the_new_last_one(therapist_client, items):
    response = press(therapist_client, items, f"remove:{items[2].pk}")
    html = therapist_client.get(response["Location"]).content.decode()
    assert removal_focus(html) == [f"remove:{items[1].pk}"]


def test_removing_the_only_item_focuses_the_status(therapist_client, items):
    for item in items[1:]:
        item.delete()
    response = press(therapist_client, items[:1], f"remove:{items[0].pk}")
    html = therapist_client.get(response["Location"]).content.decode()
    assert re.search(
        r'id="plan-status" role="status" tabindex="-1" autofocus>Taken out: the plan is empty\.',
        html,
    )
    assert "No techniques planned yet." in html
