"""What a library search means: the synonyms therapists type, and typo-tolerant matching.

Pure Python (no Django), asked by `EntryQuerySet.search` on either database. PostgreSQL
measures similarity in the database with pg_trgm's `strict_word_similarity` (whole words,
as here: plain `word_similarity` also matches parts of words, so "ql" found "quads");
SQLite has no such extension, so `similarity` here does the same trigram comparison in
Python over the (small) library.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from techniques import vocabulary as vocab

# Longer text is cut: nobody types more to find an entry, and the work stays bounded.
MAX_QUERY_LENGTH = 100
MAX_QUERY_WORDS = 8
# How alike a typed word and a word of the entry must be (as pg_trgm's `%` by default).
THRESHOLD = 0.3

# Each group names one thing: typing any of them finds entries that say any other.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("nerve glide", "nerve slider"),
    ("ql", "quadratus lumborum"),
    ("piriformis", "deep gluteal"),
)

_WORD = re.compile(r"[^\W_]+")


def normalise(text: str) -> str:
    """The query as searched: lower case, control characters as spaces, one space between
    words, at most MAX_QUERY_LENGTH characters."""
    text = "".join(" " if unicodedata.category(char)[0] in "CZ" else char for char in text)
    return " ".join(text.lower().split())[:MAX_QUERY_LENGTH].strip()


def _has_phrase(text: str, phrase: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


def phrases(query: str) -> list[str]:
    """The normalised query followed by what it also means through the synonyms:
    "ql release" gives ["ql release", "quadratus lumborum release"]."""
    found = [query]
    for group in SYNONYMS:
        for known in list(found):
            for term in group:
                if not _has_phrase(known, term):
                    continue
                for other in group:
                    meant = re.sub(rf"(?<!\w){re.escape(term)}(?!\w)", other, known)
                    if meant not in found:
                        found.append(meant)
    return found


def _pattern_names(code: str) -> set[str]:
    label_parts = vocab.PATTERNS[code].label.lower().split("/")
    return {code.replace("_", " "), *(part.strip() for part in label_parts)}


def pattern_codes(meanings: Iterable[str]) -> list[str]:
    """Patterns one of the phrases names on its own ("deep gluteal", "piriformis"): the
    entries tagged with them are what the therapist is looking for."""
    meanings = set(meanings)
    return [code for code in vocab.PATTERNS if _pattern_names(code) & meanings]


def words(text: str) -> list[str]:
    """Lower-cased words of letters and digits, as pg_trgm splits them."""
    return _WORD.findall(text.lower())


def query_words(query: str) -> list[str]:
    """The distinct words of a query that count, in order (at most MAX_QUERY_WORDS)."""
    return list(dict.fromkeys(words(query)))[:MAX_QUERY_WORDS]


@functools.lru_cache(maxsize=4096)
def trigrams(word: str) -> frozenset[str]:
    """pg_trgm's trigrams of one word: padded with two spaces before and one after."""
    padded = f"  {word} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def word_likeness(a: str, b: str) -> float:
    """Shared trigrams over all trigrams of the two words (pg_trgm's `similarity`)."""
    ta, tb = trigrams(a), trigrams(b)
    return len(ta & tb) / len(ta | tb)


def similarity(query: str, text: str) -> float:
    """How well the text answers the query, 0 to 1: how close the query word that is
    least like any word of the text comes (every word typed has to be there, give or
    take a typo)."""
    asked = query_words(query)
    offered = set(words(text))
    if not asked or not offered:
        return 0.0
    return min(max(word_likeness(word, other) for other in offered) for word in asked)


def best_similarity(meanings: Iterable[str], texts: Iterable[str]) -> float:
    """The closest any of the phrases comes to any of the texts."""
    text = " ".join(texts)
    return max((similarity(phrase, text) for phrase in meanings), default=0.0)
