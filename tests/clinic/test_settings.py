"""The environment drives settings; CLINIC_ENV=production refuses unsafe starts."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRINT = (
    "import django; from django.conf import settings; django.setup(); "
    "print(settings.DEBUG, settings.SESSION_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS, "
    "settings.SECURE_PROXY_SSL_HEADER, settings.DATABASES['default']['ENGINE'])"
)


def run_settings(script: str = PRINT, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "CLINIC_ENV",
            "DATABASE_URL",
            "DATABASE_CONN_MAX_AGE",
            "DATABASE_LOCK_WAIT",
        }
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="clinic.settings")
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_secret_key_and_hosts():
    result = run_settings(CLINIC_ENV="production")
    assert result.returncode != 0
    assert "SECRET_KEY and ALLOWED_HOSTS" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_settings(CLINIC_ENV="production", SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_turns_on_https_only_settings():
    result = run_settings(
        CLINIC_ENV="production", SECRET_KEY="x" * 60, ALLOWED_HOSTS="clinic.example.org", DEBUG="1"
    )
    assert result.returncode == 0, result.stderr
    debug, secure_cookie, hsts, proxy_header, _ = result.stdout.split(" ", 4)
    assert debug == "False"  # DEBUG=1 is ignored in production
    assert secure_cookie == "True"
    assert int(hsts) >= 31536000
    assert "HTTP_X_FORWARDED_PROTO" in proxy_header


def test_debug_is_off_unless_asked_for():
    assert run_settings().stdout.startswith("False")
    assert run_settings(DEBUG="1").stdout.startswith("True")


def test_a_yes_no_setting_refuses_a_word_it_does_not_know():
    for word in ("0", "false", "No", "off"):
        assert run_settings(DEBUG=word).stdout.startswith("False"), word
    refused = run_settings(DEBUG="ture")
    assert refused.returncode != 0
    assert "DEBUG='ture' is not a yes/no value" in refused.stderr


def test_postgres_url_selects_postgresql():
    result = run_settings(DATABASE_URL="postgres://u@/clinic?host=/tmp")
    assert result.stdout.strip().endswith("django.db.backends.postgresql")


def test_sqlite_file_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    script = (
        "import django; from django.db import connection; django.setup(); "
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0]); "
        "c.execute('PRAGMA busy_timeout'); print(c.fetchone()[0])"
    )
    database = tmp_path / "db.sqlite3"
    database.touch()  # an empty file: the site opens it but never creates one (`migrate` does)
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DATABASE_URL=f"sqlite:///{database}",
        DJANGO_SETTINGS_MODULE="clinic.settings",
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    mode, timeout_ms = result.stdout.split()
    assert mode == "wal"
    assert int(timeout_ms) == 5000


def test_a_busy_database_gives_up_well_before_gunicorn_kills_the_worker():
    """SQLite's busy timeout and PostgreSQL's lock_timeout (DATABASE_LOCK_WAIT) end in the
    busy page long before gunicorn's worker timeout ends the worker mid-request."""
    import runpy

    from django.conf import settings

    gunicorn = runpy.run_path(str(ROOT / "clinic" / "gunicorn_conf.py"))
    assert gunicorn["timeout"] >= settings.DATABASE_LOCK_WAIT * 3


def test_postgresql_connections_are_kept_a_minute_and_checked_before_reuse():
    script = (
        "import django; from django.conf import settings; django.setup(); "
        "d = settings.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], d['OPTIONS']['options'])"
    )
    url = "postgres://u@/clinic?host=/tmp"
    kept = run_settings(DATABASE_URL=url, script=script)
    assert kept.stdout.split() == ["60", "True", "-c", "lock_timeout=5000"], kept.stderr
    closed = run_settings(DATABASE_URL=url, DATABASE_CONN_MAX_AGE="0", script=script)
    assert closed.stdout.split()[:2] == ["0", "True"], closed.stderr


def test_secret_key_is_generated_once_and_kept(tmp_path):
    from clinic.env import local_secret_key

    path = tmp_path / ".secret_key"
    first = local_secret_key(path)
    assert len(first) >= 50
    assert local_secret_key(path) == first


def test_production_access_log_never_contains_query_strings():
    import runpy

    config = runpy.run_path(str(ROOT / "clinic" / "gunicorn_conf.py"))
    log_format = config["access_log_format"]
    assert "%(U)s" in log_format  # the path alone
    assert "%(q)s" not in log_format and "%(r)s" not in log_format
