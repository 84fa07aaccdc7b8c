"""The ``serve`` command: the app under a production WSGI server (waitress)."""

from __future__ import annotations

import argparse


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
    """Serve until interrupted."""
    from waitress import serve

    from formservice.web import create_app

    app = create_app()
    print(f"formservice: serving on http://{args.host}:{args.port}/", flush=True)
    serve(app, host=args.host, port=args.port, threads=args.threads, ident="formservice")
    return 0
