"""The README's reliability promises say what the code does, in the numbers it uses."""

import runpy
from pathlib import Path

from django.conf import settings

from clients.views.sheets import RATE_LIMIT
from clinic.health import PROBE_SECONDS

ROOT = Path(__file__).resolve().parents[2]


def words(path: str) -> str:
    return " ".join((ROOT / path).read_text().split())


def test_the_readme_states_the_lock_wait_and_the_worker_timeout():
    readme = words("README.md")
    gunicorn = runpy.run_path(str(ROOT / "clinic" / "gunicorn_conf.py"))
    wait = settings.DATABASE_LOCK_WAIT
    assert f"SQLite runs in WAL mode with a {wait}-second busy timeout" in readme
    assert f"PostgreSQL gets the same {wait}-second `lock_timeout`" in readme
    assert f"well below gunicorn's {gunicorn['timeout']}-second worker timeout" in readme
    assert "answers 503 with `Retry-After` and a page saying that nothing was saved" in readme
    assert "Only `manage.py migrate` creates a missing SQLite file" in readme


def test_the_readme_states_what_the_health_check_proves():
    readme = words("README.md")
    assert (
        "`/healthz` answers 200 only when the database is the migrated one and takes a write "
        f"within {PROBE_SECONDS} seconds"
    ) in readme


def test_the_readme_states_the_rate_limit_and_whose_address_counts():
    readme = words("README.md")
    assert f"allow {RATE_LIMIT} requests a minute per link and address" in readme
    assert f"120 simultaneous requests let exactly {RATE_LIMIT} through" in readme
    assert "`TRUSTED_PROXY_COUNT`" in readme


def test_the_deployment_notes_ship_a_unit_that_restarts_cleanly():
    readme, deploy = words("README.md"), words("docs/deploy.md")
    assert "KillMode=control-group" in deploy and "Restart=on-failure" in deploy
    assert "its workers exit within a second" in readme
