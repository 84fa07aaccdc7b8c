"""Start the local test OpenID provider (``provider.js``, the npm package oidc-provider) and stop
it again; ``make run`` serves formservice with it, and the test suite starts it the same way.

    .venv/bin/python scripts/oidc-test-provider/run.py --app-url http://127.0.0.1:5000 \\
        --port 5001 -- .venv/bin/formservice serve --host 127.0.0.1 --port 5000

runs the command with the ``FORMSERVICE_OIDC_*`` settings pointing at the provider (ID-porten's
persons and the office's staff, both marked as a test login), and stops the provider when the
command ends (Ctrl-C or SIGTERM included): nothing is left running.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).resolve().parent / "provider.js"
STAFF = [
    {"id": "staff-saksbehandler", "preferred_username": "saksbehandler",
     "name": "Sara Demo (saksbehandler)"},
    {"id": "staff-admin", "preferred_username": "admin", "name": "Anne Demo (administrator)"},
]  # fmt: skip


@dataclass
class TestProvider:
    """A running test provider: its issuer, the clients' secrets, and its process."""

    issuer: str
    secret: str
    staff_secret: str
    process: subprocess.Popen

    def settings(self) -> dict[str, str]:
        """formservice's settings (environment variables) for this provider."""
        return {
            "FORMSERVICE_OIDC_ISSUER": self.issuer,
            "FORMSERVICE_OIDC_CLIENT_ID": "formservice",
            "FORMSERVICE_OIDC_CLIENT_SECRET": self.secret,
            "FORMSERVICE_OIDC_STAFF_ISSUER": self.issuer,
            "FORMSERVICE_OIDC_STAFF_CLIENT_ID": "formservice-staff",
            "FORMSERVICE_OIDC_STAFF_CLIENT_SECRET": self.staff_secret,
            "FORMSERVICE_OIDC_TEST_PROVIDER": "true",
            # the test provider may log in Tenor's synthetic persons, as ID-porten's test does
            "FORMSERVICE_TEST_IDENTITIES": "true",
        }


def provider_config(app_url: str, issuer: str, port: int, persons: list[dict[str, Any]],
                    secret: str, staff_secret: str, *, staff: list[dict[str, Any]] | None = None,
                    jwks: dict[str, Any] | None = None,
                    key_clients: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:  # fmt: skip
    """The provider's configuration for formservice served at ``app_url``; ``key_clients`` are
    more ID-porten clients by client id, each with its public keys (a JWKS), that authenticate
    with ``private_key_jwt`` as ID-porten recommends."""

    def client(name: str, client_id: str, auth: dict[str, Any]) -> dict[str, Any]:
        return {
            "client_id": client_id,
            **auth,
            "redirect_uris": [f"{app_url}/logg-inn/{name}/tilbake"],
            "post_logout_redirect_uris": [f"{app_url}/logg-ut/ferdig"],
            "backchannel_logout_uri": f"{app_url}/logg-ut/{name}/bakkanal",
            "frontchannel_logout_uri": f"{app_url}/logg-ut/{name}/frontkanal",
        }

    by_key = [
        client(
            "idporten",
            client_id,
            {
                "token_endpoint_auth_method": "private_key_jwt",
                "token_endpoint_auth_signing_alg": "RS256",
                "jwks": public_keys,
            },
        )
        for client_id, public_keys in (key_clients or {}).items()
    ]
    return {
        "host": "127.0.0.1",
        "port": port,
        "issuer": issuer,
        "clients": [
            client("idporten", "formservice", {"client_secret": secret}),
            client("staff", "formservice-staff", {"client_secret": staff_secret}),
            *by_key,
        ],
        "persons": persons,
        "staff": STAFF if staff is None else staff,
        **({"jwks": jwks} if jwks else {}),
    }


@contextmanager
def running_provider(
    app_url: str,
    port: int,
    folder: Path,
    persons: list[dict[str, Any]],
    *,
    staff: list[dict[str, Any]] | None = None,
    jwks: dict[str, Any] | None = None,
    key_clients: dict[str, dict[str, Any]] | None = None,
) -> Iterator[TestProvider]:
    """The test provider on 127.0.0.1:``port`` for formservice at ``app_url``, until the end;
    ``jwks`` are its signing keys (private; made anew at each start without), ``key_clients``
    the public keys of clients that authenticate with ``private_key_jwt``, by client id."""
    issuer = f"http://127.0.0.1:{port}"
    secret, staff_secret = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
    config = folder / "oidc-test-provider.json"
    settings = provider_config(app_url, issuer, port, persons, secret, staff_secret,
                               staff=staff, jwks=jwks, key_clients=key_clients)  # fmt: skip
    config.write_text(json.dumps(settings), encoding="utf-8")
    config.chmod(0o600)
    log = (folder / "oidc-test-provider.log").open("wb")
    process = subprocess.Popen(["node", str(SCRIPT), str(config)], cwd=ROOT,
                               stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while b"listening on" not in (folder / "oidc-test-provider.log").read_bytes():
            if process.poll() is not None or time.monotonic() > deadline:
                output = (folder / "oidc-test-provider.log").read_text(errors="replace")
                raise RuntimeError(f"the test OpenID provider did not start:\n{output}")
            time.sleep(0.1)
        yield TestProvider(issuer, secret, staff_secret, process)
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app-url", required=True, help="where formservice is served")
    parser.add_argument("--port", type=int, default=5001, help="the provider's port")
    parser.add_argument("--instance", default="instance", help="folder for config and log")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- the command to run")
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("name the command to run after --")
    sys.path.insert(0, str(ROOT))
    from formservice.storage.demo_persons import provider_persons

    folder = Path(args.instance)
    folder.mkdir(parents=True, exist_ok=True)
    with running_provider(args.app_url, args.port, folder, provider_persons()) as provider:
        print(f"test login (not ID-porten): {provider.issuer}, demo persons in the README")
        child = subprocess.Popen(command, env={**os.environ, **provider.settings()})
        signal.signal(signal.SIGTERM, lambda *_: child.terminate())
        try:
            return child.wait()
        except KeyboardInterrupt:  # Ctrl-C reached the server too; let it stop
            return child.wait()


if __name__ == "__main__":
    sys.exit(main())
