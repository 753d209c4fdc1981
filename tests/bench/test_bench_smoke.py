"""A short run of `make bench`: tiny data, a second a page, no timing asserted; every page
line in its format and the results file written."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.pages import PAGES

ROOT = Path(__file__).resolve().parents[2]
MEASURED = re.compile(r"^(\w+) rps=\d+ p50=[\d.]+ms p99=[\d.]+ms ratio=[\d.]+( .*)?$")
PDF_PART = re.compile(r" cold=\d+ms warm=\d+ms weasyprint_ratio=[\d.]+ pdf_pages=\d+")
NOT_YET = re.compile(r"^(\w+) not available yet \(.+\)$")
# Pages that exist before the planning and sheets work: these must be measured.
ALWAYS = {
    "dashboard",
    "client_list",
    "client_search",
    "client_page",
    "intake_detail",
    "library_list",
    "library_detail",
    "referral_pdf",
}

pytestmark = [
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the benchmark smoke run belongs to the SQLite pass",
    ),
    pytest.mark.skipif(
        shutil.which("wrk") is None and os.geteuid() != 0,
        reason="needs wrk (apt-get install wrk; the benchmark installs it when root)",
    ),
]


def test_a_smoke_run_prints_a_line_per_page_and_writes_the_results(tmp_path):
    results = tmp_path / "results.md"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    command = [sys.executable, "bench/run.py", "--smoke", "--out", str(tmp_path / "out")]
    done = subprocess.run(
        [*command, "--results", str(results)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]

    lines = [line for line in done.stdout.splitlines() if line and not line.startswith("#")]
    seen = {}
    for line in lines:
        match = MEASURED.match(line) or NOT_YET.match(line)
        assert match, f"not in the benchmark's format: {line!r}"
        seen[match[1]] = line
    assert set(seen) == {"bare"} | {page.name for page in PAGES}
    assert len(lines) == len(seen), "one line per page at one connection count"
    for page in PAGES:
        line = seen[page.name]
        if MEASURED.match(line):
            assert bool(PDF_PART.search(line)) == page.pdf, line
            assert "bad_answers" not in line, line
            assert re.search(r" queries=\d+ cpu=[\d.]+ms cpu_ratio=[\d.]+", line), line
    for name in ALWAYS:
        assert MEASURED.match(seen[name]), seen[name]

    text = results.read_text()
    for needed in ("| CPU |", "| Python |", "| database | SQLite", "| bare | 1 |", "## Targets"):
        assert needed in text
