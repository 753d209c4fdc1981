"""Serving with gunicorn and loading with wrk: the parts of the benchmark outside Django."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with the production config (`clinic/gunicorn_conf.py`) on a loopback port.

    `env` is added to this process's environment; stop() ends only the process it started.
    """

    def __init__(self, env: dict[str, str], *, workers: int = 2, log: Path | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": str(workers),
        }
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 30) -> Server:
        err = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115
        command = [sys.executable, "-m", "gunicorn", "-c", "clinic/gunicorn_conf.py"]
        self.process = subprocess.Popen(
            [*command, "clinic.wsgi"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,  # the access log: a line per request
            stderr=err,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited with {self.process.returncode}; see {self.log}"
                )
            try:
                if get(self.url + "/healthz", timeout=2).status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within {timeout} s; see {self.log}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


@dataclass
class Answer:
    status: int
    content_type: str
    body: bytes
    ms: float


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect (to the login page, say) is an answer, not a hop


_opener = urllib.request.build_opener(_NoRedirects)


def get(url: str, *, cookie: str = "", timeout: float = 30, body: str | None = None) -> Answer:
    """GET the page, or POST `body` (urlencoded) to it."""
    headers = {"Cookie": cookie} if cookie else {}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    data = body.encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers=headers)
    started = time.perf_counter()
    try:
        with _opener.open(request, timeout=timeout) as response:
            body = response.read()
            status, content_type = response.status, response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        body = error.read()
        status, content_type = error.code, error.headers.get("Content-Type", "")
    return Answer(status, content_type, body, (time.perf_counter() - started) * 1000)


# --- wrk -------------------------------------------------------------------------------------


@dataclass
class Load:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    bad: int  # non-2xx/3xx answers and socket errors


def ensure_wrk() -> str:
    """The wrk binary; installed with apt-get when missing and we are root on Debian."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("installing wrk (apt-get install wrk)", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        install = ["apt-get", "install", "-y", "-qq", "wrk"]
        if subprocess.run(install, env=env, capture_output=True).returncode != 0:
            subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True)
            subprocess.run(install, env=env, capture_output=True, check=True)
        found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk is needed: apt-get install wrk (as root)")
    return found


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS_MS[unit]


def parse_wrk(output: str) -> Load:
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+(?:us|ms|s|m))\s*$", output, re.M))
    requests = re.search(r"^\s*(\d+) requests in", output, re.M)
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    if not (requests and rps and "50" in percentiles and "99" in percentiles):
        raise RuntimeError(f"could not read wrk's output:\n{output}")
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return Load(
        rps=float(rps.group(1)),
        p50_ms=_ms(percentiles["50"]),
        p99_ms=_ms(percentiles["99"]),
        requests=int(requests.group(1)),
        bad=(int(bad.group(1)) if bad else 0)
        + (sum(int(n) for n in errors.groups()) if errors else 0),
    )


def run_wrk(
    wrk: str, url: str, *, connections: int, seconds: float, cookie: str, body: str | None = None
) -> Load:
    """wrk on `url`: GET, or POST `body` (urlencoded) through a small wrk script."""
    threads = min(connections, 2)  # two cores, shared with the server
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s"]
    command += ["--latency", "--timeout", "10s", "-H", f"Cookie: {cookie}"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        if body is not None:
            script.write(
                'wrk.method = "POST"\n'
                f"wrk.body = {json.dumps(body)}\n"
                'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
            )
            script.flush()
            command += ["-s", script.name]
        result = subprocess.run([*command, url], capture_output=True, text=True, check=True)
    return parse_wrk(result.stdout)
