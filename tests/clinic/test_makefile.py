"""`make run` serves on the port asked for: PORT=8001 make run, or 8000 by default."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def dry_run(*args: str, **env: str) -> str:
    """What `make run` would do, printed and not done (-n)."""
    environment = {k: v for k, v in os.environ.items() if k not in {"PORT", "MAKEFLAGS"}}
    result = subprocess.run(
        ["make", "-n", "run", *args],
        cwd=ROOT,
        env=environment | env,
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return result.stdout


def test_port_on_the_command_line_serves_there():
    assert "runserver 127.0.0.1:8001" in dry_run("PORT=8001")


def test_port_from_the_environment_serves_there():
    assert "runserver 127.0.0.1:8001" in dry_run(PORT="8001")


def test_without_a_port_it_serves_on_8000():
    assert "runserver 127.0.0.1:8000" in dry_run()


def test_the_readme_quick_start_mentions_the_port():
    assert "PORT=8001 make run" in (ROOT / "README.md").read_text()
