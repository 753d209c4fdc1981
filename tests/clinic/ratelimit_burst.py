"""Many simultaneous hits on one rate-limit key, each thread with its own database
connection, as simultaneous requests to several workers have. Run in this process
(PostgreSQL, Redis) or as `python -m tests.clinic.ratelimit_burst KEY HITS LIMIT` against
a SQLite file (the test runner's in-memory SQLite can't be shared by threads)."""

from __future__ import annotations

import sys
import threading
from concurrent.futures import ThreadPoolExecutor


def burst(key: str, hits: int, limit: int) -> int:
    """How many of `hits` simultaneous hits were let through."""
    from django.db import connections

    from clinic import ratelimit

    start = threading.Barrier(hits)

    def one(_) -> bool:
        try:
            start.wait(timeout=60)
            return not ratelimit.hit(key, limit=limit, window_seconds=3600)
        finally:
            connections.close_all()  # this thread's connections

    with ThreadPoolExecutor(max_workers=hits) as pool:
        return sum(pool.map(one, range(hits)))


if __name__ == "__main__":
    import django

    django.setup()
    key, hits, limit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    print(burst(key, hits, limit))
