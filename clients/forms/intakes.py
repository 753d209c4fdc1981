"""The intake form: every answer of SCREENING.md, worded for the therapist or for the client.

The form stores answers as screening codes. Three answers are entered in a friendlier way
than as a code: pregnancy (adds CI08), blood thinners (adds CI12) and the site codes
CI15, CI16 and CI19, each a tick plus the affected regions (stored as "CI15:GLUT").
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.safestring import mark_safe

from clients.forms.revision import add_revision_field
from clients.models import Intake
from clients.screening import AnswerError, validate_answers
from techniques import vocabulary as vocab
from techniques.diagrams import AREA_LABELS, pain_map_svg

THERAPIST, CLIENT = "therapist", "client"
AUDIENCES = (THERAPIST, CLIENT)

PREGNANCY, BLOOD_THINNERS = "CI08", "CI12"
SITE_CODES = sorted(vocab.SITE_CONTRAINDICATIONS)
# Pregnancy has its own tick box, so it is not offered twice.
LISTED_CONTRAINDICATIONS = sorted(vocab.ENTERED_CONTRAINDICATIONS - {PREGNANCY, *SITE_CODES})
# Found by examining the client, so a client filling in their own form is not asked.
THERAPIST_FINDINGS = frozenset({"PS04", "PS07", "SC08", "SC09"})
# Age comes from the date of birth, so the client is not asked about it either.
NOT_ASKED_OF_CLIENTS = THERAPIST_FINDINGS | {"RF18"}

# The sciatica and deep-gluteal signs, asked only once leg symptoms are reported.
LEG_SIGNS = frozenset(
    code
    for code, symptom in vocab.SYMPTOMS.items()
    if symptom.pattern in (vocab.SCIATICA, vocab.DEEP_GLUTEAL)
)
# Pain-map areas along the sciatic nerve: marking one counts as reporting leg symptoms.
LEG_AREAS = tuple(
    f"{part}_{side}" for part in ("buttock", "back_thigh", "calf", "foot") for side in vocab.SIDES
)

# The form's sections in page order: (id, therapist title, client title). The template
# draws them; the stepper (static/js/intake.js) shows one at a time.
SECTIONS = (
    ("step-pain", "Where it hurts", "Where it hurts"),
    ("step-legs", "Leg symptoms and sciatica", "Your legs"),
    ("step-red-flags", "Red flags", "Warning signs"),
    ("step-health", "Contraindications and medicines", "Your health and medicines"),
    ("step-consent", "Goals and consent", "Your goals and agreement"),
)
# Fields in the order the page shows them, for the error summary at its top.
PAGE_ORDER = (
    "new_onset",
    "pain_now",
    "pain_regions",
    "symptoms",
    "leg_symptoms",
    "red_flags",
    "contraindications",
    "pregnant",
    *(f"site_{code}{suffix}" for code in SITE_CODES for suffix in ("", "_regions")),
    "blood_thinners",
    "medications",
    "history",
    "goals",
    "guardian_name",
    "guardian_relationship",
    "consent_name",
)

NEW_ONSET_CHOICES = {
    THERAPIST: [("True", "Yes"), ("False", "No"), ("", "Not recorded")],
    CLIENT: [("True", "Yes"), ("False", "No"), ("", "Not sure")],
}

COPY: dict[str, dict[str, str]] = {
    THERAPIST: {
        "new_onset": "New episode of back pain?",
        "pain_now": "Pain now (0–10)",
        "symptoms": "Signs reported or found",
        "leg_signs": "Leg and buttock signs reported or found",
        "leg_symptoms": "Pain, numbness, tingling or weakness in a buttock or leg?",
        "leg_symptoms_help": "Yes shows the sciatica questions; marking the buttock, back of "
        "thigh, calf or foot on the pain map does too.",
        "red_flags": "Red flags reported",
        "contraindications": "Contraindications present",
        "pain_regions": "Pain map",
        "pregnant": "Pregnant (CI08)",
        "blood_thinners": "Takes blood thinners (CI12)",
        "medications": "Medications",
        "medications_help": "Tick “Takes blood thinners” above if any of them thin the blood "
        "(anticoagulants or antiplatelets); note long-term steroids too.",
        "history": "Relevant history",
        "goals": "Client's goals",
        "guardian_name": "Parent or guardian's name",
        "guardian_relationship": "Their relationship to the client",
        "consent_name": "Consent: the name the client (or guardian) types",
        "consent_help": "Needed to sign. Read the consent text with the client first.",
        "consent_missing": "Type the client's name as their consent before signing.",
        "guardian_name_missing": "The client is under 18: give a parent or guardian's name.",
        "guardian_relationship_missing": "The client is under 18: say how the guardian is "
        "related to them.",
        "site": "{label} ({code})",
        "site_regions": "Site of {code}",
        "site_missing": "Choose the site of {code}.",
        "pain_scale": "Pain is scored from 0 to 10.",
    },
    CLIENT: {
        "new_onset": "Is this a new bout of back pain?",
        "new_onset_help": "Yes if it started recently, or came back after a time without pain.",
        "pain_now": "How bad is your pain right now?",
        "pain_now_help": "0 means no pain, 10 the worst pain you can imagine.",
        "symptoms": "Do you have any of these? Tick all that apply.",
        "leg_signs": "Do you have any of these in a leg or buttock? Tick all that apply.",
        "leg_symptoms": "Do you have pain, numbness, tingling or weakness in a buttock or leg?",
        "red_flags": "Do you have any of these right now? Tick all that apply.",
        "contraindications": "Do any of these apply to you at the moment?",
        "pain_regions": "Where do you feel pain?",
        "pregnant": "I am pregnant, or might be",
        "blood_thinners": "I take medicine that thins my blood (for example warfarin, "
        "apixaban, rivaroxaban or clopidogrel)",
        "medications": "Which medicines do you take?",
        "medications_help": "Include tablets, injections and creams. If any of them thin "
        "your blood, tick the box about blood thinners too.",
        "history": "Anything else about your health we should know?",
        "history_help": "For example operations, injuries, or long-term conditions.",
        "goals": "What would you like massage to help with?",
        "guardian_name": "Name of the parent or guardian",
        "guardian_relationship": "Relationship to the person having massage",
        "consent_name": "Type your full name to agree",
        "consent_missing": "Please type your name to show that you agree.",
        "guardian_name_missing": "For someone under 18, please give a parent or guardian's name.",
        "guardian_relationship_missing": "Please say how the parent or guardian is related "
        "to the person having massage.",
        "site": "{label}",
        "site_regions": "Where is it?",
        "site_missing": "Please tick where it is.",
        "pain_scale": "Please give a number from 0 to 10.",
    },
}


def code_label(kind: dict[str, Any], code: str, audience: str) -> str:
    """A code in the audience's words: shorthand plus code for therapists, plain for clients."""
    item = kind[code]
    if audience == CLIENT:
        return item.client_label[:1].upper() + item.client_label[1:]
    return f"{item.label[:1].upper()}{item.label[1:]} ({code})"


def contraindication_label(text: str, audience: str = THERAPIST) -> str:
    """A stored contraindication such as "CI15:GLUT" in words."""
    code, _, site = text.partition(":")
    label = code_label(vocab.CONTRAINDICATIONS, code, audience)
    return f"{label} at {vocab.REGIONS[site].label} ({site})" if site else label


def describe(intake: Intake) -> dict[str, list[str]]:
    """The coded answers of an intake in therapist wording, for its read-only page."""
    return {
        "symptoms": [code_label(vocab.SYMPTOMS, c, THERAPIST) for c in sorted(intake.symptoms)],
        "red_flags": [code_label(vocab.RED_FLAGS, c, THERAPIST) for c in sorted(intake.red_flags)],
        "contraindications": [contraindication_label(c) for c in sorted(intake.contraindications)],
        "pain_regions": [AREA_LABELS[c] for c in vocab.PAIN_REGIONS if c in intake.pain_regions],
    }


def saved_answers(intake: Intake) -> list[tuple[str, str]]:
    """A stored intake as (label, text) pairs, shown read-only beside an unsaved edit."""
    words = describe(intake)
    rows = [
        ("New episode", {True: "Yes", False: "No"}.get(intake.new_onset, "Not recorded")),
        ("Pain now", "Not recorded" if intake.pain_now is None else f"{intake.pain_now}/10"),
        ("Signs", ", ".join(words["symptoms"])),
        ("Red flags", ", ".join(words["red_flags"])),
        ("Contraindications", ", ".join(words["contraindications"])),
        ("Pain map", ", ".join(words["pain_regions"])),
        ("Medications", intake.medications),
        ("History", intake.history),
        ("Goals", intake.goals),
    ]
    if intake.guardian_name or intake.guardian_relationship:
        relationship = f" ({intake.guardian_relationship})" if intake.guardian_relationship else ""
        rows.append(("Parent or guardian", intake.guardian_name + relationship))
    rows.append(("Consent (typed name)", intake.consent_name))
    return [(label, text.strip() or "—") for label, text in rows]


def _checkboxes(label: str = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, required=False, widget=forms.CheckboxSelectMultiple
    )


# The answers an intake holds; "Start a new intake from this one" copies these, never the consent.
ANSWER_FIELDS = (
    "new_onset",
    "pain_now",
    "symptoms",
    "red_flags",
    "contraindications",
    "pain_regions",
    "pregnant",
    "blood_thinners",
    "medications",
    "history",
    "goals",
    "guardian_name",
    "guardian_relationship",
)

# Every answer the form writes to the model (the consent name too).
STORED_FIELDS = frozenset({*ANSWER_FIELDS, "consent_name"})


class IntakeForm(forms.ModelForm):
    """Validates and normalises an intake; `audience` picks the wording ("therapist"/"client").

    `require_consent` makes the typed consent name compulsory (signing, self-intake).
    """

    new_onset = forms.TypedChoiceField(
        coerce=lambda value: value == "True",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    pain_now = forms.IntegerField(
        min_value=0,
        max_value=10,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "pain-now-input"}),
    )
    contraindications = _checkboxes()
    # Not stored: it opens the leg questions, and is worked out again from the answers.
    leg_symptoms = forms.TypedChoiceField(
        coerce=lambda value: value == "True",
        empty_value=None,
        required=False,
        choices=[("True", "Yes"), ("False", "No")],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Intake
        fields = [*ANSWER_FIELDS, "consent_name"]
        widgets = {
            "medications": forms.Textarea(attrs={"rows": 2}),
            "history": forms.Textarea(attrs={"rows": 3}),
            "goals": forms.Textarea(attrs={"rows": 2}),
            "consent_name": forms.TextInput(attrs={"autocomplete": "name"}),
        }

    def __init__(self, *args, client, audience: str = THERAPIST, require_consent=False, **kw):
        if audience not in AUDIENCES:
            raise ValueError(f"Unknown audience: {audience!r}")
        super().__init__(*args, **kw)
        self.client, self.audience, self.require_consent = client, audience, require_consent
        self.copy = COPY[audience]
        for code in SITE_CODES:
            self.fields[f"site_{code}"] = forms.BooleanField(required=False)
            self.fields[f"site_{code}_regions"] = _checkboxes()
        if not client.is_minor:
            del self.fields["guardian_name"], self.fields["guardian_relationship"]
        self._word_fields()
        self._split_stored_contraindications()
        if LEG_SIGNS & set(self.instance.symptoms or []):
            self.initial.setdefault("leg_symptoms", True)
        if self.instance.pk is not None:  # an edit, which may meet someone else's
            add_revision_field(self, self.instance.revision)

    # --- Wording ---------------------------------------------------------------------

    def _word_fields(self) -> None:
        audience, copy, fields = self.audience, self.copy, self.fields
        for name, field in fields.items():
            if name in copy:
                field.label = copy[name]
            field.help_text = copy.get(f"{name}_help", "")
        fields["new_onset"].choices = NEW_ONSET_CHOICES[audience]
        fields["pain_now"].error_messages.update(
            {"min_value": copy["pain_scale"], "max_value": copy["pain_scale"]}
        )
        fields["pain_now"].widget.attrs.update({"min": 0, "max": 10})
        fields["medications"].help_text = copy["medications_help"]
        fields["consent_name"].help_text = copy.get("consent_help", "")
        asked = (lambda code: code not in NOT_ASKED_OF_CLIENTS) if audience == CLIENT else bool
        for name, kind in (("symptoms", vocab.SYMPTOMS), ("red_flags", vocab.RED_FLAGS)):
            fields[name].choices = [(c, code_label(kind, c, audience)) for c in kind if asked(c)]
        fields["contraindications"].choices = [
            (c, code_label(vocab.CONTRAINDICATIONS, c, audience)) for c in LISTED_CONTRAINDICATIONS
        ]
        fields["pain_regions"].choices = list(AREA_LABELS.items())
        for code in SITE_CODES:
            words = {"code": code, "label": code_label(vocab.CONTRAINDICATIONS, code, audience)}
            if audience == THERAPIST:
                words["label"] = vocab.CONTRAINDICATIONS[code].label.capitalize()
            fields[f"site_{code}"].label = copy["site"].format(**words)
            fields[f"site_{code}_regions"].label = copy["site_regions"].format(**words)
            fields[f"site_{code}_regions"].choices = [
                (r, self._region_label(r)) for r in vocab.REGIONS
            ]

    def _region_label(self, code: str) -> str:
        if self.audience == CLIENT:
            return code_label(vocab.REGIONS, code, CLIENT)
        return f"{vocab.REGIONS[code].label.split(' (')[0].capitalize()} ({code})"

    def _split_stored_contraindications(self) -> None:
        """Spread the stored codes over the tick boxes they were entered with."""
        stored = list(self.instance.contraindications or [])
        thinners = self.instance.blood_thinners
        self.initial["pregnant"] = self.instance.pregnant or PREGNANCY in stored
        self.initial["contraindications"] = [
            code
            for code in stored
            if code in LISTED_CONTRAINDICATIONS and not (code == BLOOD_THINNERS and thinners)
        ]
        for code in SITE_CODES:
            regions = [text.partition(":")[2] for text in stored if text.startswith(f"{code}:")]
            self.initial[f"site_{code}"] = bool(regions)
            self.initial[f"site_{code}_regions"] = regions

    @property
    def for_client(self) -> bool:
        return self.audience == CLIENT

    def pain_map(self) -> str:
        """The clickable body chart, showing the areas currently ticked."""
        marked = [code for code in self["pain_regions"].value() or [] if code in AREA_LABELS]
        # Drawn by our own code from known codes, with labels escaped there.
        return mark_safe(pain_map_svg(marked, id_prefix="pm"))  # nosec B308 B703  # see above

    def site_groups(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        """Each site code's tick box with its regions, for the template."""
        return [(self[f"site_{code}"], self[f"site_{code}_regions"]) for code in SITE_CODES]

    def sections(self) -> list[tuple[str, str]]:
        """(id, title) of each section of the page, in order."""
        return [(key, client if self.for_client else mine) for key, mine, client in SECTIONS]

    def symptom_boxes(self) -> tuple[list, list]:
        """The symptom tick boxes split in two: the general signs, and the leg signs asked
        only once leg symptoms are reported (their ids stay the field's)."""
        general, legs = [], []
        for box in self["symptoms"]:
            (legs if box.data["value"] in LEG_SIGNS else general).append(box)
        return general, legs

    @property
    def leg_areas(self) -> str:
        return " ".join(LEG_AREAS)

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor id, label) of every answer in error, in page order, for the list at the
        top of the page (each message stays beside its answer); errors about the whole
        form come first, in full and with no anchor."""
        rows = [("", str(error)) for error in self.non_field_errors()]
        for name in sorted(self.errors, key=_page_position):
            if name == NON_FIELD_ERRORS or name not in self.fields:
                continue
            field = self[name]
            anchor = field.auto_id
            if isinstance(field.field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                anchor = f"{anchor}_0"  # the first box or button of the group
            rows.append((anchor, str(field.label or name)))
        return rows

    # --- Validation ------------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["contraindications"] = self._all_contraindications(data)
        for name in ("guardian_name", "guardian_relationship"):
            if name in self.fields and not data.get(name):
                self.add_error(name, self.copy[f"{name}_missing"])
        if self.require_consent and not data.get("consent_name"):
            self.add_error("consent_name", self.copy["consent_missing"])
        self._check_answers(data)
        return data

    def _all_contraindications(self, data: dict[str, Any]) -> list[str]:
        codes = set(data.get("contraindications") or [])
        if data.get("pregnant"):
            codes.add(PREGNANCY)
        if data.get("blood_thinners"):
            codes.add(BLOOD_THINNERS)
        for code in SITE_CODES:
            regions = data.get(f"site_{code}_regions") or []
            if data.get(f"site_{code}") and not regions:
                self.add_error(f"site_{code}_regions", self.copy["site_missing"].format(code=code))
            codes.update(f"{code}:{region}" for region in regions)
        return sorted(codes)

    def _check_answers(self, data: dict[str, Any]) -> None:
        """The screening rules' own validation, as a last guard on what gets stored."""
        answers: dict[str, Any] = {
            key: list(data.get(key) or [])
            for key in ("symptoms", "red_flags", "contraindications", "pain_regions")
        }
        age = self.client.age_on()
        for key, value in (("age", age), *((k, data.get(k)) for k in ("new_onset", "pain_now"))):
            if value is not None:
                answers[key] = value
        try:
            validate_answers(answers)
        except AnswerError as error:
            field = re.match(r"\w*", error.field).group()
            self.add_error(field if field in self.fields else None, str(error))


def _page_position(name: str) -> int:
    return PAGE_ORDER.index(name) if name in PAGE_ORDER else len(PAGE_ORDER)


class SignIntakeForm(forms.Form):
    """Checks that a draft can be signed: consent given, a guardian named for a minor."""

    def __init__(self, *args, intake: Intake, **kwargs):
        super().__init__(*args, **kwargs)
        self.intake = intake

    def clean(self) -> dict[str, Any]:
        intake = self.intake
        if intake.is_signed:
            raise forms.ValidationError("This intake is signed already.")
        if not intake.consent_name:
            raise forms.ValidationError(
                "The client's consent is missing: type their name in the consent box, then sign."
            )
        if intake.client.is_minor and not (intake.guardian_name and intake.guardian_relationship):
            raise forms.ValidationError(
                "The client is under 18: add a parent or guardian and their relationship first."
            )
        return super().clean()
