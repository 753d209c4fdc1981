"""Intakes taken by the therapist: drafts, editing, signing, and the screening they give."""

from __future__ import annotations

import io
import json
import re
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from clients import consent
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
def minor(practice):
    born = timezone.localdate() - timedelta(days=15 * 365)
    return Client.objects.create(
        practice=practice, first_name="Sam", last_name="Young", date_of_birth=born
    )


def make_intake(person, **fields) -> Intake:
    return Intake.objects.create(client=person, **fields)


def signed_intake(person, by, **fields) -> Intake:
    now = timezone.now()
    defaults = {"consent_name": "Maria Lopez", "consent_at": now, "signed_at": now}
    return make_intake(person, status=IntakeStatus.SIGNED, signed_by=by, **defaults | fields)


def answers(**changes) -> dict:
    data = {
        "new_onset": "True",
        "pain_now": "6",
        "symptoms": ["PS01", "SC01"],
        "red_flags": ["RF09"],
        "contraindications": [],
        "pain_regions": ["low_back", "calf_left"],
        "medications": "Ibuprofen",
        "history": "Desk job",
        "goals": "Sit through a meeting",
        "consent_name": "",
        "draft": "1",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def create_url(person) -> str:
    return reverse("clients:intake_create", args=[person.pk])


def url(name: str, intake: Intake) -> str:
    return reverse(f"clients:{name}", args=[intake.client_id, intake.pk])


# --- Taking an intake ------------------------------------------------------------------


def test_new_intake_form_speaks_therapist_shorthand(therapist_client, person):
    response = therapist_client.get(create_url(person))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Saddle anaesthesia / paraesthesia (RF01)" in page
    assert "numbness or tingling around your bottom" not in page.lower()
    assert 'name="pain_regions" value="calf_left"' in page
    assert 'data-region="calf_left"' in page
    assert "js/painmap.js" in page


def test_saving_a_draft_stores_the_answers_as_codes(therapist_client, person, therapist):
    response = therapist_client.post(create_url(person), answers())
    intake = Intake.objects.get(client=person)
    assert response.status_code == 302
    assert response["Location"] == url("intake_detail", intake)
    assert intake.status == IntakeStatus.DRAFT
    assert intake.created_by == therapist
    assert intake.source == "therapist"
    assert intake.answers() == {
        "age": person.age_on(),
        "new_onset": True,
        "pain_now": 6,
        "symptoms": ["PS01", "SC01"],
        "red_flags": ["RF09"],
        "contraindications": [],
        "pain_regions": ["calf_left", "low_back"],
        "cleared": [],
    }
    assert intake.consent_at is None
    assert intake.medications == "Ibuprofen"


def test_a_site_code_is_stored_with_each_region_chosen(therapist_client, person):
    data = answers(site_CI15="on", site_CI15_regions=["GLUT", "LLEG"], contraindications=["CI23"])
    therapist_client.post(create_url(person), data)
    intake = Intake.objects.get(client=person)
    assert intake.contraindications == ["CI15:GLUT", "CI15:LLEG", "CI23"]


def test_pregnancy_adds_ci08_and_blood_thinners_add_ci12(therapist_client, person):
    therapist_client.post(create_url(person), answers(pregnant="on", blood_thinners="on"))
    intake = Intake.objects.get(client=person)
    assert intake.pregnant and intake.blood_thinners
    assert intake.contraindications == ["CI08", "CI12"]


def test_editing_shows_stored_codes_back_on_their_tick_boxes(therapist_client, person):
    intake = make_intake(
        person, pregnant=True, contraindications=["CI08", "CI15:GLUT", "CI23"], pain_regions=[]
    )
    form = therapist_client.get(url("intake_edit", intake)).context["form"]
    assert form["pregnant"].value() is True
    assert form["contraindications"].value() == ["CI23"]
    assert form["site_CI15"].value() is True
    assert form["site_CI15_regions"].value() == ["GLUT"]


def test_pain_above_10_is_refused_beside_the_field_and_the_input_is_kept(therapist_client, person):
    response = therapist_client.post(create_url(person), answers(pain_now="11"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["pain_now"] == ["Pain is scored from 0 to 10."]
    page = response.content.decode()
    assert 'value="11"' in page
    assert re.search(r'value="calf_left" id="id_pain_regions_\d+" checked', page)
    assert "Sit through a meeting" in page
    assert not Intake.objects.exists()


def test_a_site_code_without_a_region_is_refused(therapist_client, person):
    response = therapist_client.post(create_url(person), answers(site_CI19="on"))
    form = response.context["form"]
    assert form.errors["site_CI19_regions"] == ["Choose the site of CI19."]
    assert form["site_CI19"].value() is True
    assert 'id="id_site_CI19_regions_error"' in response.content.decode()
    assert not Intake.objects.exists()


def test_an_unknown_code_is_refused(therapist_client, person):
    response = therapist_client.post(create_url(person), answers(symptoms=["PS01", "XX99"]))
    assert "symptoms" in response.context["form"].errors
    assert not Intake.objects.exists()


def test_a_minor_needs_a_parent_or_guardian(therapist_client, minor):
    response = therapist_client.post(create_url(minor), answers(guardian_name="Ann Young"))
    errors = response.context["form"].errors
    assert "guardian_relationship" in errors and "guardian_name" not in errors
    assert "Ann Young" in response.content.decode()
    therapist_client.post(
        create_url(minor), answers(guardian_name="Ann Young", guardian_relationship="Mother")
    )
    assert Intake.objects.get(client=minor).guardian_relationship == "Mother"


def test_an_adult_is_not_asked_about_a_guardian(therapist_client, person):
    assert "guardian_name" not in therapist_client.get(create_url(person)).context["form"].fields


def test_signing_needs_the_consent_name_and_keeps_the_input(therapist_client, person):
    data = answers(draft=None, sign="1", medications="Warfarin")
    response = therapist_client.post(create_url(person), data)
    assert response.status_code == 200
    assert response.context["form"].errors["consent_name"] == [
        "Type the client's name as their consent before signing."
    ]
    assert "Warfarin" in response.content.decode()
    assert not Intake.objects.exists()


def test_save_and_sign_signs_with_consent_and_goes_to_the_client_page(
    therapist_client, person, therapist
):
    data = answers(draft=None, sign="1", consent_name="Maria Lopez")
    response = therapist_client.post(create_url(person), data)
    intake = Intake.objects.get(client=person)
    assert response["Location"] == person.get_absolute_url()
    assert intake.is_signed and intake.signed_by == therapist and intake.signed_at
    assert intake.consent_at and intake.consent_version == consent.CURRENT_VERSION
    page = therapist_client.get(response["Location"])
    assert page.context["current"] == intake
    assert page.context["summary"].result["triage"] == "urgent"
    assert "Intake signed" in page.content.decode()


def test_start_a_new_intake_from_a_signed_one_is_prefilled_without_consent(
    therapist_client, person, therapist
):
    old = signed_intake(person, therapist, symptoms=["PS02"], pain_regions=["abdomen"])
    response = therapist_client.get(create_url(person) + f"?from={old.pk}")
    form = response.context["form"]
    assert form["symptoms"].value() == ["PS02"]
    assert form["pain_regions"].value() == ["abdomen"]
    assert not form["consent_name"].value()


# --- Reviewing, editing and signing a draft ----------------------------------------------


def test_detail_shows_answers_in_therapist_words_with_the_screening(therapist_client, person):
    intake = make_intake(person, red_flags=["RF01"], contraindications=["CI15:GLUT"])
    response = therapist_client.get(url("intake_detail", intake))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Saddle anaesthesia / paraesthesia (RF01)" in page
    assert "Open wound / burn / skin infection (CI15) at gluteals and piriformis (GLUT)" in page
    summary = response.context["summary"]
    assert summary.result["triage"] == "emergency"
    assert escape(summary.triage_advice) in page
    assert reverse("clients:intake_edit", args=[person.pk, intake.pk]) in page


def test_detail_offers_signing_only_with_consent(therapist_client, person):
    intake = make_intake(person)
    response = therapist_client.get(url("intake_detail", intake))
    assert not response.context["can_sign"]
    assert url("intake_sign", intake) not in response.content.decode()
    intake.consent_name = "Maria Lopez"
    intake.save()
    response = therapist_client.get(url("intake_detail", intake))
    assert url("intake_sign", intake) in response.content.decode()


def test_a_signed_intake_with_red_flags_offers_a_clearance(therapist_client, person, therapist):
    intake = signed_intake(person, therapist, red_flags=["RF09"])
    page = therapist_client.get(url("intake_detail", intake)).content.decode()
    assert reverse("clients:clearance_create", args=[person.pk, intake.pk]) in page
    assert f"?from={intake.pk}" in page
    assert url("intake_edit", intake) not in page


def test_editing_a_draft_saves_the_changes(therapist_client, person):
    intake = make_intake(person, symptoms=["PS01"])
    response = therapist_client.get(url("intake_edit", intake))
    assert response.status_code == 200
    response = therapist_client.post(
        url("intake_edit", intake), answers(symptoms=["PS03"], revision="0")
    )
    assert response["Location"] == url("intake_detail", intake)
    intake.refresh_from_db()
    assert intake.symptoms == ["PS03"] and intake.revision == 1
    assert AuditEvent.objects.filter(action="changed", target=f"intake {intake.pk}").exists()


def test_a_signed_intake_cant_be_edited(therapist_client, person, therapist):
    intake = signed_intake(person, therapist, symptoms=["PS01"])
    response = therapist_client.get(url("intake_edit", intake))
    assert response.status_code == 302
    assert response["Location"] == url("intake_detail", intake)
    response = therapist_client.post(
        url("intake_edit", intake), answers(symptoms=["PS03"], history="Typed after signing")
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "A signed intake can&#x27;t be changed" in html and "Typed after signing" in html
    intake.refresh_from_db()
    assert intake.symptoms == ["PS01"]
    assert intake.is_signed


def test_a_draft_signed_meanwhile_is_not_overwritten_by_an_edit(
    therapist_client, person, therapist
):
    from clients.revisions import Stale
    from clients.services import intakes

    draft = make_intake(person, symptoms=["PS01"], consent_name="Maria")
    stale = Intake.objects.get(pk=draft.pk)
    signed_elsewhere = Intake.objects.get(pk=draft.pk)
    intakes.intake_save(intake=signed_elsewhere, loaded=None, sign=True, by=therapist)
    stale.symptoms = ["PS03"]
    with pytest.raises(Stale):
        intakes.intake_save(intake=stale, loaded=stale.revision)
    draft.refresh_from_db()
    assert draft.symptoms == ["PS01"] and draft.is_signed


def test_signing_a_draft(therapist_client, person, therapist):
    intake = make_intake(person, consent_name="Maria Lopez", symptoms=["PS01"])
    response = therapist_client.post(url("intake_sign", intake))
    assert response["Location"] == person.get_absolute_url()
    intake.refresh_from_db()
    assert intake.status == IntakeStatus.SIGNED
    assert intake.signed_by == therapist
    assert intake.signed_at and intake.consent_at
    assert intake.consent_version == consent.CURRENT_VERSION
    assert AuditEvent.objects.filter(action="signed", target=f"intake {intake.pk}").count() == 1


def test_signing_keeps_the_time_and_version_the_client_consented_with(therapist_client, person):
    consented = timezone.now() - timedelta(days=2)
    intake = make_intake(
        person, consent_name="Maria", consent_at=consented, consent_version="2024-9"
    )
    therapist_client.post(url("intake_sign", intake))
    intake.refresh_from_db()
    assert intake.is_signed
    assert intake.consent_at == consented and intake.consent_version == "2024-9"


def test_signing_without_consent_is_refused(therapist_client, person):
    intake = make_intake(person)
    response = therapist_client.post(url("intake_sign", intake))
    assert response["Location"] == url("intake_edit", intake)
    intake.refresh_from_db()
    assert not intake.is_signed


def test_signing_a_minors_intake_needs_the_guardian(therapist_client, minor):
    intake = make_intake(minor, consent_name="Ann Young")
    therapist_client.post(url("intake_sign", intake))
    intake.refresh_from_db()
    assert not intake.is_signed


def test_signing_is_post_only(therapist_client, person):
    intake = make_intake(person, consent_name="Maria")
    assert therapist_client.get(url("intake_sign", intake)).status_code == 405


def test_the_latest_signed_intake_is_current(therapist_client, person, therapist):
    earlier = timezone.now() - timedelta(days=30)
    signed_intake(person, therapist, red_flags=["RF09"], signed_at=earlier, consent_at=earlier)
    latest = make_intake(person, consent_name="Maria Lopez")
    therapist_client.post(url("intake_sign", latest))
    make_intake(person, red_flags=["RF01"])  # a newer draft does not count
    response = therapist_client.get(person.get_absolute_url())
    assert person.current_intake() == latest
    assert response.context["current"] == latest
    assert response.context["summary"].result["triage"] == "none"


def test_client_page_banner_agrees_with_the_screen_command(
    therapist_client, person, therapist, tmp_path
):
    intake = signed_intake(
        person,
        therapist,
        new_onset=True,
        pain_now=6,
        symptoms=["PS01", "SC01", "SC03"],
        red_flags=["RF19"],
        contraindications=["CI08", "CI12", "CI15:GLUT"],
        pain_regions=["low_back", "calf_left", "foot_right"],
    )
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(intake.answers()))
    out = io.StringIO()
    call_command("screen", str(path), stdout=out)
    expected = json.loads(out.getvalue())
    shown = therapist_client.get(person.get_absolute_url()).context["summary"].result
    for key in ("triage", "decision", "blocked", "library", "red_flags", "contraindications"):
        assert shown[key] == expected[key], key
    assert expected["triage"] == "emergency"  # RF04 from both legs with sciatica signs


# --- Isolation, audit, queries -----------------------------------------------------------


@pytest.mark.parametrize("name", ["intake_detail", "intake_edit", "intake_sign"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_practice_gets_404_on_every_intake_page(
    outsider_client, person, therapist, name, method
):
    intake = make_intake(person, consent_name="Maria")
    response = getattr(outsider_client, method)(url(name, intake), answers())
    assert response.status_code == 404
    intake.refresh_from_db()
    assert not intake.is_signed and intake.symptoms == []


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_practice_gets_404_on_new_intake(outsider_client, person, method):
    response = getattr(outsider_client, method)(create_url(person), answers())
    assert response.status_code == 404
    assert not Intake.objects.exists()


def test_another_practice_cant_copy_an_intake_into_its_own_client(
    outsider_client, outsider, person, therapist
):
    theirs = Client.objects.create(
        practice=outsider.membership.practice, first_name="Other", last_name="Person"
    )
    mine = signed_intake(person, therapist)
    response = outsider_client.get(create_url(theirs) + f"?from={mine.pk}")
    assert response.status_code == 404


def test_viewing_creating_and_signing_leave_audit_rows(therapist_client, person, therapist):
    therapist_client.post(create_url(person), answers(consent_name="Maria Lopez"))
    intake = Intake.objects.get(client=person)
    therapist_client.get(url("intake_detail", intake))
    therapist_client.post(url("intake_sign", intake))
    rows = AuditEvent.objects.filter(client=person, target=f"intake {intake.pk}")
    assert sorted(rows.values_list("action", flat=True)) == ["created", "signed", "viewed"]
    assert {row.user for row in rows} == {therapist}


def test_intake_detail_runs_a_bounded_number_of_queries(
    therapist_client, person, django_assert_max_num_queries
):
    intake = make_intake(person, red_flags=["RF09"], symptoms=["PS01"], pain_regions=["abdomen"])
    with django_assert_max_num_queries(10):
        response = therapist_client.get(url("intake_detail", intake))
    assert response.status_code == 200


def test_a_signed_intake_detail_adds_one_query_for_the_signer(
    therapist_client, person, owner, django_assert_max_num_queries
):
    # get_intake_for could select_related("signed_by") and bring this back to 10.
    intake = signed_intake(person, owner, red_flags=["RF09"], symptoms=["PS01"])
    with django_assert_max_num_queries(11):
        response = therapist_client.get(url("intake_detail", intake))
    assert owner.display_name in response.content.decode()
