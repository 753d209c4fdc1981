"""A client of a practice: who they are and how to reach them and their doctor."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import connections, models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone

from clients.search_index import TABLE as SQLITE_SEARCH_TABLE
from clinic.models import Practice
from clinic.validators import no_control_characters


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    INTERSEX = "intersex", "Intersex"
    UNDISCLOSED = "undisclosed", "Prefers not to say"


class ClientQuerySet(models.QuerySet):
    def for_practice(self, practice: Practice) -> ClientQuerySet:
        return self.filter(practice=practice)

    def active(self) -> ClientQuerySet:
        return self.filter(archived=False)

    def search(self, text: str) -> ClientQuerySet:
        """Clients whose name, email or phone contain every word (any case, any order).

        Matches are found by id first, in a trigram index (PostgreSQL's pg_trgm, SQLite's
        FTS5 trigram table: migrations 0006 and 0007); only then are the few matching rows
        read and sorted."""
        words = [word.casefold() for word in text.split()[:5]]
        if not words:
            return self
        if connections[self.db].vendor == "sqlite":
            return self.filter(pk__in=_sqlite_matches(words))
        filters = Q()
        for word in words:
            filters &= Q(search_text__contains=word)
        return self.filter(pk__in=self.filter(filters).values("pk"))


def _sqlite_matches(words: list[str]) -> RawSQL:
    """Ids of the clients whose search text holds every word, from the FTS5 trigram
    table. Words of three or more characters are phrases of a MATCH, answered from the
    index; shorter ones (no trigram to look up) filter those rows with LIKE, or scan. An
    ESCAPE clause would keep LIKE from using the index, so LIKE is kept to short words."""
    longer = [word for word in words if len(word) >= 3]
    conditions, params = [], []
    if longer:
        conditions.append(f"{SQLITE_SEARCH_TABLE} MATCH %s")
        params.append(" AND ".join('"' + word.replace('"', '""') + '"' for word in longer))
    for word in words:
        if len(word) < 3:
            conditions.append("search_text LIKE %s ESCAPE '\\'")
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params.append(f"%{escaped}%")
    where = " AND ".join(conditions)
    # The SQL is made of constants only; every word the user typed goes in `params`.
    sql = f"SELECT rowid FROM {SQLITE_SEARCH_TABLE} WHERE {where}"  # nosec B608
    return RawSQL(sql, params)  # nosec B611


class SearchTextField(models.CharField):
    """Name, email and phone in one case-folded column, worked out on every save (also by
    bulk_create), so a search reads one column through a trigram index (migrations 0006
    and 0007). A queryset update() of those fields skips it: save instead."""

    SOURCES = ("first_name", "last_name", "email", "phone")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 400)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = searchable(*(getattr(model_instance, name) for name in self.SOURCES))
        setattr(model_instance, self.attname, value)
        return value


def searchable(*parts: str) -> str:
    return " ".join(part for part in parts if part).casefold()[:400]


class Client(models.Model):
    # PROTECT: a practice's records go one client at a time, by erasure, never all at once
    # with the practice.
    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="clients")
    first_name = models.CharField(max_length=100, validators=[no_control_characters])
    last_name = models.CharField(max_length=100, validators=[no_control_characters])
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=12, choices=Sex.choices, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    doctor_name = models.CharField(
        "doctor's name", max_length=150, blank=True, validators=[no_control_characters]
    )
    doctor_contact = models.TextField(
        "doctor's contact details", blank=True, help_text="Surgery address, phone or email."
    )
    notes = models.TextField(blank=True)
    reminders = models.BooleanField(
        "Email me a reminder before each session",
        default=False,
        help_text="Only with an email address above: sent as many hours before each session "
        "as the practice sets, with the time and place, never anything about health.",
    )
    archived = models.BooleanField(default=False)
    search_text = SearchTextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ClientQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        indexes = [
            # The client list (active clients by name): a partial index SQLite can match.
            models.Index(
                fields=["practice", "last_name", "first_name"],
                condition=Q(archived=False),
                name="client_active_name",
            ),
            models.Index(
                fields=["practice", "archived", "last_name", "first_name"],
                name="client_practice_name",
            ),
            # The dashboard's recently updated clients.
            models.Index(
                fields=["practice", "-updated"],
                condition=Q(archived=False),
                name="client_active_recent",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="client_name_not_blank", condition=~Q(first_name="") & ~Q(last_name="")
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("clients:detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def initials(self) -> str:
        return f"{self.first_name[:1]}{self.last_name[:1]}".upper()

    def age_on(self, day: date | None = None) -> int | None:
        if not self.date_of_birth:
            return None
        day = day or timezone.localdate()
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def current_intake(self):
        """The latest signed intake: the one screening, planning and sheets follow."""
        return self.intakes.latest_signed()

    @property
    def is_minor(self) -> bool:
        age = self.age_on()
        return age is not None and age < 18
