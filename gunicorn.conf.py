"""gunicorn's settings for SocialSafe: `gunicorn -c gunicorn.conf.py` (make serve; docs/deploy.md).

Each can be changed from the environment without editing this file; gunicorn's own GUNICORN_CMD_ARGS also works.
"""

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {value!r}") from None


_cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)

# The app to serve.
wsgi_app = "socialsafe.wsgi:application"
# Where to listen. Behind nginx or a load balancer keep it on 127.0.0.1 or a private address: TLS ends at the proxy.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Processes answering requests: gunicorn's rule of thumb, 2 per core + 1, capped at 12 (each holds the app and
# WeasyPrint in memory, and a database connection); past that, run more machines rather than more workers.
workers = _int("GUNICORN_WORKERS", min(2 * _cores + 1, 12))
# Threads per worker. 1 is the plain synchronous worker; more switches to gthread (also keeps connections alive).
threads = _int("GUNICORN_THREADS", 1)
# Load Django (and WeasyPrint: socialsafe/letters/apps.py) once in the master before forking: workers start at once,
# share those pages of memory, and a broken release fails at start-up instead of in every worker.
preload_app = True

# Requests queued for a free worker before the kernel refuses more.
backlog = 2048
# A worker silent this long (a request stuck on a lock or an endless loop) is killed and replaced. A termly PDF at
# EA size takes up to about 2 s; 30 s leaves room without letting a stuck worker hold its place.
timeout = _int("GUNICORN_TIMEOUT", 30)
# On SIGTERM (systemctl stop or restart) workers finish the requests in hand for up to this long before they are killed.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Seconds an idle keep-alive connection from the proxy stays open (gthread only; sync workers close after each).
keepalive = 5
# Each worker is replaced after about this many requests (jittered so they do not all restart at once): a slow leak
# in a library never grows without bound.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = max_requests // 10
# Refuse absurd request lines and headers before Django sees them.
limit_request_line = 8190
limit_request_fields = 100

# Workers' heartbeat files on tmpfs where there is one: a slow disk must not make gunicorn think a worker hung.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 (tmpfs, gunicorn's own advice)
# Which proxies may set X-Forwarded-Proto for gunicorn (Django decides for itself: BEHIND_TLS_PROXY).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# One line per request on stdout ("-"), errors on stderr; GUNICORN_ACCESS_LOG= (empty) turns the access log off,
# for instance with LOG_FORMAT=json, where the app logs each request itself with its user and school ids.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
# The path without its query string, and no referrer: a search or a `next=` may hold a child's name. Address, time,
# method, path, status, bytes, milliseconds.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The name `ps` shows.
proc_name = "socialsafe"
# gunicorn's control socket (one per user by default): off, so that two servers of one user (a second school, a
# benchmark beside `make serve`) do not take each other's over. Nothing here uses it.
control_socket_disable = True


def pre_fork(server, worker):
    # If loading the app opened a database connection in the master, a forked worker must not share its socket.
    from django.db import connections

    connections.close_all()
