from django import forms

from techniques import vocabulary as vocab
from techniques.models import MODALITY_CHOICES, Kind

ANY = [("", "Any")]


class LibraryFilterForm(forms.Form):
    """The search and filters of /library/. Unknown values are ignored, never a 500."""

    # No length limit: the search reads the first hundred characters (techniques.search),
    # so a pasted paragraph still searches instead of silently showing the whole library.
    q = forms.CharField(label="Search", required=False)
    pattern = forms.ChoiceField(
        required=False,
        choices=ANY + [(code, p.label.capitalize()) for code, p in vocab.PATTERNS.items()],
    )
    region = forms.ChoiceField(
        required=False,
        choices=ANY + [(code, r.label.capitalize()) for code, r in vocab.REGIONS.items()],
    )
    modality = forms.ChoiceField(
        required=False, choices=ANY + [(code, code.capitalize()) for code, _ in MODALITY_CHOICES]
    )
    kind = forms.ChoiceField(required=False, choices=ANY + list(Kind.choices))

    def filter(self, entries):
        if not self.is_valid():
            return entries
        data = self.cleaned_data
        if data["pattern"]:
            entries = entries.for_pattern(data["pattern"])
        if data["region"]:
            # Region codes never contain one another, so "contains" matches one code exactly.
            entries = entries.filter(regions__contains=data["region"])
        for field in ("modality", "kind"):
            if data[field]:
                entries = entries.filter(**{field: data[field]})
        return entries.search(data["q"])
