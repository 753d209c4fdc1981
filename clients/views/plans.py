"""The plan builder of a session and its printable version for the treatment room.

The plan always follows the session's screening (signed intake plus check-in): blocked
techniques are shown greyed with their codes, rule-9 overrides need a written reason, and
under do_not_treat there is no plan at all.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from clients import audit, planning
from clients.access import get_session_for, in_practice_time_zone, require_http_methods_in_practice
from clients.forms.plans import AddTechniqueForm, KeepItemForm, PlanItemsForm, SuggestForm
from clients.models import PlanFocus, Session
from clients.services import notes, plans, sessions
from clients.services.plans import PlanError
from clients.services.screening import CurrentScreening, code_labels, current_screening
from clients.summary import summarise
from techniques import vocabulary as vocab
from techniques.models import Role

ROLE_LABELS = dict(Role.choices)


@require_http_methods_in_practice(["GET", "POST"])
@never_cache
@in_practice_time_zone
def plan_builder(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    session = get_session_for(request, pk, session_pk)
    found = current_screening(session.client)
    builder = Builder(session, found)
    if request.method == "POST":
        if builder.locked_reason():
            messages.error(request, builder.locked_reason())
            return redirect(session.step_url("plan_builder"))
        if builder.handle(request):
            audit.record(request, audit.Action.CHANGED, session)
            return redirect(session.step_url("plan_builder") + builder.after)
    else:
        audit.record(request, audit.Action.VIEWED, session)
    context = builder.context(moved=builder.moved(request.GET))
    return render(request, "clients/plan_builder.html", context)


@require_http_methods_in_practice(["GET"])
@never_cache
@in_practice_time_zone
def plan_print(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    session = get_session_for(request, pk, session_pk)
    found = current_screening(session.client)
    builder = Builder(session, found)
    audit.record(request, audit.Action.PRINTED, session)
    context = {**builder.context(), "practice": session.client.practice}
    context["not_to_use"] = [row for row in context["blocked"] if not row["planned"]]
    note = context["note"]
    context["done_plan"] = note.plan_snapshot if note and note.is_signed else None
    context["patterns"] = [vocab.PATTERNS[code].label for code in found.likely_patterns]
    context["side"] = plans.treated_side(found.answers.get("pain_regions", ()))
    return render(request, "clients/plan_print.html", context)


class Builder:
    """The plan of one session against its screening: what the page shows and what a POST
    may change. Every change goes through clients.services, which checks the rules again."""

    def __init__(self, session: Session, found: CurrentScreening) -> None:
        self.session, self.found = session, found
        self.planned = plans.planned(session, found)
        self.items = [row.item for row in self.planned]
        self.note = notes.note_for(session)
        self.forms: dict[str, Any] = {}
        # Where a successful change goes next: the plan, or the item just moved, whose
        # button keeps the keyboard focus (no fragment: a page with a target in its
        # address ignores autofocus).
        self.after = "#plan"

    # --- What the page shows -------------------------------------------------------------

    def locked_reason(self) -> str:
        if not self.found.screened:
            return "The client has no signed intake, so nothing can be planned yet."
        if self.found.do_not_treat:
            return "Screening says do not treat: no plan can be made for this session."
        if self.note is not None and self.note.is_signed:
            return "The session note is signed, so the plan is part of the record now."
        return ""

    def rows(self) -> list[dict[str, Any]]:
        """Each planned item, and whether the current screening still allows it; a
        now-blocked one is marked with its codes and may only be removed or overridden."""
        published = {t.slug for t in self.found.library}
        rows = []
        for row in self.planned:
            item, verdict = row.item, row.verdict
            form = None
            if verdict.blocked and verdict.overridable and not row.counts:
                form = self.forms.get(f"keep-{item.pk}") or self._keep_form(item)
            rows.append(
                {
                    "item": item,
                    "allowed": row.counts,
                    "unpublished": item.entry.slug not in published,
                    "codes": verdict.codes,
                    "reasons": code_labels(verdict.codes) or verdict.reason.rstrip("."),
                    "overridable": verdict.overridable,
                    "keep_form": form,
                    "role": ROLE_LABELS.get(item.entry.role, ""),
                }
            )
        return rows

    def planned_slugs(self) -> set[str]:
        return {item.entry.slug for item in self.items}

    def blocked(self) -> list[dict[str, Any]]:
        """Blocked techniques with their codes and plain reasons; rule-9 ones get a form."""
        if not self.found.screened:
            return []
        rows = []
        for technique in self.techniques():
            found_verdict = self.found.verdict(technique.library_entry)
            if not found_verdict.blocked:
                continue
            planned = technique.slug in self.planned_slugs()
            kept = any(row.item.entry.slug == technique.slug and row.counts for row in self.planned)
            form = None
            if found_verdict.overridable and not planned:
                form = self.forms.get(technique.slug) or self._override_form(technique)
            rows.append(
                {
                    "technique": technique,
                    "codes": found_verdict.codes,
                    "reasons": [vocab.CONTRAINDICATIONS[c].label for c in found_verdict.codes],
                    "overridable": found_verdict.overridable,
                    "planned": planned,
                    "kept": kept,
                    "form": form,
                }
            )
        return rows

    def techniques(self) -> list:
        return [item for item in self.found.library if item.is_technique]

    def add_choices(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Addable techniques not yet planned, grouped by their role in a plan."""
        planned = self.planned_slugs()
        if not self.found.screened:
            return []
        groups: dict[str, list[tuple[str, str]]] = {label: [] for label in ROLE_LABELS.values()}
        groups["Other"] = []
        for t in self.techniques():
            if t.slug in planned or self.found.verdict(t.library_entry).blocked:
                continue
            minutes = f", {t.minutes} min" if t.minutes else ""
            regions = ", ".join(sorted(t.regions)) or "no region"
            label = f"{t.name} ({regions} · {t.modality}{minutes})"
            groups[ROLE_LABELS.get(t.role, "Other")].append((t.slug, label))
        return [(group, choices) for group, choices in groups.items() if choices]

    def moved(self, query: QueryDict) -> dict[str, Any] | None:
        """The item just moved up or down, as named by the address the move went to: its
        button is focused again, and a status says where the item is now."""
        removed = query.get("removed", "")
        if removed.isascii() and removed.isdigit():
            return self._after_removal(int(removed))
        pk, direction = query.get("moved", ""), query.get("dir", "")
        index = next((i for i, item in enumerate(self.items) if str(item.pk) == pk), None)
        if index is None or direction not in {"up", "down"}:
            return None
        name = self.items[index].entry.name
        if query.get("edge"):
            text = f"{name} is {'first' if direction == 'up' else 'last'} in the plan already."
        else:
            text = f"Moved {name} {direction} to position {index + 1}."
        return {"pk": self.items[index].pk, "direction": direction, "text": text}

    def _after_removal(self, position: int) -> dict[str, Any]:
        """After Remove, the focus goes to the Remove button of the item that took the
        removed one's place (or the new last one); with the plan empty, to the status."""
        if not self.items:
            return {"pk": None, "direction": "remove", "text": "Taken out: the plan is empty."}
        index = min(position, len(self.items) - 1)
        item = self.items[index]
        text = f"Taken out. {item.entry.name} is now at position {index + 1}."
        return {"pk": item.pk, "direction": "remove", "text": text}

    def context(self, moved: dict[str, Any] | None = None) -> dict[str, Any]:
        result = self.found.result if self.found.screened else None
        rows = self.rows() if result else []
        items_form = self.forms.get("items") or self._items_form()
        for row in rows:
            row["field"] = items_form[f"minutes_{row['item'].pk}"]
            row["focus"] = moved["direction"] if moved and moved["pk"] == row["item"].pk else ""
        total = plans.plan_total(self.planned)
        focus = self.session.focus or (planning.guess_focus(result) if result else "")
        return {
            "client": self.session.client,
            "session": self.session,
            "found": self.found,
            "summary": summarise(self.found.result, self.found.names) if result else None,
            "check_in": sessions.check_in_for(self.session),
            "locked_reason": self.locked_reason(),
            "note": self.note,
            "rows": rows,
            "printable_rows": [row for row in rows if row["allowed"]],
            "total": total,
            "spare": self.session.length - total,
            "printable_total": total,
            "blocked_in_plan": [row for row in rows if not row["allowed"]],
            "suggest_form": self.forms.get("suggest") or SuggestForm(initial={"focus": focus}),
            "items_form": items_form,
            "add_form": self.forms.get("add") or self._add_form(),
            "blocked": self.blocked() if result else [],
            "focus_label": PlanFocus(self.session.focus).label if self.session.focus else "",
            "moved": moved,
        }

    # --- What a POST may change ----------------------------------------------------------

    def _items_form(self, data=None) -> PlanItemsForm:
        return PlanItemsForm(data, items=self.items, length=self.session.length, prefix="items")

    def _add_form(self, data=None) -> AddTechniqueForm:
        form = AddTechniqueForm(
            data, choices=self.add_choices(), length=self.session.length, prefix="add"
        )
        del form.fields["reason"]
        return form

    def _keep_form(self, item, data=None) -> KeepItemForm:
        return KeepItemForm(data, prefix=f"keep-{item.pk}")

    def _override_form(self, technique, data=None) -> AddTechniqueForm:
        form = AddTechniqueForm(
            data,
            choices=[(technique.slug, technique.name)],
            length=self.session.length,
            prefix=f"override-{technique.slug}",
            initial={"entry": technique.slug, "minutes": technique.minutes},
        )
        form.fields["reason"].required = True
        form.fields["reason"].error_messages["required"] = (
            "Write the reason: name the clearance or the client's consent that allows it."
        )
        return form

    def handle(self, request: HttpRequest) -> bool:
        """Apply the posted change; False (with the errors on the forms) when refused."""
        action = request.POST.get("action", "")
        if action == "suggest":
            return self._suggest(request)
        if action == "add":
            return self._add(request, "add", self._add_form(request.POST))
        if action.startswith("override:"):
            technique = self.found.item(action.partition(":")[2])
            if technique is None or not self.found.verdict(technique.library_entry).overridable:
                messages.error(request, "That technique can't be added: rule 9 doesn't allow it.")
                return False
            return self._add(request, technique.slug, self._override_form(technique, request.POST))
        if action.startswith("keep:"):
            return self._keep(request, action.partition(":")[2])
        return self._change_items(request, action)

    def _suggest(self, request: HttpRequest) -> bool:
        form = self.forms["suggest"] = SuggestForm(request.POST)
        if not form.is_valid():
            return False
        items = plans.plan_suggest(
            session=self.session, focus=form.cleaned_data["focus"], found=self.found
        )
        total = sum(item.minutes for item in items)
        if not items:
            messages.warning(
                request,
                "No published technique fits this focus for this client: choose another focus "
                "or add techniques one by one.",
            )
            return True
        messages.success(
            request,
            f"Suggested a plan of {len(items)} techniques, {total} of {self.session.length} "
            "minutes. Adjust it below.",
        )
        return True

    def _add(self, request: HttpRequest, key: str, form: AddTechniqueForm) -> bool:
        self.forms[key] = form
        if not form.is_valid():
            return False
        technique = self.found.item(form.cleaned_data["entry"])
        minutes = form.cleaned_data["minutes"] or (technique.minutes if technique else None)
        if not minutes:
            form.add_error("minutes", "Give the minutes.")
            return False
        try:
            item = plans.plan_add(
                session=self.session,
                found=self.found,
                slug=form.cleaned_data["entry"],
                minutes=minutes,
                reason=form.cleaned_data.get("reason", ""),
            )
        except PlanError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return False
        messages.success(request, f"Added {item.entry.name} ({item.minutes} min).")
        return True

    def _keep(self, request: HttpRequest, pk_text: str) -> bool:
        """Keep a now-blocked item under rule 9, with a written reason."""
        item = next((i for i in self.items if str(i.pk) == pk_text), None)
        if item is None:
            messages.error(request, "That item is no longer in the plan.")
            return False
        form = self.forms[f"keep-{item.pk}"] = self._keep_form(item, request.POST)
        if not form.is_valid():
            return False
        try:
            plans.plan_override(
                session=self.session,
                found=self.found,
                item_pk=item.pk,
                reason=form.cleaned_data["reason"],
            )
        except PlanError as error:
            form.add_error("reason" if error.field == "reason" else None, error.message)
            return False
        messages.success(request, f"Kept {item.entry.name}, with your reason.")
        return True

    def _change_items(self, request: HttpRequest, action: str) -> bool:
        form = self.forms["items"] = self._items_form(request.POST)
        verb, _, pk_text = action.partition(":")
        pk = int(pk_text) if pk_text.isascii() and pk_text.isdigit() else None
        if verb not in {"save", "up", "down", "remove"} or (verb != "save" and pk is None):
            messages.error(request, "Choose what to change in the plan.")
            return False
        if not form.is_valid():
            return False
        removed_at = next((i for i, item in enumerate(self.items) if item.pk == pk), None)
        try:
            plans.plan_update(
                session=self.session,
                minutes=form.minutes(),
                remove=pk if verb == "remove" else None,
                move=(pk, -1 if verb == "up" else 1) if verb in {"up", "down"} else (),
                found=self.found,
            )
        except PlanError as error:
            form.add_error(None, error.message)
            return False
        if verb in {"up", "down"}:
            self._focus_moved(pk, verb)
        elif verb == "remove" and removed_at is not None:
            self.after = f"?removed={removed_at}"
        messages.success(request, "Plan saved." if verb != "remove" else "Taken out of the plan.")
        return True

    def _focus_moved(self, pk: int, verb: str) -> None:
        index = next((i for i, item in enumerate(self.items) if item.pk == pk), None)
        if index is None:
            return
        edge = index == (0 if verb == "up" else len(self.items) - 1)  # nothing moved
        self.after = f"?moved={pk}&dir={verb}" + ("&edge=1" if edge else "")
