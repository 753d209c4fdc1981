"""A gunicorn master killed outright (SIGKILL, an OOM kill): its workers leave within a
few seconds, so a restarted server can bind the port again at once."""

from __future__ import annotations

import os
import signal
import socket
import time
from pathlib import Path

from bench.load import Server
from tests.clinic.sqlite_site import site_env


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def running(pid: int) -> bool:
    """Alive and not a zombie (an exited process its new parent hasn't reaped yet)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def test_workers_leave_within_seconds_when_their_master_is_killed(sqlite_file, tmp_path):
    server = Server(site_env(sqlite_file), workers=2, log=tmp_path / "gunicorn.log").start()
    master = server.process
    workers = children_of(master.pid)
    assert len(workers) == 2
    try:
        master.send_signal(signal.SIGKILL)
        master.wait(timeout=10)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and (
            any(running(pid) for pid in workers) or port_open(server.port)
        ):
            time.sleep(0.1)
        left = [pid for pid in workers if running(pid)]
        assert left == [], f"workers still running 5 s after the master died: {left}"
        assert not port_open(server.port)
    finally:
        for pid in workers:  # only the workers this test started, if the test failed
            if running(pid):
                os.kill(pid, signal.SIGKILL)
        server.process = None
