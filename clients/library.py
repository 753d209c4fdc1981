"""The published library as the screening rules see it."""

from __future__ import annotations

from django.db.models import Prefetch

from clients.screening import LibraryEntry
from techniques.models import Contraindication, Entry


def published_library() -> list[LibraryEntry]:
    """One query plus one prefetch, whatever the size of the library."""
    return published_library_with_names()[0]


def published_library_with_names() -> tuple[list[LibraryEntry], dict[str, str]]:
    """The library for screening, and each entry's name by slug for the pages."""
    entries = list(
        Entry.objects.published()
        .only("slug", "name", "region", "modality")
        .prefetch_related(
            Prefetch("extra_contraindications", queryset=Contraindication.objects.only("code"))
        )
    )
    library = [
        LibraryEntry(
            slug=entry.slug,
            region=entry.region or None,
            modality=entry.modality,
            extra_contraindications=frozenset(
                ci.code for ci in entry.extra_contraindications.all()
            ),
        )
        for entry in entries
    ]
    return library, {entry.slug: entry.name for entry in entries}
