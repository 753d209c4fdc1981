"""The pages the benchmark measures: one row each, extend the table to measure more.

A row names the page and builds its address from the benchmark data (`World`). A page
whose address can't be built (its URL name or its data doesn't exist yet) or doesn't
answer 200 is reported as "not available yet" instead of measured.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from bench.build_data import World


@dataclass(frozen=True)
class Page:
    name: str
    path: Callable[[World], str]
    pdf: bool = False
    # A cached PDF (the shared cache keeps the bytes): its throughput target is the
    # cached one, and its warm time is measured with the cache emptied before each request.
    cached: bool = False
    # A form posted to the page (with the benchmark's CSRF cookie and token): it answers
    # with the redirect after saving.
    form: Callable[[World], dict[str, Any]] | None = None

    def body(self, world: World) -> str | None:
        """The urlencoded form, CSRF token included; None for a page that is fetched."""
        if self.form is None:
            return None
        return urlencode({**self.form(world), "csrfmiddlewaretoken": CSRF_SECRET}, doseq=True)


# The same secret in the CSRF cookie and the form (Django accepts an unmasked secret).
CSRF_SECRET = "benchmarkcsrfsecret0123456789abc"
CSRF_COOKIE = f"csrftoken={CSRF_SECRET}"


def _client(name: str, *args: str) -> Callable[[World], str]:
    """A page under /clients/<pk>/: `args` are World attributes after the client's pk."""
    return lambda w: reverse(f"clients:{name}", args=[w.client_pk, *(w.need(a) for a in args)])


BARE = Page("bare", lambda w: reverse("bench_bare"))

PAGES: list[Page] = [
    # Today's list (a full day for the benchmark's therapist), with what needs them first.
    Page("dashboard", lambda w: reverse("dashboard")),
    Page("client_list", lambda w: reverse("clients:list")),
    Page(
        "client_search",
        lambda w: reverse("clients:list") + "?" + urlencode({"q": w.search_term}),
    ),
    Page("client_page", _client("detail")),
    Page("intake_detail", _client("intake_detail", "intake_pk")),
    Page("library_list", lambda w: reverse("techniques:list")),
    Page("library_detail", lambda w: reverse("techniques:detail", args=[w.need("entry_slug")])),
    Page("referral_pdf", _client("referral_pdf"), pdf=True),
    # Sessions, plans and agenda (issue 6)
    Page("plan_builder", _client("plan_builder", "session_pk")),
    Page("agenda", lambda w: reverse("clients:agenda") + "?view=week"),
    # Self-care sheets (issue 7)
    Page("sheet_page", _client("sheet_builder", "sheet_pk")),
    Page("sheet_pdf", _client("sheet_pdf", "sheet_pk"), pdf=True, cached=True),
    # The client's private link with its "Today" panel, and posting the day's entry (issue 16)
    Page("sheet_link", lambda w: reverse("clients:shared_sheet", args=[w.need("link_token")])),
    Page(
        "daily_log_post",
        lambda w: reverse("clients:daily_log", args=[w.need("link_token")]),
        form=lambda w: w.need("log_entry"),
    ),
]


def by_name(names: list[str] | None) -> list[Page]:
    if not names:
        return list(PAGES)
    known = {page.name: page for page in PAGES}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise SystemExit(f"unknown page(s): {', '.join(unknown)}; known: {', '.join(known)}")
    return [known[name] for name in names]


def address(page: Page, world: World) -> tuple[str | None, str]:
    """The page's path, or None and why it can't be built."""
    try:
        return page.path(world), ""
    except Exception as error:  # NoReverseMatch, LookupError: not built yet
        return None, f"{type(error).__name__}: {error}".splitlines()[0][:120]
