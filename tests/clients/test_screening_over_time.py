"""The client's screening over time (SCREENING.md section 4), driven by random sequences.

A Hypothesis rule-based state machine plays a client's care record through the services
(sign an intake, check in with new answers, submit or set aside a self-intake, record a
clearance, start a new intake, plan, issue a sheet with a private link, change a dose,
sign a note, unpublish and republish an entry) and, after every step, checks what a
therapist and a client would see against a reference kept here, written apart from the
site's code:

* every page's screening equals `screen` on the merged answers (the client page's
  decision, the plan builder's, the sheet builder's available count);
* no unsigned plan's total, printout or note default counts a blocked entry;
* no private link shows a blocked item's instructions;
* signed notes' plans and issued sheets' snapshots never change.
"""

from __future__ import annotations

import contextlib
import html
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client as Browser
from django.urls import reverse
from django.utils import timezone
from hypothesis import note, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    precondition,
    rule,
)

from clients import screening
from clients.models import Intake, IntakeLink, IntakeSource, SheetItem, SheetLink
from clients.services import intakes, links, notes, plans, sessions
from clients.services import sheets as sheet_service
from clients.services.screening import current_screening
from clients.summary import DECISION_DISPLAY
from techniques import vocabulary as vocab
from techniques.models import Entry
from tests.clients.sheet_helpers import pdf_text
from tests.factories import ClientFactory, MembershipFactory, PracticeFactory, SessionFactory

pytestmark = pytest.mark.django_db

# A handful of codes of every kind, so sequences often meet the same code twice.
RED_FLAGS = ["RF01", "RF09", "RF11", "RF19", "RF21"]
CONTRAINDICATIONS = ["CI08", "CI10", "CI12", "CI13", "CI14", "CI15:GLUT", "CI19:LUMB", "CI20"]
SYMPTOMS = ["PS01", "PS02", "PS03", "PS04", "SC01", "SC03", "SC07", "SC09"]
PAIN = ["low_back", "calf_left", "foot_right", "back_thigh_left"]
ENTRY_SLUGS = ["glute-foam-roll", "abdominal-psoas-release", "heat-pack", "knee-to-chest-stretch"]

codes = st.lists
red_flag_sets = codes(st.sampled_from(RED_FLAGS), max_size=2, unique=True)
ci_sets = codes(st.sampled_from(CONTRAINDICATIONS), max_size=2, unique=True)


def reference_library() -> list[screening.LibraryEntry]:
    """The published library read straight from the table, not through clients.library."""
    return [
        screening.LibraryEntry(
            entry.slug,
            frozenset(entry.regions),
            entry.modality,
            frozenset(ci.code for ci in entry.extra_contraindications.all()),
        )
        for entry in Entry.objects.published().prefetch_related("extra_contraindications")
    ]


class CareRecord(RuleBasedStateMachine):
    """One client of one practice; the reference is a list of reports in order."""

    sessions = Bundle("sessions")
    pending = Bundle("pending")

    def __init__(self) -> None:
        super().__init__()
        practice = PracticeFactory()
        self.therapist = MembershipFactory(practice=practice, role="owner").user
        self.client = ClientFactory(practice=practice)
        self.browser = Browser()
        self.browser.force_login(self.therapist)
        # The reference: the signed intake's answers, then every later report in order.
        self.intake: dict | None = None
        # Reports after the signed intake, in order: (sequence, source, red flags, CIs).
        self.reports: list[tuple[int, str, set, set]] = []
        self.sequence = 0
        self.pending_answers: dict[int, tuple[set, set]] = {}
        self.clearances: list[tuple[str, int]] = []  # (code, sequence when recorded)
        self.signed_plans: dict[int, list] = {}
        self.snapshots: dict[int, dict] = {}
        self.link_tokens: list[str] = []
        self.unpublished: set[str] = set()

    # --- The reference ---------------------------------------------------------------

    def merged(self) -> dict:
        answers = dict(self.intake or {})
        flags = set(answers.get("red_flags", []))
        cis = set(answers.get("contraindications", []))
        for _seq, source, more_flags, more_cis in self.reports:
            if source.startswith("check-in"):  # pending self-intakes are added below
                flags |= more_flags
                cis |= more_cis
        for more_flags, more_cis in self.pending_answers.values():
            flags |= more_flags
            cis |= more_cis
        answers["red_flags"], answers["contraindications"] = sorted(flags), sorted(cis)
        present = {row["code"] for row in screening.screen(answers, [])["red_flags"]}
        cleared = set()
        for code, recorded in self.clearances:
            reported_again = any(code in r[2] for r in self.reports if r[0] > recorded)
            if code in present and not reported_again:
                cleared.add(code)
        answers["cleared"] = sorted(cleared)
        return answers

    def expected(self) -> dict:
        return screening.screen(self.merged(), reference_library())

    def blocked(self, entry: screening.LibraryEntry) -> bool:
        """Blocked for the client now: rules 7 and 9 on the reference, or not screened."""
        if self.intake is None and entry.modality != vocab.ADVICE:
            return True
        return screening.verdict(self.expected(), entry).blocked

    # --- Events ----------------------------------------------------------------------

    @initialize(
        sign=st.booleans(),
        flags=red_flag_sets,
        cis=ci_sets,
        symptoms=codes(st.sampled_from(SYMPTOMS), max_size=4, unique=True),
    )
    def start_the_record(self, sign, flags, cis, symptoms):
        """Most records start with a signed intake, so later events meet one."""
        if sign:
            self.sign_an_intake(flags, cis, symptoms, [])

    @initialize(target=sessions)
    def book_the_first_session(self):
        return self.book_a_session()

    @initialize()
    def hand_out_the_first_sheet(self):
        self.issue_a_sheet_with_a_link()

    @rule(
        flags=red_flag_sets,
        cis=ci_sets,
        symptoms=codes(st.sampled_from(SYMPTOMS), max_size=4, unique=True),
        pain=codes(st.sampled_from(PAIN), max_size=3, unique=True),
    )
    def sign_an_intake(self, flags, cis, symptoms, pain):
        intake = Intake(
            client=self.client,
            red_flags=flags,
            contraindications=cis,
            symptoms=symptoms,
            pain_regions=pain,
            new_onset=False,
            consent_name=self.client.full_name,
        )
        intakes.intake_save(intake=intake, loaded=None, sign=True, by=self.therapist)
        self.intake = {
            "red_flags": flags,
            "contraindications": cis,
            "symptoms": symptoms,
            "pain_regions": pain,
            "new_onset": False,
            "age": self.client.age_on(),
        }
        self.reports, self.clearances = [], []  # a new signed intake starts afresh

    @rule(target=sessions)
    def book_a_session(self):
        hours = len(self.snapshots) + len(self.signed_plans) + 2
        return SessionFactory(
            client=self.client,
            therapist=self.therapist,
            start=timezone.now() - timedelta(hours=hours, minutes=len(self.reports)),
        )

    @rule(session=sessions, flags=red_flag_sets, cis=ci_sets)
    def check_in(self, session, flags, cis):
        if notes.note_for(session) is not None and notes.note_for(session).is_signed:
            return
        changed = bool(flags or cis)
        data = {
            "anything_changed": changed,
            "new_red_flags": flags,
            "new_contraindications": cis,
            "note": "Feels different" if changed else "",
        }
        earlier = sessions.check_in_for(session)
        sessions.check_in_record(session=session, data=data, by=self.therapist)
        if self.intake is None:
            return  # check-ins count only after a signed intake
        if earlier is not None:  # a corrected check-in replaces what it said
            self.reports = [r for r in self.reports if r[1] != f"check-in {session.pk}"]
        self.report(f"check-in {session.pk}", flags, cis)

    def report(self, source: str, flags, cis) -> None:
        self.sequence += 1
        self.reports.append((self.sequence, source, set(flags), set(cis)))

    @rule(target=pending, flags=red_flag_sets, cis=ci_sets)
    def submit_a_self_intake(self, flags, cis):
        link = IntakeLink.objects.create(
            client=self.client, expires=timezone.now() + timedelta(days=7)
        )
        draft = Intake(
            client=self.client,
            source=IntakeSource.CLIENT,
            red_flags=flags,
            contraindications=cis,
            consent_name=self.client.full_name,
        )
        links.intake_submit(link=link, intake=draft)
        self.pending_answers[draft.pk] = (set(flags), set(cis))
        self.report(f"self-intake {draft.pk}", flags, cis)
        return draft

    @rule(draft=consumes(pending))
    def set_a_self_intake_aside(self, draft):
        intakes.intake_set_aside(
            intake=draft, reason="Sent twice by mistake, see the later one.", by=self.therapist
        )
        self.pending_answers.pop(draft.pk, None)
        self.reports = [r for r in self.reports if r[1] != f"self-intake {draft.pk}"]

    @rule(data=st.data())
    def record_a_clearance(self, data):
        found = current_screening(self.client)
        uncleared = [f["code"] for f in found.result["red_flags"] if not f["cleared"]]
        if not uncleared:
            return
        code = data.draw(st.sampled_from(uncleared))
        from clients.models import Clearance

        clearance = Clearance(code=code, cleared_by="Dr Shah, GP", cleared_on=timezone.localdate())
        intakes.clearance_record(client=self.client, clearance=clearance, by=self.therapist)
        self.sequence += 1
        self.clearances.append((code, self.sequence))

    @rule(years=st.integers(min_value=-3, max_value=3))
    def correct_the_date_of_birth(self, years):
        born = self.client.date_of_birth
        self.client.date_of_birth = born.replace(year=born.year + years)
        self.client.save(update_fields=["date_of_birth"])

    @rule()
    def start_a_new_intake_draft(self):
        Intake.objects.create(client=self.client, symptoms=["PS01"], red_flags=["RF01"])

    @rule(session=sessions, focus=st.sampled_from(["psoas", "sciatic", "both", "relaxation"]))
    def suggest_a_plan(self, session, focus):
        found = current_screening(self.client)
        with contextlib.suppress(plans.PlanError):  # refused for this client now
            plans.plan_suggest(session=session, focus=focus, found=found)

    @rule(session=sessions)
    def sign_the_note(self, session):
        note_obj = notes.note_for(session)
        if note_obj is not None and note_obj.is_signed:
            return
        signed = notes.note_save(
            session=session, fields={"subjective": "Easier"}, scores={}, by=self.therapist,
            sign=True,
        )  # fmt: skip
        self.signed_plans[session.pk] = list(signed.plan_snapshot)

    @rule()
    def issue_a_sheet_with_a_link(self):
        sheet = sheet_service.start_sheet(self.client, self.therapist)
        if not sheet.items.exists():
            return
        try:
            sheet_service.issue_sheet(sheet=sheet, by=self.therapist)
        except sheet_service.SheetError:
            return
        sheet.refresh_from_db()
        self.snapshots[sheet.pk] = sheet.snapshot
        link = SheetLink.objects.create(
            sheet=sheet, created_by=self.therapist, expires=timezone.now() + timedelta(days=30)
        )
        self.link_tokens.append(link.token)

    @rule(seconds=st.integers(min_value=10, max_value=60))
    def change_a_dose_on_a_draft(self, seconds):
        item = SheetItem.objects.filter(sheet__client=self.client, sheet__status="draft").first()
        if item is not None:
            item.hold_min = seconds
            item.save(update_fields=["hold_min"])

    @rule(slug=st.sampled_from(ENTRY_SLUGS), published=st.booleans())
    def publish_or_unpublish(self, slug, published):
        Entry.objects.filter(slug=slug).update(published=published)
        (self.unpublished.discard if published else self.unpublished.add)(slug)

    def teardown(self):
        try:
            self.no_link_pdf_shows_a_blocked_items_instructions()
        finally:
            Entry.objects.filter(slug__in=ENTRY_SLUGS).update(published=True)

    def no_link_pdf_shows_a_blocked_items_instructions(self):
        """The PDF of every link, once per sequence (a PDF takes a moment to draw)."""
        visitor = Browser()
        for token in self.link_tokens:
            response = visitor.get(reverse("clients:shared_sheet_pdf", args=[token]))
            if response.status_code != 200:
                continue
            with tempfile.TemporaryDirectory() as folder:
                text = pdf_text(response.content, Path(folder))
            link = SheetLink.objects.get(pk=SheetLink.pk_from_token(token))
            for item in link.sheet.snapshot["items"]:
                entry = sheet_service.snapshot_entry(item)
                if self.blocked(entry) and not item.get("override_reason"):
                    first_words = " ".join(item["steps"][0].split()[:8])
                    assert first_words not in text, item["slug"]

    # --- What must hold after every step ---------------------------------------------

    @invariant()
    def every_page_shows_screen_on_the_merged_answers(self):
        expected = self.expected()
        note(f"merged answers: {self.merged()}")
        found = current_screening(self.client)
        assert found.screened == (self.intake is not None)
        assert found.result == expected
        page = self.browser.get(self.client.get_absolute_url()).content.decode()
        label = DECISION_DISPLAY[expected["decision"]][1]
        if found.screened or found.has_red_flags:
            assert f'<span class="decision-label">{label}</span>' in page
        else:
            assert "hasn't been screened" in page

    @invariant()
    def no_unsigned_plan_counts_a_blocked_entry(self):
        found = current_screening(self.client)
        for session in self.client.sessions.all():
            if notes.note_for(session) is not None and notes.note_for(session).is_signed:
                continue
            rows = plans.planned(session, found)
            for row in plans.counted(rows):
                entry = row.item.entry
                lib = screening.LibraryEntry(
                    entry.slug,
                    frozenset(entry.regions),
                    entry.modality,
                    frozenset(ci.code for ci in entry.extra_contraindications.all()),
                )
                allowed = not self.blocked(lib) or (
                    screening.verdict(self.expected(), lib).overridable
                    and len(row.item.override_reason.strip()) >= 15
                )
                assert allowed and entry.published, entry.slug
            counted = {row.item.entry.name for row in plans.counted(rows)}
            for row in rows:
                if row.item.entry.name in counted:
                    continue
                args = [self.client.pk, session.pk]
                printout = self.browser.get(reverse("clients:plan_print", args=args))
                assert row.item.entry.name not in html.unescape(printout.content.decode())
                assert row.item.entry.name not in plans.plan_text(rows)

    @invariant()
    def no_private_link_shows_a_blocked_items_instructions(self):
        visitor = Browser()
        for token in self.link_tokens:
            response = visitor.get(reverse("clients:shared_sheet", args=[token]))
            if response.status_code != 200:
                continue
            page = html.unescape(response.content.decode())
            link = SheetLink.objects.get(pk=SheetLink.pk_from_token(token))
            for item in link.sheet.snapshot["items"]:
                entry = sheet_service.snapshot_entry(item)
                overridden = item.get("override_reason") and set(
                    screening.verdict(self.expected(), entry).codes
                ) <= set(item.get("override_codes") or ())
                if self.blocked(entry) and not overridden:
                    assert item["steps"][0] not in page, item["slug"]
                    assert "paused" in page

    @invariant()
    def signed_notes_and_issued_snapshots_never_change(self):
        for session_pk, snapshot in self.signed_plans.items():
            assert notes.note_for(self.client.sessions.get(pk=session_pk)).plan_snapshot == snapshot
        for sheet in self.client.sheets.filter(pk__in=list(self.snapshots)):
            assert sheet.snapshot == self.snapshots[sheet.pk]

    @precondition(lambda self: self.intake is not None)
    @invariant()
    def a_signed_intake_keeps_its_age(self):
        assert current_screening(self.client).intake.signed_age == self.intake["age"]


CareRecord.TestCase.settings = settings(
    CareRecord.TestCase.settings,
    max_examples=settings.default.max_examples // 3 or 5,
    stateful_step_count=15,
    deadline=None,
)


def test_the_screening_stays_true_over_any_sequence_of_events(db):
    from hypothesis.stateful import run_state_machine_as_test

    run_state_machine_as_test(CareRecord, settings=CareRecord.TestCase.settings)
