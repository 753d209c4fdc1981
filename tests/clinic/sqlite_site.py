"""The site in its own process on a SQLite file, the way gunicorn runs it: `clinic.wsgi`
with the production settings' database handling, not the test runner's in-memory one."""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Steps from argv: "get:/path" requests through the WSGI application; "unlink" deletes the
# database file; "read-only" stops this process's connection from writing (as a file the
# server may not write would: the tests run as root, which chmod cannot stop).
RUNNER = r"""
import io, json, os, sys, time
from wsgiref.util import setup_testing_defaults
import django
django.setup()
from django.conf import settings
from django.db import connection
from clinic.wsgi import application

for step in sys.argv[1:]:
    if step == "unlink":
        os.remove(settings.DATABASES["default"]["NAME"])
    elif step == "read-only":
        connection.cursor().execute("PRAGMA query_only = ON")
    else:
        path = step.removeprefix("get:")
        environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "wsgi.input": io.BytesIO()}
        setup_testing_defaults(environ)
        answer = {}
        def start_response(status, headers, exc_info=None):
            answer.update(status=int(status.split()[0]), headers=dict(headers))
        started = time.monotonic()
        body = b"".join(application(environ, start_response)).decode()
        answer.update(body=body, seconds=time.monotonic() - started)
        print(json.dumps(answer), flush=True)
"""


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str
    seconds: float


def site_env(database: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "CLINIC_ENV", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DATABASE_URL=f"sqlite:///{database}",
        DJANGO_SETTINGS_MODULE="tests.bench.cluster_settings",  # no static manifest needed
        SECRET_KEY=secrets.token_urlsafe(50),
        **extra,
    )
    return env


def run_site(database: Path, *steps: str, timeout: float = 120, **env: str) -> list[Answer]:
    """Run the steps in a new process serving `database`; the answers of its requests."""
    result = subprocess.run(
        [sys.executable, "-c", RUNNER, *steps],
        cwd=ROOT,
        env=site_env(database, **env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return [Answer(**json.loads(line)) for line in result.stdout.splitlines()]


def migrate(database: Path) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=site_env(database),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]


def copy_database(source: Path, target: Path) -> Path:
    """A consistent copy (SQLite's online backup), WAL or not."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    return target
