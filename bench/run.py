"""`make bench`: a large practice served by gunicorn (2 workers), loaded with wrk.

    .venv/bin/python bench/run.py                       # 10,000 clients, every page, 1 and 8 connections
    .venv/bin/python bench/run.py --clients 100000 --intakes 0 --sessions 0 --pages client_search
    .venv/bin/python bench/run.py --smoke               # tiny, a second a page (CI)
    bash .ci/with-postgres.sh .venv/bin/python bench/run.py   # on a throwaway PostgreSQL

Prints one line per page and connection count, `<page> rps=… p50=…ms p99=…ms ratio=…`
(ratio: the page's requests a second over the bare page's), with `cold=… warm=…` for PDFs,
and writes the table with the machine it ran on to bench/results.md. SQLite by default,
in a file per size under bench/out/ (kept, so a second run skips the build); PostgreSQL when
DATABASE_URL says so.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.build_data import Sizes, ensure_practice  # noqa: E402
from bench.load import Load, Server, ensure_wrk, get, run_wrk  # noqa: E402
from bench.pages import BARE, CSRF_COOKIE, Page, address, by_name  # noqa: E402

SMOKE_SIZES = Sizes(clients=60, intakes=120, sessions=300, entries=40)


@dataclass
class Row:
    page: Page
    connections: int
    load: Load
    ratio: float
    cold_ms: float | None = None
    warm_ms: float | None = None
    pdf_pages: int | None = None
    queries: int | None = None
    cpu_ms: float | None = None
    cpu_ratio: float | None = None

    def line(self, one_line_ms: float | None) -> str:
        text = (
            f"{self.page.name} rps={self.load.rps:.0f} p50={self.load.p50_ms:.1f}ms "
            f"p99={self.load.p99_ms:.1f}ms ratio={self.ratio:.2f}"
        )
        if self.cold_ms is not None and self.warm_ms is not None:
            text += f" cold={self.cold_ms:.0f}ms warm={self.warm_ms:.0f}ms"
            if one_line_ms:
                text += f" weasyprint_ratio={self.warm_ms / one_line_ms:.1f}"
            text += f" pdf_pages={self.pdf_pages}"
        if self.queries is not None and self.cpu_ms is not None:
            text += (
                f" queries={self.queries} cpu={self.cpu_ms:.1f}ms cpu_ratio={self.cpu_ratio:.2f}"
            )
        if self.load.bad:
            text += f" bad_answers={self.load.bad}"
        return text


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--intakes", type=int, default=30_000)
    parser.add_argument("--sessions", type=int, default=60_000)
    parser.add_argument("--entries", type=int, default=200, help="published library entries")
    parser.add_argument("--duration", type=float, default=5, help="seconds of load per page")
    parser.add_argument("--connections", help="comma-separated; default 1,8 (smoke: 1)")
    parser.add_argument("--pages", default="", help="comma-separated page names (default all)")
    parser.add_argument("--warm-repeats", type=int, default=7, help="uncached PDF renders timed")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, a second a page")
    parser.add_argument("--out", type=Path, default=None, help="databases, static, logs")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results.md")
    args = parser.parse_args(argv)
    if args.smoke:
        for name, value in vars(SMOKE_SIZES).items():
            setattr(args, name, value)
        args.duration, args.warm_repeats = 1, 2
        args.connections = args.connections or "1"
    args.out = args.out or ROOT / "bench" / "out" / ("smoke" if args.smoke else "")
    args.connections = [int(n) for n in (args.connections or "1,8").split(",") if n.strip()]
    return args


def configure(args: argparse.Namespace, sizes: Sizes) -> dict[str, str]:
    """Environment for this process and the servers: bench settings, the database."""
    args.out.mkdir(parents=True, exist_ok=True)
    for name in ("DEBUG", "CLINIC_ENV"):  # measure the real thing: no debug, plain HTTP
        os.environ.pop(name, None)
    env = {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_STATIC_ROOT": str(args.out / "static"),
    }
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgis")):
        env["DATABASE_URL"] = f"sqlite:///{args.out / f'bench-{sizes.slug}.sqlite3'}"
    os.environ.update(env)
    return env


def prepare_database() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--no-input", verbosity=0)


def sign_in(user_pk: int) -> str:
    """A new session of a signed-in therapist, made as the test client does (so whatever
    the authentication backends are): the Cookie header that carries it."""
    from django.conf import settings
    from django.test import Client

    from clinic.models import User

    client = Client()
    client.force_login(User.objects.get(pk=user_pk))  # also sets last_login: the 12-hour limit
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return f"{settings.SESSION_COOKIE_NAME}={session}"


def one_line_pdf_ms(repeats: int) -> float:
    """WeasyPrint rendering a one-line page, warm, in this process: the PDF floor."""
    from clinic.pdf import html_to_pdf

    html = "<!doctype html><title>One line</title><p>One line of text.</p>"
    html_to_pdf(html, "http://127.0.0.1/")
    times = []
    for _ in range(max(3, repeats)):
        started = time.perf_counter()
        html_to_pdf(html, "http://127.0.0.1/")
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def pdf_page_count(pdf: bytes) -> int:
    """Pages in a PDF: poppler's pdfinfo reads compressed object streams; without it,
    page objects written in the clear are counted (at least 1)."""
    import shutil
    import subprocess
    import tempfile

    if shutil.which("pdfinfo"):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
            file.write(pdf)
            file.flush()
            info = subprocess.run(["pdfinfo", file.name], capture_output=True, text=True)
        found = re.search(r"^Pages:\s+(\d+)", info.stdout, re.M)
        if found:
            return int(found.group(1))
    return max(1, len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf)))


def in_process(
    path: str, cookie: str, budget_s: float, body: str | None = None
) -> tuple[int, float]:
    """Queries one request makes, and the CPU time it takes, in this process with the
    same session. CPU time hardly depends on what else the machine is doing, so the ratio
    of CPU times tells what the req/s ratio would be on an idle machine; on SQLite it
    includes the database's work, on PostgreSQL not."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    for part in cookie.split("; "):
        name, _, value = part.partition("=")
        client.cookies[name] = value

    def request():
        if body is None:
            return client.get(path)
        return client.post(path, body, content_type="application/x-www-form-urlencoded")

    request()  # the first request may fill per-process caches
    with CaptureQueriesContext(connection) as captured:
        request()
    queries = len(captured.captured_queries)  # read now: each request empties the log
    count, started = 0, time.process_time()
    while count < 3 or (count < 50 and time.process_time() - started < budget_s):
        request()
        count += 1
    return queries, (time.process_time() - started) / count * 1000


def expected_answer(page: Page, answer) -> str:
    """Empty when the page answered as it should; otherwise why not."""
    if page.form is not None:  # a saved form answers with its redirect
        return "" if answer.status == 302 else f"HTTP {answer.status}"
    if answer.status != 200:
        return f"HTTP {answer.status}"
    wanted = "application/pdf" if page.pdf else "text/html"
    if not answer.content_type.startswith(wanted):
        return f"answered {answer.content_type}"
    return ""


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = Sizes(args.clients, args.intakes, args.sessions, args.entries)
    env = configure(args, sizes)
    wrk = ensure_wrk()
    import django

    django.setup()
    started = datetime.now().astimezone()
    load_before = os.getloadavg()
    progress("migrating, collecting static files")
    prepare_database()
    world = ensure_practice(sizes, log=progress)
    pages = by_name([n.strip() for n in args.pages.split(",") if n.strip()])

    def cookie() -> str:  # fresh each time: the idle limit counts from the signed cookie
        return f"{sign_in(world.user_pk)}; {CSRF_COOKIE}"  # the CSRF cookie for posted forms

    one_line_ms = one_line_pdf_ms(args.warm_repeats) if any(p.pdf for p in pages) else None
    lines = [f"# {sizes.label}; gunicorn 2 workers; wrk {args.duration:g} s a page"]
    if one_line_ms:
        lines.append(f"# WeasyPrint one-line page: {one_line_ms:.1f} ms warm")
    rows, available, cold, warm = measure(args, env, world, pages, wrk, cookie, lines)
    measured = [page for page in pages if page.name in available]
    progress("counting queries and CPU time, in this process")
    budget = 0.2 if args.smoke else 1.0
    costs = {
        p.name: in_process(available[p.name], cookie(), budget, p.body(world))
        for p in [BARE, *measured]
    }
    for row in rows:
        row.queries, row.cpu_ms = costs[row.page.name]
        row.cpu_ratio = costs[BARE.name][1] / row.cpu_ms
        if row.page.pdf:
            row.cold_ms = cold[row.page.name]
            row.warm_ms, row.pdf_pages = warm[row.page.name]
    for connections in args.connections:
        lines.append(f"# {connections} connection{'s' if connections > 1 else ''}")
        lines += [row.line(one_line_ms) for row in rows if row.connections == connections]
    print("\n".join(lines), flush=True)
    machine = describe_machine(started, load_before, os.getloadavg())
    write_results(args, sizes, rows, lines, machine, one_line_ms)
    print(f"# results written to {args.results}", flush=True)
    return 0


def measure(args, env, world, pages, wrk, cookie, lines):
    """One server for every page: which answer, then wrk at each connection count, then
    uncached PDF renders one at a time (warm)."""
    from django.core.cache import cache

    rows: list[Row] = []
    warm: dict[str, tuple[float, int]] = {}
    log_file = args.out / "gunicorn.log"
    with Server(env, log=log_file) as server:
        available, cold = find_available(
            server, pages, world, env, log_file, cookie, lines, fresh_servers=not args.smoke
        )
        measured = [page for page in pages if page.name in available]
        available[BARE.name] = BARE.path(world)
        for page in [BARE, *measured]:  # every worker renders every page before timing
            for _ in range(2 if args.smoke else 6):
                get(server.url + available[page.name], cookie=cookie(), body=page.body(world))
        for connections in args.connections:
            rows += measure_round(
                wrk, server, measured, available, connections, args, cookie, world
            )
        for page in (p for p in measured if p.pdf):
            progress(f"{page.name}: uncached renders")
            times, count = [], 1
            for _ in range(args.warm_repeats):
                cache.clear()  # so the cached PDF too is rendered again
                answer = get(server.url + available[page.name], cookie=cookie())
                times.append(answer.ms)
                count = pdf_page_count(answer.body)
            warm[page.name] = (statistics.median(times), count)
    return rows, available, cold, warm


STARTED = time.monotonic()


def progress(text: str) -> None:
    print(f"... {time.monotonic() - STARTED:5.1f} s  {text}", file=sys.stderr, flush=True)


def find_available(server, pages, world, env, log_file, cookie, lines, fresh_servers=True):
    """Which pages answer as they should, at which path. A PDF's first request on a fresh
    server process (one worker, cache emptied) is its cold time; with `fresh_servers`
    off (the smoke run), its first request on the benchmark's server."""
    from django.core.cache import cache

    available: dict[str, str] = {}
    cold: dict[str, float] = {}
    for page in pages:
        path, why = address(page, world)
        if path is None:
            lines.append(f"{page.name} not available yet ({why})")
            continue
        progress(f"checking {page.name}")
        if page.pdf and fresh_servers:
            with Server(env, workers=1, log=log_file) as fresh:
                cache.clear()
                answer = get(fresh.url + path, cookie=cookie())
        else:
            if page.pdf:
                cache.clear()
            answer = get(server.url + path, cookie=cookie(), body=page.body(world))
        problem = expected_answer(page, answer)
        if problem:
            lines.append(f"{page.name} not available yet ({problem} at {path})")
        else:
            available[page.name] = path
            if page.pdf:
                cold[page.name] = answer.ms
    return available, cold


def measure_round(wrk, server, pages, available, connections, args, cookie, world) -> list[Row]:
    """Every page under wrk at one connection count, each between two (shorter) runs of
    the bare page, and its ratio against their mean: the load of a shared machine drifts
    from minute to minute, and this way it weighs about the same on both sides."""

    def load(page: Page, seconds: float) -> Load:
        progress(f"{page.name} at {connections} connection(s)")
        url = server.url + available[page.name]
        body = page.body(world)
        return run_wrk(
            wrk, url, connections=connections, seconds=seconds, cookie=cookie(), body=body
        )

    bare_seconds = max(1.0, args.duration / 2)
    group = len(pages) if args.smoke else 1  # the smoke run checks, it doesn't compare
    bares = [load(BARE, bare_seconds)]
    rows = []
    for start in range(0, len(pages), group):
        loads = [(page, load(page, args.duration)) for page in pages[start : start + group]]
        bares.append(load(BARE, bare_seconds))
        floor = (bares[-2].rps + bares[-1].rps) / 2
        rows += [Row(p, connections, pl, ratio=pl.rps / floor if floor else 0) for p, pl in loads]
    median = sorted(bares, key=lambda bare: bare.rps)[len(bares) // 2]
    bare = Load(
        rps=statistics.mean(bare.rps for bare in bares),
        p50_ms=median.p50_ms,
        p99_ms=median.p99_ms,
        requests=sum(bare.requests for bare in bares),
        bad=sum(bare.bad for bare in bares),
    )
    return [Row(BARE, connections, bare, ratio=1.0), *rows]


# --- results.md -------------------------------------------------------------------------------


def describe_machine(started: datetime, load_before, load_after) -> dict[str, str]:
    import django
    import weasyprint
    from django.db import connection

    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        match = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.M)
        cpu = match.group(1).strip() if match else cpu
    if connection.vendor == "sqlite":
        import sqlite3

        database = f"SQLite {sqlite3.sqlite_version} (WAL)"
    else:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0]}"
    return {
        "date": started.strftime("%Y-%m-%d %H:%M %Z"),
        "CPU": f"{cpu}, {os.cpu_count()} cores",
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "database": database,
        "cache": "Redis" if os.environ.get("REDIS_URL") else "database cache",
        "WeasyPrint": weasyprint.__version__,
        "load average": f"{load_before[0]:.2f} before, {load_after[0]:.2f} after (1 min)",
    }


def targets(rows: list[Row], sizes: Sizes) -> list[str]:
    """The issue's targets, each met or missed and by how much."""
    found = []
    busiest = max((r.connections for r in rows), default=0)
    for row in rows:
        if row.connections != busiest or row.page is BARE:
            continue
        name = row.page.name
        if not row.page.pdf:
            found.append(_target(f"{name}: ratio ≥ 0.5 at {busiest}", row.ratio, 0.5, ">="))
            found.append(_target(f"{name}: CPU-time ratio ≥ 0.5", row.cpu_ratio, 0.5, ">="))
            found.append(_target(f"{name}: p99 < 50 ms at {busiest}", row.load.p99_ms, 50, "<"))
        if row.page.pdf and row.page.cached:
            found.append(_target(f"{name} (cached): ratio ≥ 0.8", row.ratio, 0.8, ">="))
            found.append(
                _target(f"{name} (cached): CPU-time ratio ≥ 0.8", row.cpu_ratio, 0.8, ">=")
            )
        if row.page.pdf and row.page.cached and row.warm_ms is not None:
            per_page = row.warm_ms / (row.pdf_pages or 1)
            found.append(_target(f"{name}: warm < 60 ms a page", per_page, 60, "<"))
    for row in rows:
        if row.page.name == "client_search" and row.connections == 1:
            label = f"client_search at {sizes.clients} clients: p50 < 20 ms at 1 connection"
            if sizes.clients < 100_000:
                label += " (the target is at 100,000 clients)"
            found.append(_target(label, row.load.p50_ms, 20, "<"))
    return found


def _target(label: str, value: float | None, limit: float, way: str) -> str:
    if value is None:
        return f"- not measured: {label}"
    met = value >= limit if way == ">=" else value < limit
    if met:
        return f"- met: {label} ({value:.2f})"
    gap = limit - value if way == ">=" else value - limit
    return f"- **missed**: {label} ({value:.2f}, by {gap:.2f}, {gap / limit:.0%})"


def write_results(args, sizes, rows, lines, machine, one_line_ms) -> None:
    command = "python bench/run.py " + " ".join(sys.argv[1:]) if sys.argv[1:] else "make bench"
    out = [
        "# Benchmark results",
        "",
        f"Command: `{command.strip()}` — {sizes.label}, gunicorn with 2 sync workers on "
        f"127.0.0.1, wrk {args.duration:g} s a page at "
        f"{', '.join(str(c) for c in args.connections)} connection(s), signed in as a therapist.",
        "",
        "| machine | |",
        "|---|---|",
        *(f"| {key} | {value} |" for key, value in machine.items()),
        "",
        "wrk runs on the same two cores as gunicorn and the database, and this machine is "
        "shared with other work (test suites, browsers, builds): see the load average above. "
        "Compare ratios rather than absolute numbers, and rerun before reading much into a "
        "difference of 10–20%. The CPU columns come from the same requests made in the "
        "benchmark's own process (Django's test client, same session): CPU time hardly "
        "depends on the machine's load, so its ratio to the bare page's predicts the req/s "
        "ratio on an idle machine (on SQLite it includes the database's work).",
        "",
        "| page | connections | req/s | p50 ms | p99 ms | ratio to bare | CPU ms | CPU-time "
        "ratio | queries | PDF cold ms | PDF warm ms | PDF pages |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        pdf = " | | "
        if row.page.pdf and row.warm_ms is not None:
            pdf = f"{row.cold_ms:.0f} | {row.warm_ms:.0f} | {row.pdf_pages}"
        out.append(
            f"| {row.page.name} | {row.connections} | {row.load.rps:.0f} | {row.load.p50_ms:.1f} "
            f"| {row.load.p99_ms:.1f} | {row.ratio:.2f} | {row.cpu_ms:.1f} | {row.cpu_ratio:.2f} "
            f"| {row.queries} | {pdf} |"
        )
    missing = [line for line in lines if "not available yet" in line]
    if missing:
        out += ["", "Not measured:", "", *(f"- {line}" for line in missing)]
    if one_line_ms:
        out += ["", f"WeasyPrint renders a one-line page in {one_line_ms:.1f} ms (warm)."]
    out += ["", "## Targets", "", *targets(rows, sizes), "", "## Output", "", "```", *lines, "```"]
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text("\n".join(out) + "\n")


if __name__ == "__main__":
    sys.exit(main())
