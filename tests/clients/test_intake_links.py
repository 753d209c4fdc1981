"""Private intake links: making and withdrawing them, and the client's own intake through one."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from clients import consent
from clients.models import AuditEvent, Client, Intake, IntakeLink
from clients.services.links import intake_submit
from clients.views import links as views

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(practice):
    return Client.objects.create(
        practice=practice, first_name="Maria", last_name="Lopez", date_of_birth=date(1980, 5, 1)
    )


@pytest.fixture
def link(person, therapist):
    return IntakeLink.objects.create(
        client=person, created_by=therapist, expires=timezone.now() + timedelta(days=7)
    )


def public_url(link: IntakeLink) -> str:
    return reverse("clients:self_intake", args=[link.token])


def staff_url(name: str, link: IntakeLink) -> str:
    return reverse(f"clients:{name}", args=[link.client_id, link.pk])


def client_answers(**changes) -> dict:
    data = {
        "new_onset": "True",
        "pain_now": "4",
        "symptoms": ["PS01"],
        "pain_regions": ["low_back"],
        "medications": "",
        "history": "",
        "goals": "Walk the dog",
        "consent_name": "Maria Lopez",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def title_of(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)


# --- The therapist's side ------------------------------------------------------------------


def test_making_a_link_gives_an_open_link_for_7_days(therapist_client, person, therapist):
    before = timezone.now()
    response = therapist_client.post(reverse("clients:link_create", args=[person.pk]))
    link = IntakeLink.objects.get(client=person)
    assert response["Location"] == staff_url("link_detail", link)
    assert link.state == "open" and link.created_by == therapist
    assert before + timedelta(days=7) <= link.expires <= timezone.now() + timedelta(days=7)
    assert AuditEvent.objects.filter(action="created", target=f"intake link {link.pk}").exists()


def test_making_a_link_is_post_only(therapist_client, person):
    response = therapist_client.get(reverse("clients:link_create", args=[person.pk]))
    assert response.status_code == 405
    assert not IntakeLink.objects.exists()


def test_link_page_shows_the_full_address_to_copy(therapist_client, link):
    response = therapist_client.get(staff_url("link_detail", link))
    page = response.content.decode()
    assert f">http://testserver{public_url(link)}</textarea>" in page
    assert "Open" in page and staff_url("link_revoke", link) in page
    assert AuditEvent.objects.filter(action="viewed", target=f"intake link {link.pk}").exists()


def test_withdrawing_asks_first_then_closes_the_link(therapist_client, link):
    response = therapist_client.get(staff_url("link_revoke", link))
    assert response.status_code == 200
    assert "Withdraw this intake link?" in response.content.decode()
    link.refresh_from_db()
    assert link.state == "open"
    response = therapist_client.post(staff_url("link_revoke", link))
    assert response["Location"] == staff_url("link_detail", link)
    link.refresh_from_db()
    assert link.state == "revoked"
    assert AuditEvent.objects.filter(action="revoked", target=f"intake link {link.pk}").exists()


@pytest.mark.parametrize("name", ["link_detail", "link_revoke"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_practice_gets_404_on_every_link_page(outsider_client, link, name, method):
    response = getattr(outsider_client, method)(staff_url(name, link))
    assert response.status_code == 404
    link.refresh_from_db()
    assert link.state == "open"


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_practice_cant_make_a_link(outsider_client, person, method):
    response = getattr(outsider_client, method)(reverse("clients:link_create", args=[person.pk]))
    assert response.status_code == 404
    assert not IntakeLink.objects.exists()


# --- The client's side -----------------------------------------------------------------------


def test_an_open_link_shows_the_form_in_plain_words(client, link, practice):
    response = client.get(public_url(link))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Numbness or tingling around your bottom, between your legs" in page
    assert "Saddle anaesthesia" not in page
    assert "Thomas" not in page  # therapist findings are not asked of clients
    assert "Maria" in page and practice.name in page
    assert "Maria" not in title_of(response) and practice.name not in title_of(response)
    assert "Sign out" not in page


def test_a_valid_submission_stores_a_client_draft_and_uses_the_link(client, link, person):
    response = client.post(public_url(link), client_answers(pregnant="on"))
    assert response["Location"] == reverse("clients:self_intake_thanks")
    intake = Intake.objects.get(client=person)
    assert intake.source == "client" and not intake.is_signed
    assert intake.consent_name == "Maria Lopez" and intake.consent_at
    assert intake.consent_version == consent.CURRENT_VERSION
    assert intake.contraindications == ["CI08"]
    link.refresh_from_db()
    assert link.state == "used" and link.used_at and link.intake == intake
    event = AuditEvent.objects.get(action="submitted")
    assert event.user is None and event.client == person


def test_the_client_must_type_their_name(client, link):
    response = client.post(public_url(link), client_answers(consent_name="  "))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["consent_name"] == ["Please type your name to show that you agree."]
    assert "Walk the dog" in response.content.decode()
    link.refresh_from_db()
    assert link.state == "open" and not Intake.objects.exists()


def test_a_minor_needs_a_parent_or_guardian_on_the_link_too(client, link, person):
    person.date_of_birth = timezone.localdate() - timedelta(days=16 * 365)
    person.save()
    response = client.post(public_url(link), client_answers())
    assert set(response.context["form"].errors) == {"guardian_name", "guardian_relationship"}
    client.post(
        public_url(link),
        client_answers(guardian_name="Rosa Lopez", guardian_relationship="Mother"),
    )
    assert Intake.objects.get().guardian_name == "Rosa Lopez"


def test_a_double_submit_creates_one_intake(client, link):
    first = client.post(public_url(link), client_answers())
    second = client.post(public_url(link), client_answers(goals="Twice"))
    assert first.status_code == 302
    assert second.status_code == 410
    assert Intake.objects.count() == 1


def test_a_submission_racing_another_finds_the_link_used(client, link, person):
    stale = IntakeLink.objects.get(pk=link.pk)  # loaded while the link was open
    client.post(public_url(link), client_answers())
    form = views.IntakeForm(
        client_answers(),
        instance=Intake(client=person, source="client"),
        client=person,
        audience="client",
        require_consent=True,
    )
    assert form.is_valid()
    assert intake_submit(link=stale, intake=form.save(commit=False)) is None
    assert Intake.objects.count() == 1


def test_a_tampered_token_is_not_found(client, link):
    response = client.get(public_url(link)[:-3] + "abc/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "We can't find this link" in page
    assert "contact the practice that sent it to you for a new link" in page
    assert link.client.practice.name not in page


def test_a_token_for_a_link_that_does_not_exist_is_not_found(client, db):
    token = signing.dumps(9999, salt="clients.intake-link")
    assert client.get(reverse("clients:self_intake", args=[token])).status_code == 404


@pytest.mark.parametrize(
    "change",
    [
        {"expires": timezone.now() - timedelta(minutes=1)},
        {"used_at": timezone.now()},
        {"revoked_at": timezone.now()},
    ],
    ids=["expired", "used", "revoked"],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_closed_link_is_gone_and_names_only_the_practice_to_ask(
    client, link, practice, change, method
):
    IntakeLink.objects.filter(pk=link.pk).update(**change)
    response = getattr(client, method)(public_url(link), client_answers())
    page = response.content.decode()
    assert response.status_code == 410
    assert (
        'Please contact Riverside Massage on <a href="tel:01234567890">01234 567890</a> '
        'or <a href="mailto:hello@example.com">hello@example.com</a> for a new link.'
    ) in page
    assert "Maria" not in page and "Lopez" not in page
    assert not Intake.objects.exists()


def test_public_pages_are_never_cached_or_indexed(client, link):
    closed = IntakeLink.objects.create(
        client=link.client, expires=timezone.now() - timedelta(days=1)
    )
    pages = [
        client.get(public_url(link)),
        client.get(public_url(closed)),
        client.get(reverse("clients:self_intake", args=["nonsense"])),
        client.get(reverse("clients:self_intake_thanks")),
    ]
    assert [page.status_code for page in pages] == [200, 410, 404, 200]
    for page in pages:
        assert "no-store" in page["Cache-Control"]
        assert "noindex" in page["X-Robots-Tag"]


def test_public_pages_never_send_their_address_as_a_referrer(client, link):
    """strict-origin, not no-referrer: with no-referrer a browser posts the form with
    `Origin: null`, which Django's CSRF check refuses (test_intake_browser posts it)."""
    pages = [
        client.get(public_url(link)),
        client.post(public_url(link), {}),  # the form again, with messages
        client.get(reverse("clients:self_intake", args=["nonsense"])),
        client.get(reverse("clients:self_intake_thanks")),
    ]
    assert [page.status_code for page in pages] == [200, 200, 404, 200]
    for page in pages:
        assert page["Referrer-Policy"] == "strict-origin"


def test_emergency_answers_tell_the_client_what_to_do_before_any_thanks(client, link):
    response = client.post(public_url(link), client_answers(red_flags=["RF01"]), follow=True)
    page = response.content.decode()
    assert response.context["triage"] == "emergency"
    assert page.index("Call 999, or go to A&amp;E") < page.index("Thank you")
    assert "Get medical help now" in title_of(response)


def test_urgent_answers_send_the_client_to_a_doctor_today(client, link):
    response = client.post(public_url(link), client_answers(red_flags=["RF10"]), follow=True)
    page = response.content.decode()
    assert page.index("Contact your doctor (GP) today") < page.index("Thank you")
    assert "don't have massage until a doctor says it's OK" in page.replace("&#x27;", "'")


def test_answers_without_warning_signs_get_a_plain_thank_you(client, link):
    response = client.post(public_url(link), client_answers(), follow=True)
    page = response.content.decode()
    assert "Thank you" in page
    assert "999" not in page.split('id="main"')[1] and "GP) today" not in page


def test_the_therapist_sees_the_self_intake_on_the_dashboard(client, therapist, link):
    client.post(public_url(link), client_answers())
    client.force_login(therapist)
    response = client.get(reverse("dashboard"))
    intake = Intake.objects.get()
    assert intake in list(response.context["pending_self_intakes"])


@pytest.mark.parametrize(
    ("phone", "email", "words"),
    [
        ("", "desk@example.org", 'Please contact Riverside Massage at <a href="mailto:'),
        ("020 7946 0000", "", 'on <a href="tel:02079460000">020 7946 0000</a> for a new link.'),
        ("", "", "Please contact Riverside Massage for a new link."),
    ],
    ids=["email only", "phone only", "name only"],
)
def test_a_closed_link_names_what_the_practice_has_given(client, link, phone, email, words):
    type(link.client.practice).objects.filter(pk=link.client.practice_id).update(
        phone=phone, email=email
    )
    IntakeLink.objects.filter(pk=link.pk).update(revoked_at=timezone.now())
    response = client.get(public_url(link))
    assert response.status_code == 410
    assert words in response.content.decode()
