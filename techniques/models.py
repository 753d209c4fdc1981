"""The technique library: session techniques, self-care items and the contraindication labels."""

from __future__ import annotations

from django.contrib.postgres.search import TrigramStrictWordSimilarity
from django.db import connection, models
from django.db.models import Case, Expression, FloatField, Func, Q, Value, When
from django.db.models.functions import Greatest, Least
from django.urls import reverse
from django.utils import timezone

from clinic.validators import no_control_characters
from techniques import illustrations, search
from techniques import vocabulary as vocab
from techniques.fields import CodeListField
from techniques.migrations._library_v1 import ENTRIES as _SHIPPED_ENTRIES

# The starting library's entries (LIBRARY.md): what screening reads from them never changes.
SHIPPED_SLUGS = frozenset(entry["slug"] for entry in _SHIPPED_ENTRIES)


class Kind(models.TextChoices):
    TECHNIQUE = "technique", "Session technique"
    SELF_CARE = "self_care", "Self-care item"


class Role(models.TextChoices):
    WARM_UP = "warm-up", "Warm-up"
    MAIN = "main", "Main work"
    FINISH = "finish", "Finishing"


class HoldUnit(models.TextChoices):
    SECONDS = "s", "seconds"
    MINUTES = "min", "minutes"


REGION_CHOICES = [(code, f"{code} – {region.label}") for code, region in vocab.REGIONS.items()]
MODALITY_CHOICES = [(code, f"{code} – {m.label}") for code, m in vocab.MODALITIES.items()]
SYMPTOM_CHOICES = [(code, f"{code} – {s.label}") for code, s in vocab.SYMPTOMS.items()]
PATTERN_CHOICES = [(code, p.label) for code, p in vocab.PATTERNS.items()] + [
    ("all", "all (advice for everyone)")
]


class Contraindication(models.Model):
    """A contraindication code with the wording admins may adjust.

    The code's class and what it blocks are fixed in techniques.vocabulary; a system
    check reports any code that is missing here or unknown there.
    """

    code = models.CharField(max_length=4, primary_key=True)
    label = models.CharField(
        max_length=200, help_text="Short clinical wording shown to therapists."
    )
    client_label = models.CharField(
        max_length=200, help_text="Plain-language wording shown to clients on sheets."
    )

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.label}"

    @property
    def rule(self) -> vocab.Contraindication | None:
        return vocab.CONTRAINDICATIONS.get(self.code)


class EntryQuerySet(models.QuerySet):
    def published(self) -> EntryQuerySet:
        return self.filter(published=True)

    def mark_used(self) -> int:
        """Entries just put in a plan or an issued sheet: their safety fields freeze."""
        return self.filter(first_used__isnull=True).update(first_used=timezone.now())

    def techniques(self) -> EntryQuerySet:
        return self.filter(kind=Kind.TECHNIQUE)

    def self_care(self) -> EntryQuerySet:
        return self.filter(kind=Kind.SELF_CARE)

    def for_pattern(self, pattern: str) -> EntryQuerySet:
        """Entries that belong to a pattern: self-care tagged with it (or 'all'),
        session techniques indicated by one of its signs."""
        signs = [code for code, s in vocab.SYMPTOMS.items() if s.pattern == pattern]
        by_sign = Q()
        for code in signs:
            by_sign |= Q(indications__contains=code)
        return self.filter(
            Q(patterns__contains=pattern)
            | Q(patterns__contains="all")
            | (Q(kind=Kind.TECHNIQUE) & by_sign)
        )

    def containing(self, text: str) -> EntryQuerySet:
        """Entries whose name, summary, steps or slug contain the text as typed: the first
        rank of `search`, and how the admin's own search matches."""
        text = text.strip()
        return self.filter(_containing(text)) if text else self

    def search(self, text: str) -> EntryQuerySet:
        """Entries answering the text, best first: those containing it as typed; then those
        containing a synonym of it or tagged with the pattern it names; then those with a
        word like each word typed (typos), most alike first. The queryset's own order
        breaks ties, and the matches stay a queryset for the paginator."""
        query = search.normalise(text)
        if not query:
            return self
        meanings = search.phrases(query)
        typed = _containing(query)
        meant = [_containing(phrase) for phrase in meanings[1:]]
        meant += [Q(patterns__contains=code) for code in search.pattern_codes(meanings)]
        rank = [When(typed, then=0)] + [When(condition, then=1) for condition in meant]
        matches = self.annotate(
            search_rank=Case(*rank, default=2),
            search_similarity=self._similarity(meanings),
        ).filter(typed | Q(*meant, _connector=Q.OR) | Q(search_similarity__gte=search.THRESHOLD))
        ordering = self.query.order_by or self.model._meta.ordering
        return matches.order_by("search_rank", "-search_similarity", *ordering)

    def _similarity(self, meanings: list[str]) -> Expression:
        """How close an entry comes to the closest phrase (techniques.search.similarity).
        PostgreSQL measures it with pg_trgm; SQLite has no trigram extension, so the
        entries in hand are measured in Python (one query, however many) and the scores
        go back into SQL as a CASE on the primary key."""
        if connection.vendor == "postgresql":
            return _trigram_similarity(meanings)
        close = []
        for pk, *texts in self.values_list("pk", *SEARCHED):
            score = search.best_similarity(meanings, texts)
            if score >= search.THRESHOLD:
                close.append(When(pk=pk, then=Value(score)))
        return Case(*close, default=Value(0.0), output_field=FloatField())


# Where a typo is forgiven; the steps count only when they contain the text as typed.
SEARCHED = ("name", "summary", "slug")


def _trigram_similarity(meanings: list[str]) -> Expression:
    """techniques.search.similarity in PostgreSQL: for each phrase, the least close of its
    words, each word's closeness being pg_trgm's strict_word_similarity with the nearest
    words of the name, summary or slug; then the best phrase."""

    def word_closeness(word: str) -> Expression:
        return Greatest(*(TrigramStrictWordSimilarity(word, field) for field in SEARCHED))

    def phrase_closeness(phrase: str) -> Expression:
        closeness = [word_closeness(word) for word in search.query_words(phrase)]
        return _one_of(Least, closeness) if closeness else Value(0.0)

    return _one_of(Greatest, [phrase_closeness(phrase) for phrase in meanings])


def _one_of(function: type[Func], expressions: list[Expression]) -> Expression:
    """Greatest or Least of the expressions; SQL needs two or more, so one stands alone."""
    return expressions[0] if len(expressions) == 1 else function(*expressions)


def _containing(text: str) -> Q:
    return (
        Q(name__icontains=text)
        | Q(summary__icontains=text)
        | Q(steps__icontains=text)
        | Q(slug__icontains=text)
    )


class Entry(models.Model):
    """One library entry: a technique the therapist performs or a self-care item for home."""

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TECHNIQUE)
    name = models.CharField(
        max_length=120,
        help_text="The title therapists and clients see.",
        validators=[no_control_characters],
    )
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text="The entry's permanent web address and code used by screening. Don't change it once in use.",
    )
    regions = CodeListField(
        choices=REGION_CHOICES,
        blank=True,
        max_length=40,
        help_text="The body regions worked on. Screening blocks the entry when any of them is "
        "blocked. Leave empty for advice that touches no region.",
    )
    modality = models.CharField(
        max_length=8,
        choices=MODALITY_CHOICES,
        help_text="How the region is worked. Screening blocks the entry when this modality is blocked; "
        "ADVICE is never blocked except by a site condition on its own region.",
    )
    indications = CodeListField(
        choices=SYMPTOM_CHOICES,
        blank=True,
        help_text="Reported signs this technique suits; the session planner ranks by them.",
    )
    role = models.CharField(
        max_length=10,
        choices=Role.choices,
        blank=True,
        help_text="Session techniques: where it goes in a plan (warm-up first, finishing last).",
    )
    default_minutes = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Session techniques: minutes it takes in a plan by default.",
    )
    patterns = CodeListField(
        choices=PATTERN_CHOICES,
        blank=True,
        help_text="Self-care: which generic sheet and which clients' suggestions it belongs to.",
    )
    summary = models.TextField(help_text="One or two plain sentences: what it is and who it suits.")
    steps = models.TextField(help_text="One step per line, in order. Numbers are added when shown.")
    cautions = models.TextField(
        blank=True,
        help_text="One safety point per line, e.g. 'Stop if the pain spreads down your leg.'",
    )
    hold_min = models.PositiveSmallIntegerField("hold from", null=True, blank=True)
    hold_max = models.PositiveSmallIntegerField(
        "hold to", null=True, blank=True, help_text="Leave empty for a single hold time."
    )
    hold_unit = models.CharField(max_length=3, choices=HoldUnit.choices, blank=True)
    repetitions = models.PositiveSmallIntegerField(null=True, blank=True)
    sets = models.PositiveSmallIntegerField(null=True, blank=True)
    per_side = models.BooleanField(default=False, help_text="Done on each side (left and right).")
    frequency = models.CharField(max_length=60, blank=True, help_text="How often, e.g. 'daily'.")
    dose_note = models.CharField(
        max_length=120,
        blank=True,
        help_text="Anything else about the dose, e.g. 'breathing slowly'.",
    )
    image = models.ImageField(
        upload_to="library/",
        blank=True,
        help_text="Optional photo or drawing (PNG, JPEG or WebP, up to 5 MB) shown instead of "
        "the drawn illustration. Without one, the drawn illustration is shown (or, for an "
        "entry without one, the region diagram).",
    )
    image_alt = models.CharField(
        "image description",
        max_length=200,
        blank=True,
        help_text="What the picture shows, for people using screen readers. Leave empty to "
        "use the drawn illustration's description.",
    )
    published = models.BooleanField(
        default=False,
        help_text="Only published entries appear to therapists, in plans and on sheets.",
    )
    needs_client_switch = models.BooleanField(
        "therapist must switch on per client",
        default=False,
        help_text="Offered on a client's sheet only after their therapist turns it on for that client.",
    )
    extra_contraindications = models.ManyToManyField(
        Contraindication,
        blank=True,
        related_name="entries",
        help_text="Conditions that block this entry in addition to its region and modality.",
    )
    first_used = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the entry first went into a plan or an issued sheet; from then on "
        "what screening reads from it can only get stricter.",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "library entry"
        verbose_name_plural = "library entries"
        constraints = [
            models.CheckConstraint(
                name="entry_hold_range_ordered",
                condition=Q(hold_min__isnull=True)
                | Q(hold_max__isnull=True)
                | Q(hold_max__gte=models.F("hold_min")),
            ),
            models.CheckConstraint(
                name="entry_kind_valid", condition=Q(kind__in=[k.value for k in Kind])
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("techniques:detail", args=[self.slug])

    @property
    def is_shipped(self) -> bool:
        """One of the entries the project ships (LIBRARY.md): its safety fields are fixed."""
        return self.slug in SHIPPED_SLUGS

    @property
    def drawing_svg(self) -> str:
        """The entry's drawn illustration (techniques/poses.py), "" for an entry without one."""
        return illustrations.drawn_svg(self.slug, self.name, self.image_alt)

    @property
    def illustration_alt(self) -> str:
        """What the shown picture shows, in words: the admin's description, else the
        drawing's own text alternative, else the name."""
        return self.image_alt or illustrations.drawn_alt(self.slug) or self.name

    @property
    def region_labels(self) -> list[str]:
        return [vocab.REGIONS[code].label for code in self.regions if code in vocab.REGIONS]

    @property
    def is_technique(self) -> bool:
        return self.kind == Kind.TECHNIQUE

    @property
    def step_list(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]

    @property
    def caution_list(self) -> list[str]:
        return [line.strip() for line in self.cautions.splitlines() if line.strip()]

    @property
    def dose_text(self) -> str:
        """The dose in plain words, e.g. 'hold 20–30 seconds, 3 times each side, daily'."""
        return describe_dose(self.modality, self)


DOSE_FIELDS = (
    "hold_min",
    "hold_max",
    "hold_unit",
    "repetitions",
    "sets",
    "per_side",
    "frequency",
    "dose_note",
)


def describe_dose(modality: str, dose) -> str:
    """A dose in plain words. `dose` is anything with the DOSE_FIELDS attributes: a library
    entry, or a sheet item where the therapist changed the dose for one client."""
    amount = []
    if dose.hold_min:
        unit = HoldUnit(dose.hold_unit).label if dose.hold_unit else "seconds"
        span = (
            f"{dose.hold_min}–{dose.hold_max}"
            if dose.hold_max and dose.hold_max != dose.hold_min
            else f"{dose.hold_min}"
        )
        amount.append(f"{'hold ' if modality == 'STRETCH' else ''}{span} {unit}")
    if dose.repetitions:
        amount.append(f"{dose.repetitions} {'time' if dose.repetitions == 1 else 'times'}")
    if dose.sets and dose.sets > 1:
        amount.append(f"{dose.sets} sets")
    text = ", ".join(amount)
    if dose.per_side:
        text = f"{text} each side".strip()
    return ", ".join(part for part in (text, dose.dose_note, dose.frequency) if part)


def contraindications_blocking(entry: Entry) -> list[str]:
    """Codes of the contraindications that would block this entry on their own (the one
    rule in techniques.vocabulary.codes_that_can_block)."""
    extras = {ci.code for ci in entry.extra_contraindications.all()}
    return sorted(vocab.codes_that_can_block(entry.regions, entry.modality, extras))
