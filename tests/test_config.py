"""Settings: garbage in the environment or in config.json is refused in one line, naming the setting."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from formservice.config import SettingsError, load_settings

FORMSERVICE = str(Path(sys.executable).parent / "formservice")


@pytest.mark.parametrize(
    ("name", "raw", "expected"),
    [("MAIL_PORT", " 2525 ", 2525), ("HTTPS", "off", False), ("HTTPS", "Yes", True),
     ("DEMO_MODE", "", False), ("TRUSTED_PROXIES", "-0", 0)],
)  # fmt: skip
def test_environment_values_are_read_by_the_settings_type(
    monkeypatch, tmp_path, name, raw, expected
):
    monkeypatch.setenv(f"FORMSERVICE_{name}", raw)
    assert load_settings({"INSTANCE_PATH": str(tmp_path)})[name] == expected


@pytest.mark.parametrize(
    ("name", "raw"),
    [("MAIL_PORT", "abc"), ("MAIL_PORT", "²"), ("MAIL_PORT", "٣"), ("MAIL_PORT", "1" * 40),
     ("HTTPS", "ture"), ("DEMO_MODE", "ja takk")],
)  # fmt: skip
def test_environment_garbage_is_refused_naming_the_setting(monkeypatch, tmp_path, name, raw):
    monkeypatch.setenv(f"FORMSERVICE_{name}", raw)
    with pytest.raises(SettingsError, match=f"FORMSERVICE_{name}"):
        load_settings({"INSTANCE_PATH": str(tmp_path)})


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "not JSON"), ("[1, 2]", "one JSON object"), ('{"MAIL_PORT": "25"}', "MAIL_PORT"),
     ('{"HTTPS": 1}', "HTTPS"), ('{"MAIL_PORT": true}', "MAIL_PORT"), ('{"NO_SUCH": 1}', "NO_SUCH"),
     (b"\xff\xfe{}", "cannot read")],
)  # fmt: skip
def test_config_file_garbage_is_refused(tmp_path, content, message):
    path = tmp_path / "config.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(SettingsError, match=message):
        load_settings({"INSTANCE_PATH": str(tmp_path)})


def test_a_good_config_file_is_read(tmp_path):
    (tmp_path / "config.json").write_text(json.dumps({"MAIL_PORT": 2525, "HTTPS": False}), "utf-8")
    settings = load_settings({"INSTANCE_PATH": str(tmp_path)})
    assert (settings["MAIL_PORT"], settings["HTTPS"]) == (2525, False)


def test_the_command_line_says_what_is_wrong_in_one_line(tmp_path):
    env = {**os.environ, "FORMSERVICE_INSTANCE_PATH": str(tmp_path), "FORMSERVICE_MAIL_PORT": "abc"}
    result = subprocess.run([FORMSERVICE, "check"], env=env, capture_output=True, text=True,
                            timeout=120, check=False)  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "formservice check: error: FORMSERVICE_MAIL_PORT must be a whole number, not 'abc'"
    )
