"""Rate limits shared by every server process: `hit()` counts, `client_address()` says who.

A count must be one atomic step in the shared store, or simultaneous requests each read
the same number and all get through (120 at once against a limit of 30 served about 40
when the count was a read and a write through Django's cache). With REDIS_URL the count
is Redis' INCR; without, one upsert statement in the database (`RateCounter`), which
SQLite (3.35 and later) and PostgreSQL both run atomically.
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import time

from django.conf import settings
from django.db import connection
from django.http import HttpRequest

from clinic.models import RateCounter

# Expired rows are deleted at most this often per process: each key's row is reused by
# its next window, so only keys that stop coming back leave rows behind.
PURGE_EVERY = 600
_next_purge = 0.0


def hit(key: str, limit: int, window_seconds: int) -> bool:
    """Count one hit on `key` in the current window (windows are aligned to the clock:
    every minute on the minute for 60 s); True when this hit is over `limit`."""
    window_start = int(time.time()) // window_seconds * window_seconds
    if settings.REDIS_URL:
        count = _redis_count(key, window_start, window_seconds)
    else:
        count = _database_count(key, window_start, window_seconds)
    return count > limit


def _redis_count(key: str, window_start: int, window_seconds: int) -> int:
    name = f"ratelimit:{key}:{window_start}"
    pipeline = _redis().pipeline(transaction=True)  # MULTI … EXEC: both or neither
    pipeline.incr(name)
    pipeline.expire(name, window_seconds * 2)
    count, _ = pipeline.execute()
    return count


@functools.cache
def _redis():
    import redis

    # A thread waits for a free connection rather than failing when all are in use.
    pool = redis.BlockingConnectionPool.from_url(
        settings.REDIS_URL, max_connections=50, timeout=5, socket_timeout=5
    )
    return redis.Redis(connection_pool=pool)


def _database_count(key: str, window_start: int, window_seconds: int) -> int:
    if len(key) > RateCounter._meta.get_field("key").max_length:
        key = hashlib.sha256(key.encode()).hexdigest()
    table, key_, start, count = map(
        connection.ops.quote_name, (RateCounter._meta.db_table, "key", "window_start", "count")
    )
    # A newer window starts again from 1; a hit stamped with an older window (another
    # server's clock a second behind) counts in the newer one.
    upsert = (
        f"INSERT INTO {table} ({key_}, {start}, {count}) VALUES (%s, %s, 1) "  # nosec B608  # quoted names, values as parameters
        f"ON CONFLICT ({key_}) DO UPDATE SET "
        f"{count} = CASE WHEN excluded.{start} > {table}.{start} THEN 1 "
        f"ELSE {table}.{count} + 1 END, "
        f"{start} = CASE WHEN excluded.{start} > {table}.{start} "
        f"THEN excluded.{start} ELSE {table}.{start} END "
        f"RETURNING {count}"
    )
    with connection.cursor() as cursor:
        cursor.execute(upsert, [key, window_start])
        (hits,) = cursor.fetchone()
    _purge_expired(window_start - max(window_seconds, 3600))
    return hits


def _purge_expired(before: int) -> None:
    """Delete the rows of windows that began before `before`, at most every PURGE_EVERY."""
    global _next_purge
    now = time.monotonic()
    if now < _next_purge:
        return
    _next_purge = now + PURGE_EVERY
    RateCounter.objects.filter(window_start__lt=before).delete()


def client_address(request: HttpRequest) -> str:
    """The address the request came from, for rate limits.

    Each proxy appends the address it was contacted from to X-Forwarded-For, so with
    TRUSTED_PROXY_COUNT proxies in front the client is that many entries from the right;
    anything further left was written by the client and may be made up. With no proxy
    (0, the default) the header is ignored: anyone can send it. A header with fewer
    entries than proxies, or no address where the client's should be, falls back to the
    connection's address (the nearest proxy's).
    """
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-proxies]))
    except ValueError:
        return remote
