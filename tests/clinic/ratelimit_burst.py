"""Many simultaneous hits on one rate-limit key, each thread with its own database
connection, as simultaneous requests to several workers have. Run in this process
(PostgreSQL, Redis) or as `python -m tests.clinic.ratelimit_burst KEY HITS LIMIT` against
a SQLite file (the test runner's in-memory SQLite can't be shared by threads)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

# A test PostgreSQL server allows 100 connections: the threads take turns for 40 of them,
# still far more at once than the workers of a real site have.
CONNECTIONS_AT_ONCE = 40


def burst(key: str, hits: int, limit: int) -> int:
    """How many of `hits` simultaneous hits were let through."""
    from clinic import ratelimit

    return simultaneously(hits, lambda: not ratelimit.hit(key, limit=limit, window_seconds=3600))


def burst_pages(url: str, hits: int) -> int:
    """How many of `hits` simultaneous requests for `url` were served (200)."""
    from django.test import Client

    return simultaneously(hits, lambda: Client().get(url).status_code == 200)


def simultaneously(times: int, action: Callable[[], bool]) -> int:
    """Run `action` in `times` threads released together; how many returned True."""
    from django.db import connections

    start = threading.Barrier(times)
    connection_slots = threading.BoundedSemaphore(CONNECTIONS_AT_ONCE)

    def one(_) -> bool:
        start.wait(timeout=60)
        with connection_slots:
            try:
                return action()
            finally:
                connections.close_all()  # this thread's connections

    with ThreadPoolExecutor(max_workers=times) as pool:
        return sum(pool.map(one, range(times)))


if __name__ == "__main__":
    import django

    django.setup()
    key, hits, limit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    print(burst(key, hits, limit))
