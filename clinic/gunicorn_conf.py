"""gunicorn settings for production: `gunicorn -c clinic/gunicorn_conf.py clinic.wsgi`.

The access log names the path but never the query string, so a client search term
(`/clients/?q=…`) never lands in a log file.
"""

import os
import threading
import time

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
# A worker silent this long is killed and replaced. Well above the database's lock wait
# (DATABASE_LOCK_WAIT, 5 s), so a busy database ends in the "nothing was saved" page,
# never in a killed worker.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# How often a worker checks that its master is still there.
PARENT_CHECK_SECONDS = 1.0


def post_worker_init(worker):
    _leave_with_the_master(worker)
    _warm_weasyprint()


def _leave_with_the_master(worker):
    """Exit as soon as the master is gone (killed with SIGKILL, say).

    gunicorn's sync worker notices a new parent only between requests, after waiting up
    to half the worker timeout: orphaned workers kept the port for about 15 s, so a
    restarted server couldn't bind it. The master's own pid is `worker.ppid`; when the
    parent changes, the worker leaves at once without running any more code (os._exit):
    an unfinished transaction is rolled back by the database.
    """

    def watch():
        while True:
            if os.getppid() != worker.ppid:
                worker.log.warning("Master %s is gone: worker %s exits", worker.ppid, worker.pid)
                os._exit(1)
            time.sleep(PARENT_CHECK_SECONDS)

    threading.Thread(target=watch, name="master-watch", daemon=True).start()


def _warm_weasyprint():
    """Warm WeasyPrint (fonts, CSS machinery: about half a second) in each new worker
    before it takes requests, so no client waits for it on their first PDF."""
    from clinic.pdf import html_to_pdf

    html_to_pdf("<!doctype html><title>warm-up</title><p>Warm-up.</p>", "http://127.0.0.1/")
