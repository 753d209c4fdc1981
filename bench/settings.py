"""Settings for the benchmark only: production settings plus a bare page to measure against.

gunicorn runs with `DJANGO_SETTINGS_MODULE=bench.settings`. The only differences from
production: the bench URLconf (the site plus `bench/bare/`), the login lockout and the
private link's rate limit lifted (tens of thousands of requests from one address are not
an attack here), and static files collected into bench/out/ with a manifest but without
compression (compressing takes 40 s; `{% static %}` does the same manifest lookup either way).
"""

from __future__ import annotations

import os
from pathlib import Path

from clinic.settings import *  # noqa: F403
from clinic.settings import STORAGES, TEMPLATES

BENCH_DIR = Path(__file__).resolve().parent

ROOT_URLCONF = "bench.urls"
AXES_ENABLED = False
# The private link's limit is per link and address: wrk sends thousands from one address
# to one link. Still counted (the counter's upsert is part of each request's cost).
SHEET_LINK_RATE_LIMIT = 10**9
TEMPLATES = [{**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BENCH_DIR / "templates"]}]
STATIC_ROOT = Path(os.environ.get("BENCH_STATIC_ROOT") or BENCH_DIR / "out" / "static")
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
