"""In-process CPU time of the dashboard (`/`) on a benchmark database: 3 runs of 40 requests
through Django's test client in one session, after 5 to warm up; prints each run's mean per
request (ms), the render's median share and the query count. Collects static files first
(another checkout may have rewritten the manifest). Run it from the checkout to measure:

    cd <checkout> && PYTHONPATH=<checkout> python bench/dashboard_cpu.py [database.sqlite3]

Alternate checkouts run after run: the machine's noise is about ±1 ms.
"""

import os
import sys
import time

DATABASE = (
    sys.argv[1]
    if len(sys.argv) > 1
    else "/tmp/bench-today-10k/bench-c10000-i30000-s60000-e200.sqlite3"
)
os.environ.pop("DEBUG", None)
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ.setdefault("BENCH_STATIC_ROOT", os.path.join(os.path.dirname(DATABASE), "static"))
os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

import clients.views.dashboard as dashboard  # noqa: E402
from bench.build_data import USERNAME  # noqa: E402
from clinic.models import User  # noqa: E402

call_command("collectstatic", "--no-input", verbosity=0)
renders: list[float] = []
real_render = dashboard.render


def timed_render(*args, **kwargs):
    start = time.process_time()
    response = real_render(*args, **kwargs)
    renders.append(time.process_time() - start)
    return response


dashboard.render = timed_render
http = Client()
http.force_login(User.objects.get(username=USERNAME))
for _ in range(5):
    http.get("/")
with CaptureQueriesContext(connection) as queries:
    page = http.get("/")
query_count = len(queries.captured_queries)  # now: the next requests reset the log
renders.clear()
runs = []
for _ in range(3):
    start = time.process_time()
    for _ in range(40):
        http.get("/")
    runs.append((time.process_time() - start) / 40 * 1000)
median_render = sorted(renders)[len(renders) // 2] * 1000
print(
    "total ms",
    [round(run, 2) for run in runs],
    "min",
    round(min(runs), 2),
    "render ms",
    round(median_render, 2),
    "queries",
    query_count,
    "bytes",
    len(page.content),
)
