"""The plan builder: suggestions, edits, blocked techniques, rule-9 overrides, the printout.

The property tests drive the planning rules with random screening answers and the shipped
library (and random libraries), with no database.
"""

from __future__ import annotations

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from clients import planning
from clients.models import AuditEvent, CheckIn, PlanItem
from clients.planning import FINISH, ROLE_ORDER, WARM_UP, Technique
from clients.screening import DO_NOT_TREAT, OVERRIDABLE_CONTRAINDICATIONS, screen
from clients.services import PlanError, SessionScreening, plans
from techniques import vocabulary as vocab
from techniques.migrations._library_v1 import ENTRIES
from tests.factories import ClientFactory, IntakeFactory, NoteFactory, SessionFactory

SHIPPED = [
    Technique(
        pk=index,
        slug=entry["slug"],
        name=entry["name"],
        region=entry["region"] or None,
        modality=entry["modality"],
        role=entry["role"],
        minutes=entry["default_minutes"],
        indications=frozenset(entry["indications"]),
    )
    for index, entry in enumerate(ENTRIES, start=1)
    if entry["kind"] == "technique"
]
FOCUSES = ["psoas", "sciatic", "both", "relaxation"]
LENGTHS = [30, 45, 60, 75, 90]
SITE_CODES = sorted(vocab.SITE_CONTRAINDICATIONS)
PLAIN_CIS = sorted(vocab.ENTERED_CONTRAINDICATIONS - vocab.SITE_CONTRAINDICATIONS)


def _subset(codes):
    return st.lists(st.sampled_from(sorted(codes)), unique=True, max_size=len(codes))


@st.composite
def answers(draw):
    red_flags = draw(_subset(vocab.RED_FLAGS))
    sites = draw(
        st.lists(
            st.tuples(st.sampled_from(SITE_CODES), st.sampled_from(sorted(vocab.REGIONS))),
            max_size=3,
        )
    )
    data = {
        "symptoms": draw(_subset(vocab.SYMPTOMS)),
        "red_flags": red_flags,
        # Most clients have few contraindications: keep many examples treatable.
        "contraindications": draw(st.lists(st.sampled_from(PLAIN_CIS), unique=True, max_size=3))
        + [f"{code}:{region}" for code, region in sites],
        "pain_regions": draw(_subset(vocab.PAIN_REGIONS)),
        "cleared": draw(st.lists(st.sampled_from(red_flags), unique=True)) if red_flags else [],
    }
    if draw(st.booleans()):
        data["age"] = draw(st.integers(0, 120))
        data["new_onset"] = draw(st.booleans())
    return data


@st.composite
def random_libraries(draw):
    """Libraries an admin might curate: any region, modality, role, minutes and extras."""
    size = draw(st.integers(1, 12))
    return [
        Technique(
            pk=index,
            slug=f"t{index}",
            name=f"Technique {index}",
            region=draw(st.sampled_from([None, *sorted(vocab.REGIONS)])),
            modality=draw(st.sampled_from(sorted(vocab.MODALITIES))),
            role=draw(st.sampled_from([*ROLE_ORDER, ""])),
            minutes=draw(st.one_of(st.none(), st.integers(1, 60))),
            indications=frozenset(draw(_subset(vocab.SYMPTOMS))),
            extra_contraindications=frozenset(
                draw(st.lists(st.sampled_from(sorted(vocab.CONTRAINDICATIONS)), max_size=2))
            ),
        )
        for index in range(size)
    ]


def check_plan(result, library, focus, length):
    plan = planning.suggest_plan(result, library, focus, length)
    assert all(not planning.verdict(result, t).blocked for t in plan), "a blocked entry"
    assert planning.total_minutes(plan) <= length
    roles = [ROLE_ORDER[t.role] for t in plan]
    assert roles == sorted(roles), "warm-up first, finishing work last"
    assert len({t.slug for t in plan}) == len(plan)
    warm_ups = [
        t
        for t in library
        if t.role == WARM_UP
        and t.plannable
        and t.minutes <= length
        and planning.fits_focus(t, focus)
        and not planning.verdict(result, t).blocked
    ]
    if warm_ups and result["decision"] != DO_NOT_TREAT:
        assert plan and plan[0].role == WARM_UP
    if focus == "relaxation":
        assert all(
            t.modality == "LIGHT" or (t.role == FINISH and t.modality == "STRETCH") for t in plan
        )
    if result["decision"] == DO_NOT_TREAT:
        assert plan == []
    return plan


@given(answers(), st.sampled_from(FOCUSES), st.sampled_from(LENGTHS))
def test_suggested_plans_from_the_shipped_library_keep_every_rule(data, focus, length):
    result = screen(data, [t.library_entry for t in SHIPPED])
    check_plan(result, SHIPPED, focus, length)


@given(answers(), random_libraries(), st.sampled_from(FOCUSES), st.sampled_from(LENGTHS))
def test_suggested_plans_from_any_library_keep_every_rule(data, library, focus, length):
    result = screen(data, [t.library_entry for t in library])
    check_plan(result, library, focus, length)


@given(answers(), random_libraries())
def test_no_override_is_possible_outside_rule_9(data, library):
    result = screen(data, [t.library_entry for t in library])
    found = SessionScreening(intake=None, check_in=None, result=result, techniques=library)
    session = SessionFactory.build(length=90)
    for technique in library:
        verdict = planning.verdict(result, technique)
        if verdict.overridable:
            assert verdict.blocked and verdict.codes
            assert set(verdict.codes) <= OVERRIDABLE_CONTRAINDICATIONS
            assert result["decision"] != DO_NOT_TREAT
        if verdict.blocked and not verdict.overridable:
            # Refused before touching the database, whatever the reason says.
            with pytest.raises(PlanError):
                plans.plan_add(
                    session=session,
                    found=found,
                    slug=technique.slug,
                    minutes=1,
                    reason="The client's GP cleared it in writing.",
                )
            assert not planning.item_allowed(result, technique, "any reason at all")


@given(answers())
def test_an_override_needs_a_written_reason(data):
    result = screen(data, [t.library_entry for t in SHIPPED])
    for technique in SHIPPED:
        if planning.verdict(result, technique).blocked:
            assert not planning.item_allowed(result, technique, "   ")


def test_a_psoas_client_gets_psoas_work_first_ranked():
    result = screen({"symptoms": ["PS02", "PS03", "PS04"]}, [t.library_entry for t in SHIPPED])
    plan = planning.suggest_plan(result, SHIPPED, "psoas", 45)
    slugs = [t.slug for t in plan]
    assert slugs[0] == "swedish-warmup-lumbar-gluteal"
    # Indicated by all three signs, so ranked before the lumbar work indicated by none.
    assert slugs.index("anterior-hip-iliopsoas-release") < len(slugs) - 2
    assert "lumbar-ql-deep-tissue" not in slugs  # the lowest-ranked main work is dropped
    assert plan[-1].role == FINISH and planning.total_minutes(plan) <= 45


def test_a_relaxation_plan_uses_light_work_and_gentle_finishing_stretches_only():
    result = screen({}, [t.library_entry for t in SHIPPED])
    plan = planning.suggest_plan(result, SHIPPED, "relaxation", 60)
    assert [t.slug for t in plan][:1] == ["swedish-warmup-lumbar-gluteal"]
    assert {t.modality for t in plan} <= {"LIGHT", "STRETCH"}
    assert "assisted-sciatic-nerve-slider" not in [t.slug for t in plan]


def test_session_answers_add_the_check_in_and_drop_clearances_of_flags_reported_again():
    intake = {"red_flags": ["RF09", "RF19"], "cleared": ["RF09", "RF19"], "contraindications": []}
    answers_now = planning.session_answers(intake, ["RF09"], ["CI15:GLUT"])
    assert answers_now["red_flags"] == ["RF09", "RF19"]
    assert answers_now["cleared"] == ["RF19"]
    assert answers_now["contraindications"] == ["CI15:GLUT"]
    assert intake["cleared"] == ["RF09", "RF19"]  # the intake's answers are left alone


# --- The plan builder page ---------------------------------------------------------------


@pytest.fixture
def session(practice, therapist):
    client = ClientFactory(practice=practice, first_name="Maria", last_name="Lopez")
    IntakeFactory(client=client, symptoms=["PS01", "PS02", "PS04", "SC07", "SC09"])
    return SessionFactory(client=client, therapist=therapist, length=60)


def url(session, suffix="plan/"):
    return f"/clients/{session.client_id}/sessions/{session.pk}/{suffix}"


def slugs(session):
    return list(session.plan_items.order_by("position").values_list("entry__slug", flat=True))


def suggest(http, session, focus="both"):
    return http.post(url(session), {"action": "suggest", "focus": focus})


@pytest.mark.django_db
def test_suggest_fills_an_ordered_plan_that_fits_the_session(therapist_client, session):
    response = suggest(therapist_client, session)
    assert response.status_code == 302
    items = list(session.plan_items.select_related("entry").order_by("position"))
    assert items[0].entry.slug == "swedish-warmup-lumbar-gluteal"
    assert items[-1].entry.role == "finish"
    assert sum(item.minutes for item in items) <= 60
    assert all(item.minutes == item.entry.default_minutes for item in items)
    session.refresh_from_db()
    assert session.focus == "both"
    assert AuditEvent.objects.filter(action="changed", target=f"session {session.pk}").exists()


@pytest.mark.django_db
def test_the_focus_offered_first_follows_the_likely_patterns(therapist_client, session):
    form = therapist_client.get(url(session)).context["suggest_form"]
    assert form.initial["focus"] == "both"  # psoas and deep gluteal are both likely


@pytest.mark.django_db
def test_a_focus_must_be_chosen(therapist_client, session):
    response = therapist_client.post(url(session), {"action": "suggest"})
    assert response.context["suggest_form"].errors["focus"] == ["Choose the focus of the session."]
    assert not PlanItem.objects.exists()


@pytest.mark.django_db
def test_blocked_techniques_are_listed_greyed_with_codes_and_reasons(
    therapist_client, practice, therapist
):
    client = ClientFactory(practice=practice)
    IntakeFactory(client=client, contraindications=["CI08"])
    session = SessionFactory(client=client, therapist=therapist)
    response = therapist_client.get(url(session))
    blocked = {row["technique"].slug: row for row in response.context["blocked"]}
    assert blocked["abdominal-psoas-release"]["codes"] == ("CI08",)
    assert blocked["abdominal-psoas-release"]["reasons"] == ["pregnancy"]
    assert blocked["abdominal-psoas-release"]["form"] is None  # CI08 is no rule-9 code
    html = response.content.decode()
    assert 'class="list-group-item blocked-entry"' in html and "Can't be added." in html
    add_choices = [slug for _, group in response.context["add_form"].fields["entry"].choices[1:]
                   for slug, _ in group]  # fmt: skip
    assert "abdominal-psoas-release" not in add_choices
    suggest(therapist_client, session)
    assert "abdominal-psoas-release" not in slugs(session)


@pytest.mark.django_db
def test_a_technique_is_added_after_its_role_with_its_usual_minutes(therapist_client, session):
    suggest(therapist_client, session, "psoas")
    PlanItem.objects.filter(session=session, entry__role="main").delete()
    response = therapist_client.post(
        url(session), {"action": "add", "add-entry": "piriformis-trigger-point", "add-minutes": ""}
    )
    assert response.status_code == 302
    order = slugs(session)
    assert order[0] == "swedish-warmup-lumbar-gluteal" and order[1] == "piriformis-trigger-point"
    assert session.plan_items.get(entry__slug="piriformis-trigger-point").minutes == 8


@pytest.mark.django_db
def test_adding_over_the_session_length_is_refused_and_keeps_what_was_typed(
    therapist_client, session
):
    suggest(therapist_client, session, "psoas")
    before = slugs(session)
    response = therapist_client.post(
        url(session),
        {"action": "add", "add-entry": "gentle-hamstring-stretch", "add-minutes": "40"},
    )
    form = response.context["add_form"]
    assert "over the 60-minute session" in form.errors["minutes"][0]
    html = response.content.decode()
    assert 'name="add-minutes" value="40"' in html
    assert '<option value="gentle-hamstring-stretch" selected>' in html
    assert slugs(session) == before


@pytest.mark.django_db
def test_bad_add_input_is_reported_beside_the_field(therapist_client, session):
    response = therapist_client.post(
        url(session), {"action": "add", "add-entry": "", "add-minutes": "ten"}
    )
    errors = response.context["add_form"].errors
    assert set(errors) == {"entry", "minutes"}
    assert "invalid-feedback" in response.content.decode()


@pytest.mark.django_db
def test_the_therapist_reorders_sets_minutes_and_removes(therapist_client, session):
    suggest(therapist_client, session, "psoas")
    items = list(session.plan_items.order_by("position"))
    minutes = {f"items-minutes_{item.pk}": item.minutes for item in items}
    second = items[1]
    therapist_client.post(url(session), {"action": f"up:{second.pk}", **minutes})
    assert slugs(session)[0] == second.entry.slug
    therapist_client.post(url(session), {"action": f"down:{second.pk}", **minutes})
    assert slugs(session)[1] == second.entry.slug
    minutes[f"items-minutes_{items[0].pk}"] = items[0].minutes - 2
    therapist_client.post(url(session), {"action": "save", **minutes})
    assert session.plan_items.get(pk=items[0].pk).minutes == items[0].minutes - 2
    therapist_client.post(url(session), {"action": f"remove:{items[0].pk}", **minutes})
    assert items[0].entry.slug not in slugs(session)


@pytest.mark.django_db
def test_minutes_over_the_session_length_are_refused_with_a_clear_message(
    therapist_client, session
):
    suggest(therapist_client, session, "psoas")
    items = list(session.plan_items.order_by("position"))
    minutes = {f"items-minutes_{item.pk}": item.minutes for item in items}
    minutes[f"items-minutes_{items[0].pk}"] = 45
    response = therapist_client.post(url(session), {"action": "save", **minutes})
    message = response.context["items_form"].non_field_errors()[0]
    assert "over the 60-minute session" in message
    assert 'value="45"' in response.content.decode()
    assert session.plan_items.get(pk=items[0].pk).minutes == items[0].minutes
    bad = therapist_client.post(
        url(session), {"action": "save", **minutes, f"items-minutes_{items[1].pk}": "0"}
    )
    assert bad.context["items_form"].errors[f"minutes_{items[1].pk}"] == ["At least 1 minute."]


@pytest.fixture
def cancer_session(practice, therapist):
    """Blocked only by CI13 (DEEP work), a rule-9 code."""
    client = ClientFactory(practice=practice)
    IntakeFactory(client=client, symptoms=["PS01", "PS07"], contraindications=["CI13"])
    return SessionFactory(client=client, therapist=therapist, length=60)


@pytest.mark.django_db
def test_a_rule_9_override_needs_a_written_reason_which_is_stored_and_printed(
    therapist_client, cancer_session
):
    session = cancer_session
    page = therapist_client.get(url(session))
    blocked = {row["technique"].slug: row for row in page.context["blocked"]}
    assert blocked["lumbar-ql-deep-tissue"]["codes"] == ("CI13",)
    assert blocked["lumbar-ql-deep-tissue"]["form"] is not None
    action = {"action": "override:lumbar-ql-deep-tissue"}
    prefix = "override-lumbar-ql-deep-tissue"
    fields = {f"{prefix}-entry": "lumbar-ql-deep-tissue", f"{prefix}-minutes": "10"}
    refused = therapist_client.post(url(session), {**action, **fields, f"{prefix}-reason": " "})
    assert (
        "Write the reason"
        in refused.context["blocked"][
            [r["technique"].slug for r in refused.context["blocked"]].index("lumbar-ql-deep-tissue")
        ]["form"].errors["reason"][0]
    )
    assert not PlanItem.objects.exists()
    reason = "Oncologist Dr Mensah cleared gentle deep work on 2 March."
    therapist_client.post(url(session), {**action, **fields, f"{prefix}-reason": reason})
    item = PlanItem.objects.get()
    assert item.override_reason == reason
    printed = therapist_client.get(url(session, "plan/print/")).content.decode()
    assert reason in printed and "Override (CI13)" in printed


@pytest.mark.django_db
def test_no_override_when_another_code_also_blocks(therapist_client, practice, therapist):
    client = ClientFactory(practice=practice)
    IntakeFactory(client=client, contraindications=["CI13", "CI12"])
    session = SessionFactory(client=client, therapist=therapist)
    page = therapist_client.get(url(session))
    blocked = {row["technique"].slug: row for row in page.context["blocked"]}
    assert blocked["lumbar-ql-deep-tissue"]["codes"] == ("CI12", "CI13")
    assert blocked["lumbar-ql-deep-tissue"]["form"] is None
    prefix = "override-lumbar-ql-deep-tissue"
    crafted = therapist_client.post(
        url(session),
        {
            "action": "override:lumbar-ql-deep-tissue",
            f"{prefix}-entry": "lumbar-ql-deep-tissue",
            f"{prefix}-minutes": "10",
            f"{prefix}-reason": "The client insists.",
        },
        follow=True,
    )
    assert "rule 9 doesn" in crafted.content.decode()
    plain = therapist_client.post(
        url(session), {"action": "add", "add-entry": "lumbar-ql-deep-tissue", "add-minutes": "10"}
    )
    assert "entry" in plain.context["add_form"].errors
    assert not PlanItem.objects.exists()


@pytest.mark.django_db
def test_under_do_not_treat_nothing_can_be_planned_even_by_a_crafted_post(
    therapist_client, practice, therapist
):
    client = ClientFactory(practice=practice)
    IntakeFactory(client=client, red_flags=["RF01"])
    session = SessionFactory(client=client, therapist=therapist)
    html = therapist_client.get(url(session)).content.decode()
    assert "No plan can be made: do not treat" in html
    assert f"/clients/{client.pk}/referral/" in html
    for data in (
        {"action": "suggest", "focus": "relaxation"},
        {"action": "add", "add-entry": "swedish-warmup-lumbar-gluteal", "add-minutes": "10"},
    ):
        response = therapist_client.post(url(session), data, follow=True)
        assert "no plan can be made" in response.content.decode()
    assert not PlanItem.objects.exists()


@pytest.mark.django_db
def test_without_a_signed_intake_the_page_asks_for_one(therapist_client, practice, therapist):
    session = SessionFactory(client=ClientFactory(practice=practice), therapist=therapist)
    html = therapist_client.get(url(session)).content.decode()
    assert "no signed intake" in html
    suggest(therapist_client, session)
    assert not PlanItem.objects.exists()


@pytest.mark.django_db
def test_an_item_the_screening_now_blocks_is_flagged_and_left_off_the_printout(
    therapist_client, session
):
    suggest(therapist_client, session, "psoas")
    deep = session.plan_items.filter(entry__modality="DEEP").first()
    # A newer signed intake (not a check-in, which would prune) now blocks DEEP work.
    IntakeFactory(client=session.client, contraindications=["CI14"])
    page = therapist_client.get(url(session))
    row = next(r for r in page.context["rows"] if r["item"].pk == deep.pk)
    assert not row["allowed"] and "CI14" in row["codes"]
    assert "Blocked by the current screening" in page.content.decode()
    printed = therapist_client.get(url(session, "plan/print/"))
    assert deep not in [r["item"] for r in printed.context["printable_rows"]]
    assert "left off this printout" in printed.content.decode()


@pytest.mark.django_db
def test_the_plan_is_locked_once_the_note_is_signed(therapist_client, session, therapist):
    suggest(therapist_client, session, "psoas")
    before = slugs(session)
    NoteFactory(session=session, signed_by=therapist, signed_at=timezone.now())
    response = therapist_client.post(url(session), {"action": "suggest", "focus": "sciatic"})
    assert response.status_code == 302
    assert slugs(session) == before
    assert "part of the record" in therapist_client.get(url(session)).content.decode()


@pytest.mark.django_db
def test_the_printable_plan_lists_the_plan_for_the_treatment_room(therapist_client, session):
    suggest(therapist_client, session, "psoas")
    response = therapist_client.get(url(session, "plan/print/"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Session plan" in html and "Maria Lopez" in html
    assert "Swedish" in html or "swedish" in html.lower()
    assert "data-print" in html
    assert AuditEvent.objects.filter(action="printed", target=f"session {session.pk}").exists()


@pytest.mark.django_db
def test_the_plan_follows_a_check_in_at_once(therapist_client, session):
    suggest(therapist_client, session, "both")
    CheckIn.objects.create(session=session, anything_changed=True, new_red_flags=["RF07"])
    html = therapist_client.get(url(session)).content.decode()
    assert "No plan can be made: do not treat" in html


@pytest.mark.django_db
def test_plan_pages_run_a_constant_number_of_queries(
    therapist_client, session, therapist, django_assert_max_num_queries
):
    suggest(therapist_client, session, "both")
    for path in (url(session), url(session, "plan/print/")):
        with django_assert_max_num_queries(10) as few:
            assert therapist_client.get(path).status_code == 200
        for _ in range(30):
            SessionFactory(client=session.client, therapist=therapist, status="done")
        IntakeFactory.create_batch(3, client=session.client, contraindications=["CI13"])
        with django_assert_max_num_queries(len(few.captured_queries)):
            therapist_client.get(path)


@pytest.mark.django_db
def test_an_entry_unpublished_meanwhile_is_flagged_not_silently_dropped(therapist_client, session):
    suggest(therapist_client, session, "psoas")
    item = session.plan_items.select_related("entry").last()
    type(item.entry).objects.filter(pk=item.entry_id).update(published=False)
    CheckIn.objects.create(session=session, anything_changed=False)
    therapist_client.post(url(session, "check-in/"), {"anything_changed": "False"})
    assert session.plan_items.filter(pk=item.pk).exists()
    page = therapist_client.get(url(session))
    row = next(r for r in page.context["rows"] if r["item"].pk == item.pk)
    assert row["unpublished"] and not row["allowed"]
    assert "No longer published in the library" in page.content.decode()


@pytest.mark.django_db
def test_a_focus_with_nothing_suitable_says_so(therapist_client, practice, therapist):
    client = ClientFactory(practice=practice)
    # Light massage is only blocked by absolute codes; a site code on LUMB blocks the warm-up
    # and CI17 the lower leg, and CI14 all stretching: nothing relaxing is left.
    IntakeFactory(client=client, contraindications=["CI14", "CI17", "CI15:LUMB"])
    session = SessionFactory(client=client, therapist=therapist)
    response = suggest(therapist_client, session, "relaxation")
    messages = [str(m) for m in therapist_client.get(url(session)).context["messages"]]
    assert response.status_code == 302
    assert not PlanItem.objects.exists()
    assert any("No published technique fits this focus" in m for m in messages)


REASONS = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=200)


@given(REASONS)
def test_any_written_reason_allows_a_rule_9_override_and_blank_never_does(reason):
    result = screen({"contraindications": ["CI13"]}, [t.library_entry for t in SHIPPED])
    deep = next(t for t in SHIPPED if t.slug == "lumbar-ql-deep-tissue")
    assert planning.verdict(result, deep).overridable
    assert planning.item_allowed(result, deep, reason) == bool(reason.strip())
