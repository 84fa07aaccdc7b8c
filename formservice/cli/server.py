"""The ``serve`` command: the app under a production WSGI server (waitress)."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal

from formservice.cli.common import CommandError


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``serve`` command."""
    serve = subparsers.add_parser(
        "serve",
        help="serve the app with a production WSGI server",
        description="Serve formservice with waitress, with the background services it needs.",
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    serve.add_argument("--port", type=_port, default=5000, help="port (default 5000)")
    serve.add_argument("--threads", type=_positive, default=8, help="worker threads (default 8)")
    serve.add_argument(
        "--connections", type=_positive, default=1000,
        help="open connections accepted at once (default 1000; waitress's own 100 would leave "
        "the 101st browser waiting while 100 others only keep their connection alive)",
    )  # fmt: skip
    serve.set_defaults(handler=run_serve)


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}")
    return int(text)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not a positive whole number: {text!r}")
    return int(text)


def run_serve(args: argparse.Namespace) -> int:
    """Serve until interrupted (Ctrl-C or SIGTERM), then stop the background services."""
    from waitress import serve

    from formservice.services import background_services
    from formservice.web import create_app

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    os.umask(0o077)  # what the server, its jobs and LibreOffice write is for this user only
    try:
        app = create_app()
    except ValueError as error:  # a setting that cannot work, e.g. a short SECRET_KEY
        raise CommandError(str(error)) from None
    removed = _remove_unreferenced_attachments(app)
    if removed:
        print(f"formservice: removed {removed} uploads no saved answer refers to", flush=True)
    signal.signal(signal.SIGTERM, _stop)
    with background_services(app.config):
        print(f"formservice: serving on http://{args.host}:{args.port}/", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            serve(app, host=args.host, port=args.port, threads=args.threads,
                  connection_limit=args.connections, ident="formservice")  # fmt: skip
    print("formservice: stopped", flush=True)
    return 0


def _remove_unreferenced_attachments(app: object) -> int:
    from pathlib import Path

    from formservice.storage.attachments import remove_unreferenced_attachments
    from formservice.storage.db import connect

    db = connect(app.config["DATABASE"])  # type: ignore[attr-defined]
    try:
        return remove_unreferenced_attachments(db, Path(app.instance_path))  # type: ignore[attr-defined]
    finally:
        db.close()


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
