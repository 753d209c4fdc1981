"""gunicorn settings for production: `gunicorn -c clinic/gunicorn_conf.py clinic.wsgi`.

The access log names the path but never the query string, so a client search term
(`/clients/?q=…`) never lands in a log file.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):
    """Warm WeasyPrint (fonts, CSS machinery: about half a second) in each new worker
    before it takes requests, so no client waits for it on their first PDF."""
    from clinic.pdf import html_to_pdf

    html_to_pdf("<!doctype html><title>warm-up</title><p>Warm-up.</p>", "http://127.0.0.1/")
