"""clinic.ratelimit: one atomic count per hit, whichever store; the client's address
from behind a known number of proxies, never from what the client says about itself."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import uuid

import pytest
from django.db import connection, connections
from django.test import RequestFactory

from clients.views.sheets import RATE_LIMIT
from clinic import ratelimit
from clinic.models import RateCounter
from tests.clinic.ratelimit_burst import burst, burst_pages
from tests.clinic.sqlite_site import ROOT, site_env

# --- client_address ---------------------------------------------------------------------------


def request(remote: str = "10.0.0.2", forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_proxies_the_address_is_the_connections_and_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert ratelimit.client_address(request("198.51.100.7")) == "198.51.100.7"
    spoofed = request("198.51.100.7", forwarded="203.0.113.1")
    assert ratelimit.client_address(spoofed) == "198.51.100.7"


def test_behind_one_proxy_the_address_is_the_last_one_it_appended(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert ratelimit.client_address(request(forwarded="198.51.100.7")) == "198.51.100.7"
    # Whatever the client wrote itself stays to the left of what the proxy appended.
    spoofed = request(forwarded="203.0.113.1, 192.0.2.99, 198.51.100.7")
    assert ratelimit.client_address(spoofed) == "198.51.100.7"


def test_behind_two_proxies_the_address_is_second_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    forwarded = "203.0.113.1, 198.51.100.7, 10.0.0.1"  # spoofed, client, first proxy
    assert ratelimit.client_address(request(forwarded=forwarded)) == "198.51.100.7"
    assert ratelimit.client_address(request(forwarded="2001:DB8::1, 10.0.0.1")) == "2001:db8::1"


def test_a_header_shorter_than_the_proxy_chain_or_not_an_address_falls_back(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert ratelimit.client_address(request("10.0.0.2", forwarded="198.51.100.7")) == "10.0.0.2"
    assert ratelimit.client_address(request("10.0.0.2")) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    garbage = request("10.0.0.2", forwarded="198.51.100.7, not-an-address")
    assert ratelimit.client_address(garbage) == "10.0.0.2"


def test_the_sheet_links_count_per_forwarded_address_behind_a_proxy(
    client, db, settings, monkeypatch
):
    settings.TRUSTED_PROXY_COUNT = 1
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now)  # all 31 requests in one minute
    for _ in range(30):
        client.get("/sheets/psoas/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    over = client.get("/sheets/psoas/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert over.status_code == 429
    other = client.get(
        "/sheets/psoas/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.8"
    )
    assert other.status_code == 200


# --- hit, in the database ---------------------------------------------------------------------


def test_hits_up_to_the_limit_pass_and_the_next_is_over(db):
    assert [ratelimit.hit("k", limit=3, window_seconds=60) for _ in range(5)] == [
        False,
        False,
        False,
        True,
        True,
    ]
    assert RateCounter.objects.get(key="k").count == 5


def test_a_new_window_starts_the_count_again(db, monkeypatch):
    now = 1_800_000_000  # on a minute boundary
    monkeypatch.setattr(time, "time", lambda: now + 59.5)
    assert [ratelimit.hit("k", limit=1, window_seconds=60) for _ in range(2)] == [False, True]
    monkeypatch.setattr(time, "time", lambda: now + 60.0)
    assert ratelimit.hit("k", limit=1, window_seconds=60) is False
    monkeypatch.setattr(time, "time", lambda: now + 59.9)  # a server whose clock lags
    assert ratelimit.hit("k", limit=1, window_seconds=60) is True
    assert RateCounter.objects.get(key="k").window_start == now + 60


def test_each_key_counts_on_its_own_and_long_keys_fit(db):
    long_key = "x" * 500
    assert ratelimit.hit(long_key, limit=1, window_seconds=60) is False
    assert ratelimit.hit(long_key, limit=1, window_seconds=60) is True
    assert ratelimit.hit("other", limit=1, window_seconds=60) is False


def test_rows_of_long_past_windows_are_purged(db, monkeypatch):
    RateCounter.objects.create(key="gone", window_start=int(time.time()) - 7200, count=9)
    monkeypatch.setattr(ratelimit, "_next_purge", 0.0)
    ratelimit.hit("fresh", limit=1, window_seconds=60)
    assert list(RateCounter.objects.values_list("key", flat=True)) == ["fresh"]


# --- simultaneous hits ------------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="threads share PostgreSQL only")
def test_120_simultaneous_hits_on_postgresql_let_exactly_30_through(db):
    key = f"burst-{uuid.uuid4().hex}"
    try:
        assert burst(key, hits=120, limit=30) == 30
    finally:
        cleaner = connections.create_connection("default")  # outside the test's transaction
        with cleaner.cursor() as cursor:
            cursor.execute("DELETE FROM clinic_ratecounter WHERE key = %s", [key])
        cleaner.close()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="threads share PostgreSQL only")
def test_120_simultaneous_opens_of_a_public_sheet_on_postgresql_serve_exactly_30(db):
    """The symptom of issue 17: 37 to 42 of 120 were served when the count was a read
    and a write through the database cache."""
    key = "sheet-rate:psoas:127.0.0.1"
    try:
        assert burst_pages("/sheets/psoas/", hits=120) == RATE_LIMIT == 30
    finally:
        cleaner = connections.create_connection("default")  # outside the test's transaction
        with cleaner.cursor() as cursor:
            cursor.execute("DELETE FROM clinic_ratecounter WHERE key = %s", [key])
        cleaner.close()


def test_120_simultaneous_hits_on_a_sqlite_file_let_exactly_30_through(sqlite_file):
    result = subprocess.run(
        [sys.executable, "-m", "tests.clinic.ratelimit_burst", "burst", "120", "30"],
        cwd=ROOT,
        env=site_env(sqlite_file),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert int(result.stdout) == 30


@pytest.fixture
def redis_url(settings):
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
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
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)
        settings.REDIS_URL = f"redis://127.0.0.1:{port}/0"
        ratelimit._redis.cache_clear()
        yield settings.REDIS_URL
    finally:
        ratelimit._redis.cache_clear()
        server.terminate()
        server.wait(timeout=10)


def test_120_simultaneous_hits_on_redis_let_exactly_30_through(redis_url):
    assert burst("burst", hits=120, limit=30) == 30


def test_redis_counts_expire_with_their_window(redis_url):
    import redis

    assert ratelimit.hit("k", limit=1, window_seconds=60) is False
    [name] = redis.Redis.from_url(redis_url).keys("ratelimit:k:*")
    assert 60 < redis.Redis.from_url(redis_url).ttl(name) <= 120
