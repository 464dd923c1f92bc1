"""gunicorn's settings for Mitsprache: ``.venv/bin/gunicorn -c gunicorn.conf.py wsgi:app``.

Why these settings:

- **Slow clients must not take the site down.** A phone on a bad mobile connection (or
  someone on purpose) can send a request very slowly. gunicorn's default ``sync`` worker
  serves one connection at a time and waits for the whole request: two such clients
  held both workers and made the site unreachable until the worker timeout (30 s). The
  ``gthread`` worker waits for a connection's first bytes without using a thread, and
  each worker has ``threads`` threads, so a slow client holds one thread, not a worker.
  32 threads per worker keep answering even when all of 20 slow clients land on one
  worker (``bench/faults.py --only slow-clients`` checks it). A buffering proxy in front
  (``deploy/nginx.conf``) is the real protection in production: it receives the whole
  request before gunicorn sees it.
- **No client address is kept.** No access log (``accesslog = None``); gunicorn's own
  error log names the client's address only on an invalid request ("Invalid request
  from ip=…"), and the filter below removes it.
- **Bind**: ``127.0.0.1:$PORT`` (``PORT`` defaults to 8000): only the proxy on the same
  machine reaches the app. ``MITSPRACHE_BIND`` overrides it (``0.0.0.0:8000`` when the
  proxy runs on another host, or ``unix:/run/mitsprache/gunicorn.sock``). Options on the
  command line (``--bind``, ``--workers``) win over this file.

Settings from the environment: ``PORT``, ``MITSPRACHE_BIND``, ``WEB_CONCURRENCY`` (workers,
default 2 — one per core is a good start), ``MITSPRACHE_THREADS`` (threads per worker,
default 32). Each worker keeps up to 15 database connections (SQLAlchemy's pool), so
PostgreSQL needs ``max_connections`` of at least 15 × workers plus what else connects.
"""

from __future__ import annotations

import logging
import os
import re

# -- where to listen --------------------------------------------------------------------
bind = [os.environ.get("MITSPRACHE_BIND") or f"127.0.0.1:{os.environ.get('PORT') or '8000'}"]

# -- workers and threads ----------------------------------------------------------------
workers = int(os.environ.get("WEB_CONCURRENCY") or 2)
worker_class = "gthread"
threads = int(os.environ.get("MITSPRACHE_THREADS") or 32)
worker_connections = 1000  # open connections per worker (kept-alive and waiting ones too)

# -- timeouts ---------------------------------------------------------------------------
timeout = 30  # a worker whose main loop hangs this long is killed and replaced
graceful_timeout = 30  # on restart or stop, requests in flight get this long to finish
keepalive = 5  # an idle kept-alive connection is closed after this many seconds
# A slow client sending one header line every few seconds holds a thread until its request
# is complete; fewer header lines allowed (browsers send about 15) end it sooner with 431.
limit_request_fields = 50
limit_request_line = 4094
limit_request_field_size = 8190

# -- logging: never a client address ----------------------------------------------------
accesslog = None  # no access log: it would name every family's address
access_log_format = '"%(m)s %(U)s" %(s)s %(b)s %(M)sms'  # if one is switched on: no %(h)s, no query
errorlog = "-"
loglevel = "info"
proc_name = "mitsprache"
# gunicorn's control socket (gunicornc) is not used: without it, several gunicorns on one
# machine do not share one socket in the home folder.
control_socket_disable = True


class _NoClientAddress(logging.Filter):
    """Removes client addresses from gunicorn's error log ("Invalid request from ip=…")."""

    _ADDRESS = re.compile(r"\bip=\S*?(?=: |\s|$)")

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and "ip=" in record.msg:
            record.msg = self._ADDRESS.sub("ip=-", record.msg)
        return True


def on_starting(server) -> None:  # noqa: ARG001 - gunicorn's hook signature
    """In the master, before the workers are forked (they inherit the filter)."""
    logger = logging.getLogger("gunicorn.error")
    if not any(isinstance(f, _NoClientAddress) for f in logger.filters):
        logger.addFilter(_NoClientAddress())
