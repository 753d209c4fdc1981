"""Admin for the technique library: site admins curate entries and contraindication wording."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from clinic.images import clean_uploaded_image
from techniques import illustrations
from techniques import vocabulary as vocab
from techniques.diagrams import region_diagram_svg
from techniques.doses import dose_warnings
from techniques.models import (
    PATTERN_CHOICES,
    SYMPTOM_CHOICES,
    Contraindication,
    Entry,
    Kind,
)

# --- Entries -----------------------------------------------------------------------


class EntryAdminForm(forms.ModelForm):
    class Meta:
        model = Entry
        fields = [
            "kind",
            "name",
            "slug",
            "regions",
            "modality",
            "role",
            "default_minutes",
            "indications",
            "patterns",
            "hold_min",
            "hold_max",
            "hold_unit",
            "repetitions",
            "sets",
            "per_side",
            "frequency",
            "dose_note",
            "needs_client_switch",
            "summary",
            "steps",
            "cautions",
            "image",
            "image_alt",
            "extra_contraindications",
            "published",
        ]
        # A plain file field: the picture is checked once, by clean_uploaded_image,
        # rather than also by Django's ImageField with different wording.
        field_classes = {"image": forms.FileField}

    use_drawn = forms.BooleanField(
        label="Use the drawn illustration",
        required=False,
        help_text="Removes the uploaded picture: pages, sheets and PDFs show the drawing again.",
    )

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if isinstance(image, UploadedFile):  # a new upload, not the stored picture
            return clean_uploaded_image(image)
        return image

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not illustrations.has_drawing(self.instance.slug or ""):
            self.fields["use_drawn"].label = "Remove the uploaded picture"
            self.fields["use_drawn"].help_text = "Pages, sheets and PDFs show the region diagram."
        # Seventeen signs read better in columns (see techniques/admin.css).
        for name in ("indications", "patterns"):
            self.fields[name].widget.attrs["class"] = "code-columns"

    def clean_extra_contraindications(self):
        chosen = self.cleaned_data.get("extra_contraindications")
        if self.instance.pk and self.instance.first_used and chosen is not None:
            before = set(self.instance.extra_contraindications.values_list("code", flat=True))
            dropped = sorted(before - {ci.code for ci in chosen})
            if dropped:
                raise forms.ValidationError(
                    "This entry is in use in plans or issued sheets, so its extra "
                    f"contraindications can be added to but not removed ({', '.join(dropped)})."
                )
        return chosen

    def clean(self):
        data = super().clean()
        # A read-only kind (a shipped or used entry) is not posted: check against the stored.
        kind = data.get("kind", self.instance.kind)
        if kind == Kind.TECHNIQUE:
            if not data.get("role"):
                self.add_error(
                    "role",
                    "A session technique needs its place in a plan: warm-up, main work "
                    "or finishing.",
                )
            if not data.get("default_minutes"):
                self.add_error(
                    "default_minutes", "A session technique needs the minutes it takes in a plan."
                )
        elif kind == Kind.SELF_CARE and data.get("role"):
            self.add_error(
                "role",
                "A self-care item is done at home, not in a session plan: leave this empty.",
            )
        if data.get("image") is False and "image_alt" not in self.changed_data:
            data["image_alt"] = ""  # "Clear" ticked: the description went with the picture
        if data.get("use_drawn"):
            if self.files.get(self.add_prefix("image")):  # a new upload came with it
                self.add_error(
                    "use_drawn",
                    "Either upload a picture or go back to the drawn illustration, not both.",
                )
            else:
                data["image"] = False  # a cleared file field, as the "Clear" box gives
                if "image_alt" not in self.changed_data:
                    data["image_alt"] = ""  # it described the picture just removed
        hold_min, hold_max = data.get("hold_min"), data.get("hold_max")
        if hold_min is None and hold_max is not None:
            self.add_error(
                "hold_min", "Give the hold time here; “hold to” is only for the end of a range."
            )
        if hold_min is not None and hold_max is not None and hold_max < hold_min:
            self.add_error("hold_max", "The end of the range can't be shorter than its start.")
        if (hold_min is not None or hold_max is not None) and not data.get("hold_unit"):
            self.add_error("hold_unit", "Say whether the hold is in seconds or minutes.")
        return data


class ClientSwitchFilter(admin.BooleanFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = "needing a per-client switch"


class IndicationFilter(admin.SimpleListFilter):
    title = "sign it suits"
    parameter_name = "indication"

    def lookups(self, request, model_admin):
        return SYMPTOM_CHOICES

    def queryset(self, request, queryset):
        if self.value() in vocab.SYMPTOMS:
            return queryset.filter(indications__contains=self.value())
        return queryset


class PatternFilter(admin.SimpleListFilter):
    """Entries of a pattern as the rest of the site sees them: self-care tagged with it
    or with "all", and session techniques indicated by one of its signs."""

    title = "pattern"
    parameter_name = "pattern"

    def lookups(self, request, model_admin):
        return PATTERN_CHOICES

    def queryset(self, request, queryset):
        value = self.value()
        if value == "all":
            return queryset.filter(patterns__contains="all")
        if value in vocab.PATTERNS:
            return queryset.for_pattern(value)
        return queryset


class RegionFilter(admin.SimpleListFilter):
    title = "region"
    parameter_name = "region"

    def lookups(self, request, model_admin):
        return [(code, code) for code in vocab.REGIONS]

    def queryset(self, request, queryset):
        if self.value() in vocab.REGIONS:
            # Region codes never contain one another: "contains" matches one code exactly.
            return queryset.filter(regions__contains=self.value())
        return queryset


def _small_diagram(regions) -> str:
    # Width and height attributes keep it small even without the stylesheet.
    return region_diagram_svg(regions).replace("<svg ", '<svg width="40" height="44" ', 1)


# What screening reads from an entry (SCREENING.md section 4, rule 4).
SAFETY_FIELDS = ("kind", "regions", "modality", "needs_client_switch", "extra_contraindications")


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    form = EntryAdminForm
    list_display = [
        "thumbnail",
        "name",
        "kind_short",
        "region_code",
        "modality_code",
        "role",
        "minutes",
        "published",
        "site_link",
    ]
    list_display_links = ["name"]
    list_filter = [
        "kind",
        RegionFilter,
        "modality",
        "published",
        ("needs_client_switch", ClientSwitchFilter),
        IndicationFilter,
        PatternFilter,
    ]
    search_fields = ["name", "summary", "steps", "slug"]
    prepopulated_fields = {"slug": ("name",)}
    radio_fields = {"kind": admin.HORIZONTAL}
    filter_horizontal = ["extra_contraindications"]
    readonly_fields = ["illustration_preview", "diagram_preview", "created", "updated"]
    actions = ["publish", "unpublish"]

    def get_readonly_fields(self, request, obj=None):
        """Screening, plans and issued sheets refer to entries by slug: it never changes.
        What screening reads is fixed for the shipped entries, and for an entry an admin
        added once it is used in a plan or an issued sheet (then only extra
        contraindications may be added, never removed: see EntryAdminForm)."""
        fields = list(self.readonly_fields)
        if obj is None:
            return fields
        fields.append("slug")
        if obj.is_shipped:
            fields += SAFETY_FIELDS
        elif obj.first_used:
            fields += [name for name in SAFETY_FIELDS if name != "extra_contraindications"]
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj else self.prepopulated_fields

    fieldsets = [
        (
            "What it is",
            {
                "description": "A session technique is what the therapist does; a self-care "
                "item is what the client does at home and goes on care sheets.",
                "fields": ["kind", "name", "slug"],
            },
        ),
        (
            "Where and how",
            {
                "description": "Screening uses these to block the entry for clients with a "
                "matching contraindication. They are fixed for the shipped entries, and for "
                "your own once used in a plan or an issued sheet.",
                "fields": ["regions", "modality"],
            },
        ),
        (
            "In a session",
            {
                "description": "Session techniques only: how the session planner places "
                "and ranks this technique.",
                "fields": ["role", "default_minutes", "indications"],
            },
        ),
        (
            "On self-care sheets",
            {
                "description": "Self-care items only. Usual doses: stretches held 10–30 "
                "seconds (30–60 for older adults), 2–4 times; ball or foam roller 30–120 "
                "seconds per muscle. Therapists can change the dose for each client.",
                "fields": [
                    "patterns",
                    ("hold_min", "hold_max", "hold_unit"),
                    ("repetitions", "sets", "per_side"),
                    "frequency",
                    "dose_note",
                    "needs_client_switch",
                ],
            },
        ),
        (
            "Words",
            {
                "description": "Plain words for therapists and clients. Never promise a "
                "cure; say when to stop.",
                "fields": ["summary", "steps", "cautions"],
            },
        ),
        (
            "Illustration",
            {
                "description": "Pages, sheets and PDFs show the uploaded picture when there "
                "is one, otherwise the drawn illustration (or, for an entry without one, the "
                "region diagram).",
                "fields": [
                    "illustration_preview",
                    "image",
                    "use_drawn",
                    "image_alt",
                    "diagram_preview",
                ],
            },
        ),
        (
            "Safety",
            {
                "description": "Region and modality already block this entry where "
                "screening says so; add conditions here only when they should block it too.",
                "fields": ["extra_contraindications"],
            },
        ),
        ("Publishing", {"fields": ["published", "created", "updated"]}),
    ]

    class Media:
        css = {"all": ["techniques/admin.css"]}

    @admin.display(description="Picture")
    def thumbnail(self, obj: Entry) -> str:
        if obj.image:
            return format_html(
                '<img src="{}" alt="{}" class="library-thumb" height="44">',
                obj.image.url,
                obj.illustration_alt,
            )
        if obj.drawing_svg:
            return format_html(
                '<span class="library-thumb library-thumb-wide">{}</span>',
                # width and height keep it small even without the stylesheet
                mark_safe(obj.drawing_svg.replace("<svg ", '<svg width="76" height="44" ', 1)),  # nosec B308 B703  # our SVG
            )
        return format_html(
            '<span class="library-thumb">{}</span>',
            mark_safe(_small_diagram(obj.regions)),  # nosec B308 B703  # our SVG
        )

    @admin.display(description="Kind", ordering="kind")
    def kind_short(self, obj: Entry) -> str:
        return "Technique" if obj.is_technique else "Self-care"

    @admin.display(description="Minutes", ordering="default_minutes")
    def minutes(self, obj: Entry) -> int | None:
        return obj.default_minutes

    @admin.display(description="Regions", ordering="regions")
    def region_code(self, obj: Entry) -> str:
        if not obj.regions:
            return "–"
        return format_html(
            '<abbr title="{}">{}</abbr>', "; ".join(obj.region_labels), ", ".join(obj.regions)
        )

    @admin.display(description="Modality", ordering="modality")
    def modality_code(self, obj: Entry) -> str:
        return format_html('<abbr title="{}">{}</abbr>', obj.get_modality_display(), obj.modality)

    @admin.display(description="Page")
    def site_link(self, obj: Entry) -> str:
        return format_html(
            '<a href="{}" aria-label="View {} in the library">View</a>',
            obj.get_absolute_url(),
            obj.name,
        )

    @admin.display(description="Drawn illustration")
    def illustration_preview(self, obj: Entry) -> str:
        if not obj.drawing_svg:
            return "This entry has no drawing: without a picture, the region diagram is shown."
        note = " (an uploaded picture replaces it)" if obj.image else ""
        return format_html(
            '<div class="library-illustration">{}</div><p class="help">{}{}</p>',
            mark_safe(obj.drawing_svg),  # nosec B308 B703  # our SVG, text escaped
            illustrations.drawn_alt(obj.slug),
            note,
        )

    @admin.display(description="Region diagram")
    def diagram_preview(self, obj: Entry) -> str:
        return format_html(
            '<div class="library-diagram">{}</div>',
            mark_safe(region_diagram_svg(obj.regions)),  # nosec B308 B703  # our SVG
        )

    def view_on_site(self, obj: Entry) -> str:
        return obj.get_absolute_url()

    # The dose notes follow Django's "saved" message, so they are added after it.
    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        self._warn_about_dose(request, obj)
        return response

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        self._warn_about_dose(request, obj)
        return response

    def _warn_about_dose(self, request, obj: Entry) -> None:
        for note in dose_warnings(obj):
            messages.warning(request, f"Saved, but please check the dose. {note}")

    @admin.action(description="Publish selected entries", permissions=["change"])
    def publish(self, request, queryset):
        self._set_published(request, queryset, True)

    @admin.action(description="Unpublish selected entries", permissions=["change"])
    def unpublish(self, request, queryset):
        self._set_published(request, queryset, False)

    def _set_published(self, request, queryset, published: bool) -> None:
        count = queryset.exclude(published=published).update(
            published=published, updated=timezone.now()
        )
        noun = "entry" if count == 1 else "entries"
        verb = "published" if published else "unpublished"
        self.message_user(request, f"{count} {noun} {verb}.", messages.SUCCESS)


# --- Contraindications -------------------------------------------------------------


@admin.register(Contraindication)
class ContraindicationAdmin(admin.ModelAdmin):
    """Read-only: the codes, their wording and what they block live in
    techniques/vocabulary.py, the one place every page reads them from, so a label
    changed here could never reach the pages."""

    list_display = [
        "code",
        "label",
        "client_label",
        "contraindication_class",
        "blocked_regions",
        "blocked_modalities",
        "takes_site",
    ]
    search_fields = ["code", "label", "client_label"]
    fields = [
        "code",
        "label",
        "client_label",
        "contraindication_class",
        "blocked_regions",
        "blocked_modalities",
        "takes_site",
    ]
    readonly_fields = [
        "code",
        "contraindication_class",
        "blocked_regions",
        "blocked_modalities",
        "takes_site",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="class")
    def contraindication_class(self, obj: Contraindication) -> str:
        return obj.rule.class_ if obj.rule else "not in the vocabulary"

    @admin.display(description="blocks regions")
    def blocked_regions(self, obj: Contraindication) -> str:
        return self._blocked(obj, "regions")

    @admin.display(description="blocks modalities")
    def blocked_modalities(self, obj: Contraindication) -> str:
        return self._blocked(obj, "modalities")

    @admin.display(description="needs a site", boolean=True)
    def takes_site(self, obj: Contraindication) -> bool | None:
        return obj.rule.takes_site if obj.rule else None

    @staticmethod
    def _blocked(obj: Contraindication, attribute: str) -> str:
        rule = obj.rule
        if rule is None:
            return "–"
        if rule.blocks_all:
            return "all"
        if rule.takes_site and attribute == "regions":
            return "the site the client names"
        return ", ".join(sorted(getattr(rule, attribute))) or "–"
