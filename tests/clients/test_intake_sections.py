"""The intake form in sections (issue 15): the sections and their order, the sciatica
questions behind the leg question, the error summary at the top, and the autosave
endpoint that keeps the draft as the therapist goes."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from clients.models import AuditEvent, Client, Intake, IntakeStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(practice, therapist):
    return Client.objects.create(
        practice=practice,
        first_name="Maria",
        last_name="Lopez",
        date_of_birth=date(1970, 1, 15),
        created_by=therapist,
    )


@pytest.fixture
def draft(person, therapist):
    return Intake.objects.create(client=person, history="Desk job", created_by=therapist)


def create_url(person) -> str:
    return reverse("clients:intake_create", args=[person.pk])


def autosave_url(intake) -> str:
    return reverse("clients:intake_autosave", args=[intake.client_id, intake.pk])


def new_autosave_url(person) -> str:
    return reverse("clients:intake_autosave_new", args=[person.pk])


# --- Sections ----------------------------------------------------------------------------


def test_the_form_is_in_five_sections_with_a_list_of_them_first(therapist_client, person):
    html = therapist_client.get(create_url(person)).content.decode()
    titles = [
        "Where it hurts",
        "Leg symptoms and sciatica",
        "Red flags",
        "Contraindications and medicines",
        "Goals and consent",
    ]
    headings = re.findall(r'<h2 class="h5" id="step-[\w-]+-heading"[^>]*>([^<]+)</h2>', html)
    assert headings == titles
    links = re.findall(r'<a href="#(step-[\w-]+)" data-step-link>([^<]+)</a>', html)
    assert [title for _, title in links] == titles
    assert html.index("data-step-nav") < html.index('id="step-pain"')
    # Consent comes last: the client confirms the answers above.
    assert html.index('id="step-consent"') > html.index('name="history"')


def test_the_sciatica_signs_sit_behind_the_leg_question(therapist_client, person):
    html = therapist_client.get(create_url(person)).content.decode()
    legs = html[html.index('id="step-legs"') : html.index('id="step-red-flags"')]
    assert "Pain, numbness, tingling or weakness in a buttock or leg?" in legs
    assert 'value="SC01"' in legs and 'value="SC09"' in legs
    assert 'value="PS01"' not in legs  # the psoas signs stay with the pain map
    assert "data-leg-signs" in legs


def test_stored_sciatica_signs_answer_the_leg_question_yes(therapist_client, person, draft):
    draft.symptoms = ["SC03"]
    draft.save()
    form = therapist_client.get(reverse("clients:intake_edit", args=[person.pk, draft.pk])).context[
        "form"
    ]
    assert form["leg_symptoms"].value() is True


def test_a_posted_leg_answer_is_not_stored_and_breaks_nothing(therapist_client, person):
    response = therapist_client.post(
        create_url(person), {"leg_symptoms": "True", "symptoms": ["SC02"], "draft": "1"}
    )
    assert response.status_code == 302
    assert Intake.objects.get().symptoms == ["SC02"]


# --- The error summary -------------------------------------------------------------------


def summary_of(response) -> str:
    html = response.content.decode()
    match = re.search(r'<div class="alert alert-danger error-summary".*?</div>', html, re.S)
    assert match, "no error summary on the page"
    return match.group(0)


def test_a_missing_consent_is_in_the_summary_at_the_top_with_a_link(therapist_client, person):
    response = therapist_client.post(create_url(person), {"sign": "1", "pain_now": "6"})
    assert response.status_code == 200
    summary = summary_of(response)
    assert 'role="alert"' in summary
    assert "Please check 1 answer<" in summary
    assert '<a href="#id_consent_name"' in summary
    assert "Consent: the name the client (or guardian) types" in summary
    html = response.content.decode()
    assert html.index("error-summary") < html.index('name="new_onset"')
    assert 'id="id_consent_name"' in html  # the link leads somewhere
    assert not Intake.objects.exists()


def test_the_summary_counts_every_answer_in_error_in_page_order(therapist_client, person):
    response = therapist_client.post(
        create_url(person),
        {"sign": "1", "pain_now": "11", "site_CI15": "on", "red_flags": ["RF99"]},
    )
    summary = summary_of(response)
    assert "Please check 4 answers" in summary
    anchors = re.findall(r'href="#([\w-]+)"', summary)
    assert anchors == ["id_pain_now", "id_red_flags_0", "id_site_CI15_regions_0", "id_consent_name"]
    html = response.content.decode()
    for anchor in anchors:
        assert f'id="{anchor}"' in html


def test_the_clients_own_form_has_the_summary_too(client, person, therapist):
    from clients.models import IntakeLink

    link = IntakeLink.objects.create(
        client=person, created_by=therapist, expires=timezone.now() + timezone.timedelta(days=7)
    )
    response = client.post(reverse("clients:self_intake", args=[link.token]), {"pain_now": "6"})
    summary = summary_of(response)
    assert '<a href="#id_consent_name"' in summary and "Type your full name to agree" in summary


def test_no_summary_without_errors(therapist_client, person):
    assert "error-summary" not in therapist_client.get(create_url(person)).content.decode()


# --- Autosave ----------------------------------------------------------------------------


def test_autosave_keeps_the_draft_and_answers_the_new_revision(therapist_client, draft):
    response = therapist_client.post(
        autosave_url(draft),
        {"revision": "0", "history": "Desk job; cycles", "pain_regions": ["calf_left"]},
    )
    assert response.status_code == 200
    answer = response.json()
    draft.refresh_from_db()
    assert answer["saved"] is True and answer["revision"] == draft.revision == 1
    assert answer["time"] == timezone.localtime(draft.updated).strftime("%H:%M")
    assert draft.history == "Desk job; cycles" and draft.pain_regions == ["calf_left"]
    assert draft.status == IntakeStatus.DRAFT
    # The next save carries the new revision; the old one is someone else's.
    again = therapist_client.post(autosave_url(draft), {"revision": "1", "history": "Again"})
    assert again.json()["revision"] == 2
    stale = therapist_client.post(autosave_url(draft), {"revision": "1", "history": "Stale"})
    assert stale.status_code == 409 and stale.json()["saved"] is False
    draft.refresh_from_db()
    assert draft.history == "Again"


def test_autosave_is_audited_like_a_save(therapist_client, draft, therapist):
    therapist_client.post(autosave_url(draft), {"revision": "0", "history": "More"})
    row = AuditEvent.objects.get(target=f"intake {draft.pk}")
    assert row.action == "changed" and row.user == therapist


def test_autosave_of_a_new_intake_makes_the_draft_and_says_where_it_is(
    therapist_client, person, therapist
):
    response = therapist_client.post(new_autosave_url(person), {"goals": "Walk the dog"})
    answer = response.json()
    intake = Intake.objects.get(client=person)
    assert intake.goals == "Walk the dog" and not intake.is_signed
    assert intake.created_by == therapist
    assert answer["edit_url"] == reverse("clients:intake_edit", args=[person.pk, intake.pk])
    assert answer["autosave_url"] == autosave_url(intake)
    assert AuditEvent.objects.get(target=f"intake {intake.pk}").action == "created"
    # The page opened from edit_url shows it again, at the revision autosave answered.
    page = therapist_client.get(answer["edit_url"])
    assert page.context["form"]["goals"].value() == "Walk the dog"
    assert page.context["form"]["revision"].value() == str(answer["revision"])


def test_autosave_keeps_valid_answers_and_leaves_bad_ones_as_stored(therapist_client, draft):
    draft.pain_now = 4
    draft.save()
    response = therapist_client.post(
        autosave_url(draft),
        {
            "revision": "0",  # saved outside a form: the revision counts form saves
            "pain_now": "eleven",
            "new_onset": "perhaps",
            "red_flags": ["RF99"],
            "site_CI15": "on",  # ticked, no region chosen yet
            "history": "Typed so far",
        },
    )
    assert response.status_code == 200
    answer = response.json()
    assert answer["saved"] is True and answer["unsaved"] == 4
    draft.refresh_from_db()
    assert draft.history == "Typed so far"
    assert draft.pain_now == 4 and draft.new_onset is None and draft.red_flags == []


def test_autosave_never_signs_and_never_needs_consent(therapist_client, draft):
    response = therapist_client.post(autosave_url(draft), {"revision": "0", "sign": "1"})
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == IntakeStatus.DRAFT and draft.signed_at is None


def test_a_new_consent_name_by_autosave_is_a_new_consent(therapist_client, draft):
    draft.consent_name, draft.consent_at, draft.consent_version = "M", timezone.now(), "2025-1"
    draft.save()
    therapist_client.post(autosave_url(draft), {"revision": "0", "consent_name": "Maria Lopez"})
    draft.refresh_from_db()
    assert draft.consent_name == "Maria Lopez" and draft.consent_at is None


def test_autosave_refuses_a_signed_intake(therapist_client, person, therapist):
    now = timezone.now()
    signed = Intake.objects.create(
        client=person,
        status=IntakeStatus.SIGNED,
        consent_name="Maria Lopez",
        consent_at=now,
        signed_at=now,
        signed_by=therapist,
        history="As signed",
    )
    response = therapist_client.post(
        autosave_url(signed), {"revision": str(signed.revision), "history": "Changed"}
    )
    assert response.status_code == 409
    assert "signed" in response.json()["message"]
    signed.refresh_from_db()
    assert signed.history == "As signed"


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"revision": "x"},
        {"revision": "99999999999999"},
        {"revision": "0", "pain_regions": ["<script>"], "symptoms": "SC01\x00"},
        {"revision": "0", "consent_name": "a\x01b", "medications": "é" * 5000},
        {"revision": "0", "leg_symptoms": "maybe", "pain_now": "-1"},
    ],
)
def test_bad_autosave_input_never_500s(therapist_client, draft, data):
    response = therapist_client.post(autosave_url(draft), data)
    assert response.status_code in (200, 400, 409)
    assert response["Content-Type"] == "application/json"
    assert Intake.objects.get(pk=draft.pk).status == IntakeStatus.DRAFT


def test_autosave_needs_the_csrf_token(therapist, draft):
    http = HttpClient(enforce_csrf_checks=True)
    http.force_login(therapist)
    response = http.post(autosave_url(draft), {"revision": "0", "history": "Forged"})
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.history == "Desk job"


def test_autosave_is_post_only(therapist_client, draft):
    assert therapist_client.get(autosave_url(draft)).status_code == 405


def test_another_practice_gets_404_from_autosave(outsider_client, person, draft):
    response = outsider_client.post(autosave_url(draft), {"revision": "0", "history": "Theirs"})
    assert response.status_code == 404
    assert outsider_client.post(new_autosave_url(person), {"goals": "x"}).status_code == 404
    draft.refresh_from_db()
    assert draft.history == "Desk job"
    assert Intake.objects.count() == 1


def test_the_form_carries_its_autosave_address(therapist_client, person, draft):
    new = therapist_client.get(create_url(person)).content.decode()
    assert f'data-autosave-url="{new_autosave_url(person)}"' in new
    edit = therapist_client.get(reverse("clients:intake_edit", args=[person.pk, draft.pk]))
    assert f'data-autosave-url="{autosave_url(draft)}"' in edit.content.decode()
