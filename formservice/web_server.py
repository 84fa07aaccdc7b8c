"""The web processes: the Flask app under gunicorn, one process per core.

Python runs one thread at a time per process, so a single process never uses more than one core
for pages and saves. Gunicorn's master binds the socket, forks the workers from the app it has
already built (``preload_app``: a worker that dies is replaced in milliseconds, and the workers
share the loaded definitions' memory) and replaces any worker that dies or stops answering
within ``timeout``. Its ``gthread`` workers keep browsers' connections alive between requests
and give each process a few threads, so a request waiting on the database's write lock does not
hold up the pages of others. SIGTERM stops gracefully (requests in progress are finished),
SIGINT at once. The master also compiles every template before it forks, so no worker compiles
its own copies on its first pages (some 0.7 s of CPU for all of them, once, instead of a share of
it in every worker and every replacement, on the requests that first use each template).
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

GRACEFUL_TIMEOUT = 10  # seconds requests in progress get to finish after SIGTERM
# seconds an idle browser connection is kept open: long, as nginx's 75 s, because a request that
# arrives as gunicorn closes its connection for idleness gets no answer (seen at 200 sessions
# with 5 s, under heavy load); idle connections cost the gthread worker only a poller entry
KEEPALIVE = 30


def default_workers() -> int:
    """One web process per core."""
    return max(1, os.cpu_count() or 1)


class _Gunicorn(BaseApplication):
    """Gunicorn serving an app built in this process, with settings given here (no config file)."""

    def __init__(self, app: Flask, options: dict[str, Any]) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            self.cfg.set(name, value)

    def load(self) -> Flask:
        return self.application


def compile_templates(app: Flask) -> int:
    """Compile every template of ``app`` into its Jinja environment's cache; return how many."""
    names = app.jinja_env.list_templates()
    for name in names:
        app.jinja_env.get_template(name)
    return len(names)


def serve_web(app: Flask, *, host: str, port: int, workers: int, threads: int) -> None:
    """Serve ``app`` on ``host:port`` until a signal stops gunicorn's master."""
    compile_templates(app)  # before the fork: the workers share the compiled templates
    _Gunicorn(
        app,
        {
            "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
            "workers": workers,
            "worker_class": "gthread",
            "threads": threads,
            "preload_app": True,
            "keepalive": KEEPALIVE,
            "graceful_timeout": GRACEFUL_TIMEOUT,
            "proc_name": "formservice-web",
            "accesslog": None,
            "errorlog": "-",
            "loglevel": "info",
            "control_socket_disable": True,  # gunicorn's is one path in $HOME for every server
            "forwarded_allow_ips": "",  # TRUSTED_PROXIES (Werkzeug's ProxyFix) decides instead
        },
    ).run()
