"""Every setting formservice reads, declared once with its default and help.

Settings come from, in rising priority: the defaults below, ``instance/config.json``, and the
environment as ``FORMSERVICE_<NAME>``. Paths are relative to the working directory unless absolute.
``formservice settings`` would list them; the README documents them and a test checks it does.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class SettingsError(ValueError):
    """A setting that cannot be read: the message names the setting and what is wrong."""


@dataclass(frozen=True)
class Setting:
    """One setting: name, default and what it is for."""

    name: str
    default: Any
    help: str


SETTINGS = (
    Setting(
        "INSTANCE_PATH", "instance", "Folder for the database, generated files and local config."
    ),
    Setting("DATABASE", "", "SQLite database file; empty means INSTANCE_PATH/formservice.db."),
    Setting("DEFINITIONS_DIR", "form_definitions", "Folder of JSON form definitions."),
    Setting(
        "DATABASE_TIMEOUT",
        10,
        "Seconds a save waits for the database's write lock before asking to retry.",
    ),
    Setting("TEMPLATES_DIR", "letter_templates", "Folder of Word letter templates."),
    Setting(
        "SECRET_KEY",
        "",
        "Session signing key; empty means generated into INSTANCE_PATH/secret_key.",
    ),
    Setting(
        "MAIL_SERVER", "", "SMTP host; empty means mail goes to the outbox folder in the instance."
    ),
    Setting("MAIL_PORT", 25, "SMTP port."),
    Setting("MAIL_SENDER", "noreply@statsforvalteren.no", "From address of outgoing mail."),
    Setting("LIBREOFFICE_POOL_SIZE", 0, "Running LibreOffice instances; 0 means one per core."),
    Setting(
        "PDF_VERSION", "PDF/A-2b", "PDF flavour of generated documents: PDF/A-2b, PDF/A-1b or PDF."
    ),
    Setting(
        "HTTPS",
        True,
        "Cookies Secure with the __Host- prefix, and HSTS; false only for a plain-HTTP deployment.",
    ),
    Setting(
        "TRUSTED_PROXIES",
        0,
        "Reverse proxies in front whose X-Forwarded-For/-Proto/-Host are believed (ProxyFix).",
    ),
    Setting(
        "ATTACHMENT_QUOTA_MB",
        100,
        "Megabytes of uploaded attachments one submission may hold, all versions together.",
    ),
    Setting(
        "DEMO_MODE",
        False,
        "Demo accounts (init --demo, password 'demo') may log in; `make run` turns it on.",
    ),
    Setting(
        "PASSWORD_HASHING",
        "RFC_9106_LOW_MEMORY",
        "argon2 parameters of new password hashes, by argon2-cffi profile; CHEAPEST is for tests.",
    ),
    Setting(
        "OFFICE_LANGUAGE",
        "nb",
        "Written standard (nb or nn) of the office's own documents: its annual report.",
    ),
    Setting(
        "OIDC_ISSUER", "", "ID-porten's issuer (https://idporten.no); empty: no ID-porten login."
    ),
    Setting("OIDC_CLIENT_ID", "", "The client id registered for formservice at ID-porten."),
    Setting("OIDC_CLIENT_SECRET", "", "Its client secret (client_secret_basic)."),
    Setting(
        "OIDC_PRIVATE_KEY_FILE", "", "PEM private key for private_key_jwt instead of a secret."
    ),
    Setting("OIDC_PRIVATE_KEY_ID", "", "The kid of that key as registered with the provider."),
    Setting("OIDC_ACR", "idporten-loa-substantial", "The acr level asked for and required."),
    Setting("OIDC_SCOPES", "openid profile", "Scopes asked for at ID-porten."),
    Setting("OIDC_TEST_PROVIDER", False, "The providers are local test providers: login says so."),
    Setting("OIDC_STAFF_ISSUER", "", "The office's own provider for staff; empty: passwords only."),
    Setting("OIDC_STAFF_CLIENT_ID", "", "formservice's client id at the staff provider."),
    Setting("OIDC_STAFF_CLIENT_SECRET", "", "Its client secret."),
    Setting("OIDC_STAFF_PRIVATE_KEY_FILE", "", "PEM private key for private_key_jwt there."),
    Setting("OIDC_STAFF_PRIVATE_KEY_ID", "", "The kid of that key."),
    Setting(
        "OIDC_STAFF_CLAIM",
        "preferred_username",
        "The staff ID token's claim equal to the username.",
    ),
    Setting("OIDC_STAFF_ACR", "", "The acr level the staff provider must report; empty: any."),
    Setting(
        "TEST_IDENTITIES",
        False,
        "Tenor's synthetic identity numbers (month + 80) are accepted: test installations only.",
    ),
)
_BY_NAME = {s.name: s for s in SETTINGS}


def load_settings(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """The effective settings: defaults, then instance/config.json, then environment, then overrides."""
    values = {s.name: s.default for s in SETTINGS}
    instance = Path(
        (overrides or {}).get("INSTANCE_PATH")
        or os.environ.get("FORMSERVICE_INSTANCE_PATH", values["INSTANCE_PATH"])
    )  # an instance named by the caller is read with its own config.json
    config_file = instance / "config.json"
    if config_file.is_file():
        values.update(_checked(_read_config_file(config_file)))
    for setting in SETTINGS:
        raw = os.environ.get(f"FORMSERVICE_{setting.name}")
        if raw is not None:
            values[setting.name] = _from_text(setting, raw)
    values.update(_known(overrides or {}))  # callers in code may pass any type (tests do)
    if not values["DATABASE"]:
        values["DATABASE"] = str(Path(values["INSTANCE_PATH"]) / "formservice.db")
    return values


def _read_config_file(path: Path) -> dict[str, Any]:
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(f"{path}: cannot read: {error.__class__.__name__}") from None
    except json.JSONDecodeError as error:
        raise SettingsError(f"{path}: not JSON (line {error.lineno}: {error.msg})") from None
    if not isinstance(content, dict):
        raise SettingsError(f"{path}: must hold one JSON object of settings")
    return content


def _checked(values: dict[str, Any]) -> dict[str, Any]:
    """Settings from config.json, each of the same JSON type as its default."""
    for name, value in _known(values).items():
        expected = type(_BY_NAME[name].default)
        if type(value) is not expected:  # exact: true is no whole number here, 3 no text
            raise SettingsError(
                f"setting {name} in config.json must be {_KIND[expected]}, not {value!r}"
            )
    return values


_KIND = {bool: "true or false", int: "a whole number", str: "a text"}
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off", "")


def _from_text(setting: Setting, raw: str) -> Any:
    if isinstance(setting.default, bool):
        word = raw.strip().lower()
        if word not in _TRUE + _FALSE:
            message = f"FORMSERVICE_{setting.name} must be true or false, not {raw!r}"
            raise SettingsError(message)
        return word in _TRUE
    if isinstance(setting.default, int):
        text = raw.strip()
        if not (text.isascii() and text.lstrip("-").isdigit() and len(text) <= 12):
            message = f"FORMSERVICE_{setting.name} must be a whole number, not {raw!r}"
            raise SettingsError(message)
        return int(text)
    return raw


def _known(values: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(values) - set(_BY_NAME))
    if unknown:
        raise SettingsError(f"unknown settings: {', '.join(unknown)}")
    return values
