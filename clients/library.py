"""The published library as the screening rules see it."""

from __future__ import annotations

from django.db.models import Prefetch

from clients.screening import LibraryEntry
from techniques.models import Contraindication, Entry


def published_library() -> list[LibraryEntry]:
    """One query plus one prefetch, whatever the size of the library."""
    entries = (
        Entry.objects.published()
        .only("slug", "region", "modality")
        .prefetch_related(
            Prefetch("extra_contraindications", queryset=Contraindication.objects.only("code"))
        )
    )
    return [
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
