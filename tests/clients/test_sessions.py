"""Sessions: booking in the practice's time zone, overlaps, the session page and the check-in."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from clients.models import AuditEvent, CheckIn, Clearance, PlanItem, Session
from clients.services import notes, plans, sessions
from clients.services.screening import current_screening
from techniques.models import Entry
from tests.factories import (
    ClientFactory,
    IntakeFactory,
    MembershipFactory,
    NoteFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


@pytest.fixture
def client_record(practice):
    client = ClientFactory(practice=practice, first_name="Maria", last_name="Lopez")
    IntakeFactory(client=client, symptoms=["PS01", "PS02", "PS04"])
    return client


@pytest.fixture
def session(client_record, therapist):
    return SessionFactory(
        client=client_record,
        therapist=therapist,
        start=datetime(2026, 3, 10, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/London")),
    )


def url(session, suffix=""):
    return f"/clients/{session.client_id}/sessions/{session.pk}/{suffix}"


def book(http, client, therapist, start="2026-03-10T10:30", length=60, **extra):
    return http.post(
        f"/clients/{client.pk}/sessions/new/",
        {"start": start, "length": length, "therapist": therapist.pk, **extra},
    )


# --- Booking -----------------------------------------------------------------------------


def test_a_session_is_booked_in_the_practices_time_zone(
    therapist_client, practice, client_record, therapist
):
    practice.time_zone = "America/New_York"
    practice.save()
    response = book(therapist_client, client_record, therapist, start="2026-07-01T09:30")
    session = Session.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(session)
    assert session.start == datetime(2026, 7, 1, 9, 30, tzinfo=NEW_YORK)
    assert session.status == "planned" and session.length == 60
    assert AuditEvent.objects.filter(action="created", target=f"session {session.pk}").exists()
    page = therapist_client.get(url(session)).content.decode()
    assert "09:30–10:30" in page  # shown in New York time, not the server's


def test_the_edit_form_shows_the_start_in_the_practices_time_zone(
    therapist_client, practice, session
):
    practice.time_zone = "Asia/Tokyo"
    practice.save()
    html = therapist_client.get(url(session, "edit/")).content.decode()
    assert 'value="2026-03-10T19:00"' in html  # 10:00 in London is 19:00 in Tokyo


def test_a_time_that_does_not_exist_on_the_clock_is_refused_beside_the_start(
    therapist_client, client_record, therapist
):
    # The clocks go forward at 01:00 on 29 March 2026 in London: 01:30 never happens.
    response = book(therapist_client, client_record, therapist, start="2026-03-29T01:30")
    assert response.status_code == 200
    assert "start" in response.context["form"].errors
    assert not Session.objects.exists()


def test_an_overlapping_session_is_refused_with_a_message_beside_the_start(
    therapist_client, session, client_record, therapist
):
    response = book(therapist_client, client_record, therapist, start="2026-03-10T10:30")
    assert response.status_code == 200
    errors = response.context["form"].errors["start"]
    assert "overlaps" in errors[0] and "10:00–11:00" in errors[0] and "Maria Lopez" in errors[0]
    html = response.content.decode()
    assert 'value="2026-03-10T10:30"' in html  # what was typed is kept
    assert "invalid-feedback" in html
    assert Session.objects.count() == 1


@pytest.mark.parametrize(
    ("start", "length"),
    [("2026-03-10T09:30", 45), ("2026-03-10T09:00", 90), ("2026-03-10T10:59", 30)],
)
def test_every_kind_of_overlap_is_refused(
    therapist_client, session, client_record, therapist, start, length
):
    response = book(therapist_client, client_record, therapist, start=start, length=length)
    assert response.status_code == 200
    assert Session.objects.count() == 1


def test_back_to_back_sessions_are_allowed(therapist_client, session, client_record, therapist):
    assert book(therapist_client, client_record, therapist, "2026-03-10T11:00").status_code == 302
    assert (
        book(therapist_client, client_record, therapist, "2026-03-10T09:30", 30).status_code == 302
    )
    assert Session.objects.count() == 3


@pytest.mark.parametrize("status", ["cancelled", "no_show"])
def test_cancelled_and_no_show_sessions_do_not_block_the_time(
    therapist_client, session, client_record, therapist, status
):
    session.status = status
    session.save()
    assert book(therapist_client, client_record, therapist, "2026-03-10T10:00").status_code == 302


def test_another_therapists_session_at_the_same_time_is_fine(
    therapist_client, session, client_record, owner
):
    assert book(therapist_client, client_record, owner, "2026-03-10T10:00").status_code == 302


def test_editing_a_session_onto_another_is_refused_but_keeping_its_own_time_is_fine(
    therapist_client, session, client_record, therapist
):
    other = SessionFactory(
        client=client_record, therapist=therapist, start=session.start + timedelta(hours=2)
    )
    data = {"therapist": therapist.pk, "length": 60, "status": "planned"}
    moved = therapist_client.post(url(other, "edit/"), {**data, "start": "2026-03-10T10:15"})
    assert moved.status_code == 200 and "overlaps" in moved.context["form"].errors["start"][0]
    kept = therapist_client.post(url(session, "edit/"), {**data, "start": "2026-03-10T10:00"})
    assert kept.status_code == 302
    cancelled = therapist_client.post(
        url(other, "edit/"), {**data, "start": "2026-03-10T10:15", "status": "cancelled"}
    )
    assert cancelled.status_code == 302


def test_the_service_refuses_an_overlap_the_form_did_not_see(session, therapist):
    clash = Session(
        client=session.client, therapist=therapist, start=session.start + timedelta(minutes=59)
    )
    with pytest.raises(sessions.SessionOverlap) as refused:
        sessions.session_save(session=clash)
    assert refused.value.others == [session]


def test_bad_booking_input_is_reported_beside_each_field(therapist_client, client_record, outsider):
    response = therapist_client.post(
        f"/clients/{client_record.pk}/sessions/new/",
        {"start": "next tuesday", "length": "50", "therapist": outsider.pk},
    )
    form = response.context["form"]
    assert set(form.errors) == {"start", "length", "therapist"}
    html = response.content.decode()
    assert 'value="next tuesday"' in html
    assert "Please correct the fields marked below" in html
    assert not Session.objects.exists()


def test_the_therapist_list_holds_only_active_members_of_the_practice(
    therapist_client, client_record, practice, outsider
):
    gone = MembershipFactory(practice=practice, user__is_active=False).user
    form = therapist_client.get(f"/clients/{client_record.pk}/sessions/new/").context["form"]
    choices = set(form.fields["therapist"].queryset)
    assert outsider not in choices and gone not in choices


# --- The session page --------------------------------------------------------------------


def test_the_session_page_shows_the_steps_and_the_screening(therapist_client, session):
    html = therapist_client.get(url(session)).content.decode()
    assert "1. Check-in" in html and "2. Plan" in html and "3. Note" in html
    assert "Check the client in" in html
    assert "Treat" in html  # the screening banner of the signed intake
    assert AuditEvent.objects.filter(action="viewed", target=f"session {session.pk}").exists()


def test_the_session_page_without_a_signed_intake_says_nothing_can_be_planned(
    therapist_client, practice, therapist
):
    unscreened = SessionFactory(client=ClientFactory(practice=practice), therapist=therapist)
    html = therapist_client.get(url(unscreened)).content.decode()
    assert "No signed intake, so nothing can be planned" in html


# --- Check-in ----------------------------------------------------------------------------


def check_in(http, session, **data):
    return http.post(url(session, "check-in/"), {"anything_changed": "True", **data})


def test_nothing_changed_is_recorded_and_leads_to_the_plan(therapist_client, session, therapist):
    response = therapist_client.post(url(session, "check-in/"), {"anything_changed": "False"})
    assert response.status_code == 302 and response["Location"] == url(session, "plan/")
    recorded = CheckIn.objects.get(session=session)
    assert recorded.anything_changed is False and recorded.recorded_by == therapist


def test_the_check_in_must_answer_whether_anything_changed(therapist_client, session):
    response = therapist_client.post(url(session, "check-in/"), {})
    assert response.context["form"].errors["anything_changed"] == ["Choose yes or no."]


def test_a_change_with_nothing_ticked_needs_a_few_words(therapist_client, session):
    response = check_in(therapist_client, session, note="  ")
    assert "Say what has changed" in response.context["form"].errors["note"][0]
    assert not CheckIn.objects.exists()


def test_a_site_contraindication_needs_its_region_and_is_stored_with_it(therapist_client, session):
    response = check_in(therapist_client, session, site_CI15=["GLUT"], note="grazed")
    assert response.status_code == 302
    assert CheckIn.objects.get().new_contraindications == ["CI15:GLUT"]
    crafted = check_in(therapist_client, session, new_contraindications=["CI15"])
    assert "new_contraindications" in crafted.context["form"].errors


def test_nothing_changed_with_ticked_answers_is_refused_and_keeps_what_was_ticked(
    therapist_client, session, therapist
):
    response = therapist_client.post(
        url(session, "check-in/"), {"anything_changed": "False", "new_contraindications": "CI23"}
    )
    assert response.status_code == 200
    error = response.context["form"].errors["anything_changed"][0]
    assert "You ticked new answers" in error
    assert 'value="CI23"' in response.content.decode()
    assert response.context["form"]["new_contraindications"].value() == ["CI23"]
    assert not CheckIn.objects.exists()
    # The service refuses it too, whoever calls it.
    with pytest.raises(sessions.SessionRefused):
        sessions.check_in_record(
            session=session,
            data={"anything_changed": False, "new_red_flags": ["RF10"]},
            by=therapist,
        )
    assert not CheckIn.objects.exists()
    assert not current_screening(session.client).do_not_treat


def test_bad_check_in_input_keeps_what_was_ticked(therapist_client, session):
    response = therapist_client.post(
        url(session, "check-in/"), {"new_red_flags": ["RF10"], "new_contraindications": ["CI99"]}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="RF10" id="id_new_red_flags_9" checked' in html
    assert "invalid-feedback" in html


def test_a_new_red_flag_at_check_in_stops_the_plan_at_once(therapist_client, session):
    check_in(therapist_client, session, new_red_flags=["RF10"])
    found = current_screening(session.client)
    assert found.do_not_treat
    html = therapist_client.get(url(session, "plan/")).content.decode()
    assert "No plan can be made: do not treat" in html
    assert f"/clients/{session.client_id}/referral/" in html
    assert "Suggest a plan" not in html


def test_a_new_contraindication_marks_planned_techniques_blocked_and_leaves_them_out(
    therapist_client, session, therapist
):
    deep = Entry.objects.get(slug="lumbar-ql-deep-tissue")
    light = Entry.objects.get(slug="swedish-warmup-lumbar-gluteal")
    PlanItem.objects.create(session=session, entry=light, position=0, minutes=10)
    PlanItem.objects.create(session=session, entry=deep, position=1, minutes=12)
    response = check_in(
        therapist_client, session, new_contraindications=["CI12"], note="Started warfarin."
    )
    assert response.status_code == 302
    # The plan keeps both items: the blocked one is marked, not deleted.
    assert list(session.plan_items.order_by("position").values_list("entry__slug", flat=True)) == [
        light.slug,
        deep.slug,
    ]
    page = therapist_client.get(url(session, "plan/"))
    rows = {row["item"].entry.slug: row for row in page.context["rows"]}
    assert rows[light.slug]["allowed"]
    assert not rows[deep.slug]["allowed"] and rows[deep.slug]["codes"] == ("CI12",)
    assert not rows[deep.slug]["overridable"]  # CI12 is no rule-9 code: it can only go
    assert (
        "Blocked by the current screening: anticoagulants / bleeding disorder / low platelets "
        "(CI12). Remove it." in page.content.decode()
    )
    assert page.context["total"] == 10  # the blocked 12 minutes are not done
    printed = therapist_client.get(url(session, "plan/print/"))
    assert [row["item"].entry.slug for row in printed.context["printable_rows"]] == [light.slug]
    assert printed.context["printable_total"] == 10
    assert "left off this printout" in printed.content.decode()
    done = therapist_client.get(url(session, "note/")).context["form"]["done"].value()
    assert done == f"{light.name} – 10 min"
    # Signing keeps only what counts in the note's plan.
    session.start = timezone.now() - timedelta(hours=1)
    session.save(update_fields=["start"])
    note = notes.note_save(
        session=session, fields={"done": done}, scores={}, by=therapist, sign=True
    )
    assert [row["slug"] for row in note.plan_snapshot] == [light.slug]


def test_a_now_blocked_rule_9_item_is_kept_only_with_a_written_reason(therapist_client, session):
    deep = Entry.objects.get(slug="lumbar-ql-deep-tissue")
    item = PlanItem.objects.create(session=session, entry=deep, position=0, minutes=10)
    check_in(therapist_client, session, new_contraindications=["CI13"], note="Chemotherapy.")
    page = therapist_client.get(url(session, "plan/"))
    row = next(r for r in page.context["rows"] if r["item"].pk == item.pk)
    assert not row["allowed"] and row["overridable"] and row["codes"] == ("CI13",)
    assert page.context["total"] == 0
    short = therapist_client.post(
        url(session, "plan/"), {"action": f"keep:{item.pk}", f"keep-{item.pk}-reason": "GP ok."}
    )
    assert "at least 15 characters" in short.context["rows"][0]["keep_form"].errors["reason"][0]
    item.refresh_from_db()
    assert item.override_reason == ""
    reason = "Oncologist Dr Mensah cleared gentle deep work on 2 March."
    therapist_client.post(
        url(session, "plan/"), {"action": f"keep:{item.pk}", f"keep-{item.pk}-reason": reason}
    )
    item.refresh_from_db()
    assert item.override_reason == reason
    page = therapist_client.get(url(session, "plan/"))
    assert page.context["rows"][0]["allowed"] and page.context["total"] == 10
    found = current_screening(session.client)
    assert plans.plan_text(plans.planned(session, found)) == f"{deep.name} – 10 min"


def test_the_check_in_message_names_what_the_new_screening_blocks_in_the_plan(
    therapist_client, session
):
    deep = Entry.objects.get(slug="lumbar-ql-deep-tissue")
    PlanItem.objects.create(session=session, entry=deep, position=0, minutes=10)
    response = therapist_client.post(
        url(session, "check-in/"),
        {"anything_changed": "True", "new_contraindications": "CI13"},
        follow=True,
    )
    assert (
        f"The new screening blocks what is planned: {deep.name}. Remove it, or keep it with a "
        "reason where rule 9 allows."
    ) in response.content.decode().replace("&#x27;", "'")
    assert session.plan_items.filter(entry=deep).exists()


def test_a_cleared_red_flag_reported_again_at_check_in_counts_again(
    therapist_client, practice, therapist
):
    client = ClientFactory(practice=practice)
    intake = IntakeFactory(client=client, red_flags=["RF09"])
    Clearance.objects.create(
        client=client,
        intake=intake,
        code="RF09",
        cleared_by="Dr Adeyemi, GP",
        cleared_on=timezone.localdate(),
    )
    session = SessionFactory(client=client, therapist=therapist)
    assert current_screening(client).result["decision"] == "treat_with_precautions"
    check_in(therapist_client, session, new_red_flags=["RF09"])
    assert current_screening(client).do_not_treat


def test_the_check_in_is_locked_once_the_note_is_signed(therapist_client, session, therapist):
    NoteFactory(session=session, signed_by=therapist, signed_at=timezone.now())
    response = check_in(therapist_client, session, new_red_flags=["RF10"], follow=True)
    assert "can no longer change" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_the_check_in_page_reminds_what_the_intake_records(therapist_client, practice, therapist):
    client = ClientFactory(practice=practice)
    IntakeFactory(client=client, contraindications=["CI08"])
    session = SessionFactory(client=client, therapist=therapist)
    html = therapist_client.get(url(session, "check-in/")).content.decode()
    assert "Pregnancy (CI08)" in html
