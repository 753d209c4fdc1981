"""Two app servers behave as one site: a sign-in, a lockout and a rate limit hold across both.

Two gunicorn processes on loopback ports share one database (a fresh database on the
PostgreSQL server of DATABASE_URL, or one SQLite file) and, when `redis-server` and the
`redis` package are there, one Redis cache; otherwise the database cache, which is shared
too. Both get the same SECRET_KEY, as every server of one site must.
"""

from __future__ import annotations

import importlib
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest

from bench.load import Server, free_port

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "two-servers-share-one-site"
SETUP = """
import os
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
for name in ("alice", "bob", "carol"):
    call_command(
        "createpractice", name=f"Practice of {name}", owner=name, password=os.environ["OWNER_PASSWORD"],
        no_input=True, verbosity=0,
    )
"""


@dataclass
class Site:
    a: str
    b: str
    cache: str


def _redis_available() -> bool:
    try:
        import redis  # noqa: F401  (Django's Redis cache needs it)
    except ImportError:
        return False
    return shutil.which("redis-server") is not None


@pytest.fixture(scope="module")
def database_url(tmp_path_factory) -> Iterator[str]:
    """A fresh database for the servers, beside the test database on the same server."""
    given = os.environ.get("DATABASE_URL", "")
    if not given.startswith("postgres"):
        yield f"sqlite:///{tmp_path_factory.mktemp('two-servers') / 'shared.sqlite3'}"
        return
    import psycopg

    name = f"clinic_two_servers_{os.getpid()}"
    parts = urlsplit(given)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    """One Redis on a loopback port for both servers, or "" for the database cache."""
    if not _redis_available():
        yield ""
        return
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
        + ["--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def site(database_url, redis_url, tmp_path_factory) -> Iterator[Site]:
    env = {
        "DJANGO_SETTINGS_MODULE": "tests.bench.cluster_settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "",
        "CLINIC_ENV": "",
    }
    setup = subprocess.run(
        [sys.executable, "-c", SETUP],
        cwd=ROOT,
        env={**os.environ, **env, "OWNER_PASSWORD": PASSWORD},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert setup.returncode == 0, setup.stderr[-3000:]
    log = tmp_path_factory.mktemp("logs") / "gunicorn.log"
    with Server(env, log=log) as a, Server(env, log=log) as b:
        yield Site(a.url, b.url, "Redis" if redis_url else "database cache")


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    text: str


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Keeps cookies like a browser does for one host: the same for both ports, as for
    two servers behind one address."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(_NoRedirects)

    def open(self, url: str, form: dict[str, str] | None = None) -> Answer:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(url, data=data, headers={"Cookie": cookie})
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    if morsel.value:
                        self.cookies[name] = morsel.value
                    else:
                        self.cookies.pop(name, None)
            text = response.read().decode("utf-8", "replace")
            return Answer(response.status, dict(response.headers.items()), text)

    def post(self, url: str, form: dict[str, str]) -> Answer:
        """A form post with the CSRF token of the page the form is on."""
        page = self.open(url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        return self.open(url, {**form, "csrfmiddlewaretoken": token.group(1) if token else ""})

    def sign_in(self, server: str, username: str, password: str) -> Answer:
        return self.post(f"{server}/accounts/login/", {"username": username, "password": password})


def test_a_sign_in_on_one_server_holds_on_the_other(site):
    browser = Browser()
    assert browser.sign_in(site.a, "alice", PASSWORD).status == 302
    on_b = browser.open(f"{site.b}/")
    assert on_b.status == 200, f"server B does not know the session ({site.cache})"
    assert "Practice of alice" in on_b.text


def test_signing_out_on_one_server_signs_out_on_the_other(site):
    browser = Browser()
    assert browser.sign_in(site.b, "bob", PASSWORD).status == 302
    page = browser.open(f"{site.a}/")
    assert page.status == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token, "the dashboard has a sign-out form"
    signed_out = browser.open(f"{site.b}/accounts/logout/", {"csrfmiddlewaretoken": token[1]})
    assert signed_out.status == 302
    assert browser.open(f"{site.a}/").status == 302  # to the sign-in page


def test_five_wrong_passwords_on_both_servers_lock_the_login_on_both(site):
    answers = [  # A, B, A, B, A: neither server saw five on its own
        Browser().sign_in(site.b if n % 2 else site.a, "carol", "not-the-password").status
        for n in range(5)
    ]
    assert answers[:4] == [200] * 4  # the form again, with its message
    for server in (site.b, site.a):
        locked = Browser().sign_in(server, "carol", PASSWORD)
        assert locked.status == 429
        assert "Sign-in locked" in locked.text


def test_a_public_rate_limit_counts_requests_to_both_servers(site):
    """The public sheets allow 30 requests a minute per sheet and address, counted in the
    shared cache: 30 spread over both servers use it up for both."""
    generic_sheets = pytest.importorskip("clients.generic_sheets")
    pattern = next(iter(getattr(generic_sheets, "GENERIC_SHEETS", {})), None)
    limit = getattr(importlib.import_module("clients.views.sheets"), "RATE_LIMIT", None)
    if pattern is None or limit is None:
        pytest.skip("no public generic sheet yet")
    browser = Browser()
    # The count is per clock minute. Start again in a fresh minute if one ended meanwhile,
    # or if this minute's count was already partly used when the test began.
    for _ in range(3):
        minute = int(time.time() // 60)
        answers = [
            browser.open(f"{site.a if n % 2 else site.b}/sheets/{pattern}/").status
            for n in range(limit + 1)
        ]
        if int(time.time() // 60) == minute and answers[:limit] == [200] * limit:
            break
        time.sleep(max(0.0, (minute + 1) * 60 - time.time()) + 0.5)
    assert answers[:limit] == [200] * limit
    assert answers[limit] == 429, f"each server counted on its own ({site.cache})"
