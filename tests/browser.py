"""Browser harness: Playwright driving Debian's Chromium (never a downloaded browser).

Fixtures: `browser` (one per test session), `browser_page` (desktop), `signed_in_page`
(a therapist at each of phone, tablet and desktop width), plus `shoot` to save a
screenshot to the ignored screenshots/ folder and `assert_accessible` to run axe-core.
Without Chromium the browser tests skip loudly; with REQUIRE_BROWSER=1 they fail.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM_CANDIDATES = ["/usr/lib/chromium/chromium", "/usr/bin/chromium"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {
    "phone": {"width": 390, "height": 844},
    "tablet": {"width": 820, "height": 1180},
    "desktop": {"width": 1366, "height": 900},
}
SCREENSHOT_DIR = Path(__file__).resolve().parent.parent / "screenshots"
SERIOUS = {"serious", "critical"}


def chromium_path() -> str | None:
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if "browser" in item.keywords]
    if not browser_items or chromium_path():
        return
    message = "Chromium is not installed (apt-get install chromium): browser tests cannot run"
    if os.environ.get("REQUIRE_BROWSER") == "1":
        for item in browser_items:
            item.add_marker(pytest.mark.xfail(reason=message, run=False, strict=True))
        raise pytest.UsageError(message + " and REQUIRE_BROWSER=1 is set.")
    print(f"\n\n*** WARNING: {message}; {len(browser_items)} skipped. ***\n")
    for item in browser_items:
        item.add_marker(pytest.mark.skip(reason=message))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _new_page(browser, viewport: str):
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    context.set_default_timeout(10_000)
    return context, context.new_page()


@pytest.fixture
def browser_page(browser):
    context, page = _new_page(browser, "desktop")
    yield page
    context.close()


def sign_in(context, live_server, user) -> None:
    """Give the browser a session for `user`, the way a real login would."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


@pytest.fixture(params=list(VIEWPORTS))
def signed_in_page(request, browser, live_server, therapist):
    """A therapist's browser page at each width; `page.viewport_name` says which."""
    context, page = _new_page(browser, request.param)
    sign_in(context, live_server, therapist)
    page.viewport_name = request.param
    yield page
    context.close()


@pytest.fixture
def shoot():
    def save(page, name: str) -> Path:
        SCREENSHOT_DIR.mkdir(exist_ok=True)
        path = SCREENSHOT_DIR / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


def axe_violations(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in SERIOUS]


@pytest.fixture
def assert_accessible():
    def check(page) -> None:
        violations = axe_violations(page)
        report = "\n".join(
            f"{v['impact']}: {v['id']} – {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
            for v in violations
        )
        assert not violations, f"axe found serious problems on {page.url}:\n{report}"

    return check


def ensure_starting_library() -> None:
    """Load the starting library again when a flush emptied it (see below): the data
    migrations replayed in order on today's models (0002 loads, 0003 gives regions)."""
    import importlib

    from django.apps import apps

    from techniques.models import Entry

    if Entry.objects.exists():
        return
    library = importlib.import_module("techniques.migrations._library_v1")
    regions_0003 = importlib.import_module("techniques.migrations.0003_entry_regions")
    entries = []
    for data in library.ENTRIES:
        data = dict(data)
        region = data.pop("region", "")
        regions = {region} if region else set()
        if data["slug"] == regions_0003.WARM_UP:
            regions |= {"LUMB", "GLUT"}
        entries.append({**data, "regions": sorted(regions)})
    loader = importlib.import_module("techniques.migrations.0002_starting_library")
    original = loader.ENTRIES
    loader.ENTRIES = entries
    try:
        loader.load(apps, None)
    finally:
        loader.ENTRIES = original


@pytest.fixture(autouse=True)
def _starting_library(request):
    """Browser tests run in transactions that end with a flush, which also empties the
    library the data migration loaded; put it back so each browser test starts alike.
    (Serialized rollback is not reliable here: pytest-django skips serializing the test
    database in some test selections.)"""
    if "browser" not in request.keywords:
        return
    request.getfixturevalue("transactional_db")
    ensure_starting_library()
