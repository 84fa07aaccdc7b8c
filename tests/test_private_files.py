"""Instance files are private from the start whatever the umask, and the secret key is long enough."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from formservice.config import load_settings
from formservice.files import replace_when_complete, synced_file, write_atomically
from formservice.storage.setup import initialise
from formservice.web import create_app

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def open_umask():
    previous = os.umask(0o022)  # the common default: files readable by everyone
    yield
    os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_initialise_makes_the_instance_folder_key_and_database_private(tmp_path, open_umask):
    instance = tmp_path / "instance"
    initialise(load_settings({"INSTANCE_PATH": str(instance)}))
    assert _mode(instance) == 0o700
    assert _mode(instance / "secret_key") == 0o600
    assert len((instance / "secret_key").read_text()) >= 32
    for name in ("formservice.db", "formservice.db-wal", "formservice.db-shm"):
        if (instance / name).exists():
            assert _mode(instance / name) == 0o600, name


def test_an_existing_open_instance_folder_is_made_private(tmp_path, open_umask):
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o755)
    create_app({"INSTANCE_PATH": str(instance)})
    assert _mode(instance) == 0o700
    assert _mode(instance / "secret_key") == 0o600


def test_stored_files_are_private(tmp_path, open_umask):
    path = write_atomically(tmp_path / "dokument.pdf", b"%PDF-1.7")
    assert _mode(path) == 0o600


def test_a_short_secret_key_is_refused(tmp_path):
    with pytest.raises(ValueError, match="at least 32 characters"):
        create_app({"INSTANCE_PATH": str(tmp_path / "i"), "SECRET_KEY": "kort"})
    (tmp_path / "j").mkdir()
    (tmp_path / "j" / "secret_key").write_text("kort")
    with pytest.raises(ValueError, match="at least 32 characters"):
        create_app({"INSTANCE_PATH": str(tmp_path / "j")})


def test_serve_with_a_short_secret_key_says_so_in_one_line(tmp_path):
    env = {**os.environ, "FORMSERVICE_INSTANCE_PATH": str(tmp_path / "i"),
           "FORMSERVICE_SECRET_KEY": "kort"}  # fmt: skip
    result = subprocess.run([str(Path(sys.executable).parent / "formservice"), "serve", "--port", "1"],
                            env=env, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == "formservice serve: error: SECRET_KEY must be at least 32 characters long"
    )


def test_a_synced_file_is_private_and_renamed_in_whole(tmp_path, open_umask):
    partial, final = tmp_path / "brev.part-1.pdf", tmp_path / "brev.pdf"
    with synced_file(partial) as out:
        out.write(b"%PDF-1.7 ")
        out.write(b"resten")
    assert _mode(partial) == 0o600
    replace_when_complete(partial, final, synced=True)
    assert final.read_bytes() == b"%PDF-1.7 resten" and not partial.exists()
