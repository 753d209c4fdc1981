"""A client's current screening (SCREENING.md section 4): the one owner of that answer.

Rules 1–9 applied to the merged answers: the latest signed intake (with the age it was
signed with), plus every red flag and contraindication reported at a check-in since it
was signed, plus those of every self-intake waiting for review, with the clearances
recorded since. The client page, the dashboard, the agenda, every plan builder, the sheet
builder, every private link, the referral letter and every count read `current_screening`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import OuterRef, Q, Subquery

from clients import screening
from clients.library import LibraryItem, published_library
from clients.models import CheckIn, Clearance, Client, Intake
from clients.screening import Verdict
from techniques import vocabulary as vocab

NOT_SCREENED_REASON = "No signed intake yet: until the client is screened, only advice."
SWITCH_OFF_REASON = "Off until you switch it on for this client."


@dataclass(frozen=True)
class Report:
    """Where a red flag or contraindication of the merged answers was reported."""

    code: str
    source: str  # "intake", "check-in" or "self-intake"
    at: datetime
    intake_pk: int | None = None
    session_pk: int | None = None


@dataclass
class CurrentScreening:
    client: Client
    intake: Intake | None
    check_ins: list[CheckIn]
    pending: list[Intake]
    clearances: list[Clearance]
    answers: dict[str, Any]
    result: dict[str, Any]
    library: list[LibraryItem]
    reports: list[Report] = field(default_factory=list)

    @property
    def screened(self) -> bool:
        return self.intake is not None

    @property
    def decision(self) -> str:
        return self.result["decision"]

    @property
    def triage(self) -> str:
        return self.result["triage"]

    @property
    def do_not_treat(self) -> bool:
        return self.decision == screening.DO_NOT_TREAT

    @property
    def plannable(self) -> bool:
        return self.screened and not self.do_not_treat

    @property
    def likely_patterns(self) -> list[str]:
        return [code for code, p in self.result["patterns"].items() if p["likely"]]

    @property
    def has_red_flags(self) -> bool:
        return any(not flag["cleared"] for flag in self.result["red_flags"])

    @property
    def names(self) -> dict[str, str]:
        return {item.slug: item.name for item in self.library}

    def item(self, slug: str) -> LibraryItem | None:
        return next((item for item in self.library if item.slug == slug), None)

    def verdict(
        self, entry: screening.LibraryEntry, *, needs_switch: bool = False, switched_on=True
    ) -> Verdict:
        """The one verdict for an entry: rules 7 and 9 on the current result; before the
        client is screened, advice only; a per-client entry (the psoas ball, next to the
        aorta) only once switched on, and never by override."""
        if not self.screened and entry.modality != vocab.ADVICE:
            return Verdict(blocked=True, reason=NOT_SCREENED_REASON)
        found = screening.verdict(self.result, entry)
        if found.blocked:
            overridable = found.overridable and not needs_switch and self.screened
            return Verdict(True, found.codes, overridable, blocked_reason(self.result, found))
        if needs_switch and not switched_on:
            return Verdict(blocked=True, reason=SWITCH_OFF_REASON)
        return found


def blocked_reason(result: dict[str, Any], found: Verdict) -> str:
    if result["decision"] == screening.DO_NOT_TREAT and not found.codes:
        return "Do not treat: advice only."
    text = "Blocked by " + code_labels(found.codes)
    if result["decision"] == screening.DO_NOT_TREAT:
        text += ". Do not treat: advice only"
    return text + "."


def code_labels(codes) -> str:
    """Contraindication codes in the therapist's words, the one place they are worded."""
    return "; ".join(f"{vocab.CONTRAINDICATIONS[code].label} ({code})" for code in codes)


def current_screening(client: Client, library: list[LibraryItem] | None = None) -> CurrentScreening:
    """The client's current screening; five queries whatever the record's size (intake,
    check-ins, pending self-intakes, clearances, library)."""
    return current_screenings([client], library)[client.pk]


def current_screenings(
    clients: list[Client], library: list[LibraryItem] | None = None
) -> dict[int, CurrentScreening]:
    """The current screening of several clients (the dashboard, the agenda), by client id:
    the same four queries however many clients."""
    if not clients:
        return {}
    library = published_library() if library is None else library
    entries = [item.library_entry for item in library]
    ids = [client.pk for client in clients]
    # One query for each client's latest signed intake (earlier ones never count) and the
    # self-intakes waiting for review (their flags count at once).
    newest = (
        Intake.objects.signed()
        .filter(client_id=OuterRef("client_id"))
        .order_by("-signed_at", "-pk")
        .values("pk")[:1]
    )
    # The two sets combined as one condition (no `pk IN (subquery)`): a cheaper query.
    wanted = Intake.objects.pending_self_intakes() | Intake.objects.filter(pk=Subquery(newest))
    latest: dict[int, Intake] = {}
    pending: dict[int, list[Intake]] = {pk: [] for pk in ids}
    for intake in wanted.filter(client_id__in=ids).order_by("created", "pk"):
        if intake.is_signed:
            latest[intake.client_id] = intake
        else:
            pending[intake.client_id].append(intake)
    check_ins: dict[int, list[CheckIn]] = {pk: [] for pk in ids}
    if latest:
        # A check-in counts from when it was last recorded: one corrected after a new
        # intake was signed reports its answers again.
        since = min(intake.signed_at for intake in latest.values())
        rows = CheckIn.objects.filter(
            Q(updated__gte=since) | Q(updated__isnull=True, created__gte=since),
            session__client_id__in=list(latest),
        ).select_related("session")
        for check_in in sorted(rows, key=lambda c: (reported_at(c), c.pk)):
            intake = latest[check_in.session.client_id]
            if reported_at(check_in) >= intake.signed_at:
                check_ins[check_in.session.client_id].append(check_in)
    clearances: dict[int, list[Clearance]] = {pk: [] for pk in ids}
    for clearance in Clearance.objects.filter(client_id__in=ids).order_by("created", "pk"):
        intake = latest.get(clearance.client_id)
        if clearance.intake_id == (intake.pk if intake else None):
            clearances[clearance.client_id].append(clearance)
    found = {}
    for client in clients:
        intake = latest.get(client.pk)
        if intake is not None:
            intake.client = client
        answers, validated, reports = merged_answers(
            intake, check_ins[client.pk], pending[client.pk], clearances[client.pk]
        )
        result = screening.screen(validated, entries)
        found[client.pk] = CurrentScreening(
            client,
            intake,
            check_ins[client.pk],
            pending[client.pk],
            clearances[client.pk],
            answers,
            result,
            library,
            reports,
        )
    return found


def reported_at(check_in: CheckIn) -> datetime:
    return check_in.updated or check_in.created


def merged_answers(
    intake: Intake | None,
    check_ins: list[CheckIn],
    pending: list[Intake],
    clearances: list[Clearance],
) -> tuple[dict[str, Any], screening.Answers, list[Report]]:
    """Section 4, rule 1. A clearance counts for a flag present unless the flag was
    reported again after it (at a check-in or in a self-intake): then it is new. The
    answers as data, the rules' own reading of them (checked once), and who reported what."""
    answers: dict[str, Any] = intake.answers(cleared=False) if intake else {}
    reports: list[Report] = []
    if intake is not None:
        for code in [*intake.red_flags, *intake.contraindications]:
            reports.append(Report(code, "intake", intake.signed_at, intake_pk=intake.pk))
    for check_in in check_ins:
        for code in [*check_in.new_red_flags, *check_in.new_contraindications]:
            reports.append(
                Report(code, "check-in", reported_at(check_in), session_pk=check_in.session_id)
            )
    for draft in pending:
        for code in [*draft.red_flags, *draft.contraindications]:
            reports.append(Report(code, "self-intake", draft.created, intake_pk=draft.pk))
    added = [r for r in reports if r.source != "intake"]
    red_flags = set(answers.get("red_flags", []))
    red_flags |= {r.code for r in added if r.code in vocab.RED_FLAGS}
    contraindications = set(answers.get("contraindications", []))
    contraindications |= {r.code for r in added if r.code not in vocab.RED_FLAGS}
    if red_flags:
        answers["red_flags"] = sorted(red_flags)
    if contraindications:
        answers["contraindications"] = sorted(contraindications)
    validated = screening.validate_answers(answers)
    present = red_flags | screening.derived_red_flags(validated)
    cleared = set()
    for clearance in clearances:
        reported_after = any(
            r.code == clearance.code and r.source != "intake" and r.at > clearance.created
            for r in reports
        )
        if clearance.code in present and not reported_after:
            cleared.add(clearance.code)
    if cleared:
        answers["cleared"] = sorted(cleared)
        validated = dataclasses.replace(validated, cleared=frozenset(cleared))
    return answers, validated, reports
