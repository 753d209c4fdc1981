"""The published library as screening, the planner and the counts see it: one loader.

Every page that screens a client, suggests a plan or counts what is available reads
`published_library()`, so they all see the same entries with the same safety fields.
"""

from __future__ import annotations

from dataclasses import dataclass

from clients.planning import ROLE_ORDER
from clients.screening import LibraryEntry
from techniques.aggregates import CodeList
from techniques.models import Entry, Kind


@dataclass(frozen=True)
class LibraryItem:
    """One published entry: what screening reads from it, and what the planner needs."""

    pk: int
    slug: str
    name: str
    kind: str
    regions: frozenset[str]
    modality: str
    role: str = ""
    minutes: int | None = None
    indications: frozenset[str] = frozenset()
    patterns: frozenset[str] = frozenset()
    needs_client_switch: bool = False
    extra_contraindications: frozenset[str] = frozenset()

    @property
    def library_entry(self) -> LibraryEntry:
        return LibraryEntry(self.slug, self.regions, self.modality, self.extra_contraindications)

    @property
    def is_technique(self) -> bool:
        return self.kind == Kind.TECHNIQUE

    @property
    def plannable(self) -> bool:
        """Suggestions need a role and default minutes; the therapist may add any entry."""
        return self.is_technique and self.role in ROLE_ORDER and bool(self.minutes)


def published_library() -> list[LibraryItem]:
    """Every published entry (techniques and self-care), in one query whatever its size."""
    rows = (
        Entry.objects.published()
        .annotate(extra_codes=CodeList("extra_contraindications__code"))
        .order_by("name", "pk")
        .values_list(
            "pk",
            "slug",
            "name",
            "kind",
            "regions",
            "modality",
            "role",
            "default_minutes",
            "indications",
            "patterns",
            "needs_client_switch",
            "extra_codes",
        )
    )
    return [
        LibraryItem(
            pk=pk,
            slug=slug,
            name=name,
            kind=kind,
            regions=frozenset(_codes(regions)),
            modality=modality,
            role=role,
            minutes=minutes,
            indications=frozenset(_codes(indications)),
            patterns=frozenset(_codes(patterns)),
            needs_client_switch=switch,
            extra_contraindications=frozenset(_codes(extra)),
        )
        for (
            pk,
            slug,
            name,
            kind,
            regions,
            modality,
            role,
            minutes,
            indications,
            patterns,
            switch,
            extra,
        ) in rows
    ]


def _codes(value) -> list[str]:
    """values_list goes through the field's from_db_value, except on an annotation."""
    if isinstance(value, list | tuple):
        return list(value)
    return (value or "").split()


def as_library_entry(entry: Entry) -> LibraryEntry:
    """A model entry as screening sees it; needs `extra_contraindications` prefetched."""
    return LibraryEntry(
        slug=entry.slug,
        regions=frozenset(entry.regions),
        modality=entry.modality,
        extra_contraindications=frozenset(ci.code for ci in entry.extra_contraindications.all()),
    )
