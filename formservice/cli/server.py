"""The serving commands: ``serve`` (everything, supervised), ``web`` (the web processes) and
``worker`` (the document worker)."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import threading

from formservice.cli.common import CommandError

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s[%(process)d]: %(message)s"


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``serve``, ``web`` and ``worker`` commands."""
    serve = subparsers.add_parser(
        "serve",
        help="serve the app: web processes and the document worker, supervised",
        description="Serve formservice: one gunicorn web process per core and the document "
        "worker, started, restarted and stopped together (SIGTERM or Ctrl-C stops all).",
    )
    _web_arguments(serve)
    serve.set_defaults(handler=run_serve)
    web = subparsers.add_parser(
        "web",
        help="only the web processes (gunicorn); `serve` runs them with the worker",
        description="Serve the web app with gunicorn, one process per core, without the "
        "document worker (run `formservice worker` beside it, or use `formservice serve`).",
    )
    _web_arguments(web)
    web.set_defaults(handler=run_web)
    worker = subparsers.add_parser(
        "worker",
        help="only the document worker (job queue and LibreOffice pool)",
        description="Make queued documents and send their mails until SIGTERM or Ctrl-C.",
    )
    worker.set_defaults(handler=run_worker)


def _web_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    parser.add_argument("--port", type=_port, default=5000, help="port (default 5000)")
    parser.add_argument(
        "--workers", type=_positive, default=None,
        help="web processes (default one per core)",
    )  # fmt: skip
    parser.add_argument(
        "--threads", type=_positive, default=4, help="threads per web process (default 4)"
    )


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}")
    return int(text)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not a positive whole number: {text!r}")
    return int(text)


def _prepared_app(*, tidy: bool) -> object:
    """The app, with its settings checked and the database migrated; ``tidy`` removes uploads no
    saved answer refers to (once, by the process that starts the others)."""
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    logging.getLogger("pikepdf").setLevel(logging.WARNING)  # its start-up chatter is no news
    os.umask(0o077)  # what the server, its jobs and LibreOffice write is for this user only
    from formservice.web import create_app

    try:
        app = create_app()
    except ValueError as error:  # a setting that cannot work, e.g. a short SECRET_KEY
        raise CommandError(str(error)) from None
    if tidy:
        removed = _remove_unreferenced_attachments(app)
        if removed:
            print(f"formservice: removed {removed} uploads no saved answer refers to", flush=True)
    return app


def run_serve(args: argparse.Namespace) -> int:
    """Start the web processes and the worker; serve until SIGTERM or Ctrl-C, then stop all."""
    from formservice.supervisor import Child, Supervisor, serve_forever
    from formservice.web_server import default_workers

    _prepared_app(tidy=True)  # fails here, in one line, on a bad setting; migrates once
    _check_free(args.host, args.port)
    workers = args.workers or default_workers()
    web = ["web", "--host", args.host, "--port", str(args.port), "--workers", str(workers),
           "--threads", str(args.threads)]  # fmt: skip
    supervisor = Supervisor([Child("web", web), Child("worker", ["worker"])])
    print(
        f"formservice: serving on http://{args.host}:{args.port}/ with {workers} web processes "
        "and a document worker",
        flush=True,
    )
    status = serve_forever(supervisor)
    print("formservice: stopped", flush=True)
    return status


def run_web(args: argparse.Namespace) -> int:
    """Serve with gunicorn until its master is stopped."""
    from formservice.web_server import default_workers, serve_web

    app = _prepared_app(tidy=False)
    serve_web(app, host=args.host, port=args.port, workers=args.workers or default_workers(),
              threads=args.threads)  # type: ignore[arg-type]  # fmt: skip
    return 0


def run_worker(args: argparse.Namespace) -> int:
    """Make documents until SIGTERM or SIGINT."""
    from formservice.config import load_settings
    from formservice.services import run_worker as work

    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    os.umask(0o077)
    try:
        settings = load_settings()
    except ValueError as error:
        raise CommandError(str(error)) from None
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, lambda *_: stop.set())
    work(settings, stop)
    print("formservice worker: stopped", flush=True)
    return 0


def _check_free(host: str, port: int) -> None:
    """A one-line error now, rather than a web process the supervisor restarts in vain."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise CommandError(f"cannot listen on {host}:{port}: {error.strerror}") from None


def _remove_unreferenced_attachments(app: object) -> int:
    from pathlib import Path

    from formservice.storage.attachments import remove_unreferenced_attachments
    from formservice.storage.db import connect

    db = connect(app.config["DATABASE"])  # type: ignore[attr-defined]
    try:
        return remove_unreferenced_attachments(db, Path(app.instance_path))  # type: ignore[attr-defined]
    finally:
        db.close()
