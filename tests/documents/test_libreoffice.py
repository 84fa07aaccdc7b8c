"""The LibreOffice pool with real LibreOffice: conversion, crash, hang, clean shutdown, fallback."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from formservice.documents.letter_types import SAMPLES, template_path
from formservice.documents.libreoffice import ConversionFailed, ConverterPool, convert_once
from formservice.documents.pdf import is_pdf_a, pdf_text
from formservice.documents.render import render_docx

pytestmark = [pytest.mark.libreoffice, pytest.mark.xdist_group("libreoffice")]


def _letter(folder: Path, number: int) -> Path:
    context = dict(SAMPLES["avslag"], reference=f"RUS-2021-{number:04d}")
    path = folder / f"brev-{number}.docx"
    render_docx(template_path("avslag", "nb"), context, path)
    return path


def _running_soffice(marker: str) -> list[int]:
    """soffice processes (not zombies) whose command line names the marker."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if "soffice" in command and marker in command and state != "Z":
            found.append(int(entry.name))
    return found


def _wait_until_all_running(pool, timeout: float = 90) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pids = pool.soffice_pids()
        if all(s["running"] for s in pool.status()) and len(pids) == pool.size:
            return pids
        time.sleep(0.2)
    raise AssertionError(f"the pool did not recover: {pool.status()}")


@pytest.fixture(scope="module")
def pool(tmp_path_factory):
    work = tmp_path_factory.mktemp("pool")
    converters = ConverterPool(2, work, timeout=8).start()
    yield converters
    converters.stop()
    assert _running_soffice(str(work)) == []


def test_a_letter_becomes_a_pdf_a_with_its_text(pool, tmp_path):
    pdf = pool.convert(_letter(tmp_path, 1), tmp_path / "brev.pdf")
    assert is_pdf_a(pdf)
    text = pdf_text(pdf)
    assert "Lillehammer kommune" in text and "RUS-2021-0001" in text


def test_a_killed_instance_is_replaced_and_the_batch_completes(pool, tmp_path):
    letters = [_letter(tmp_path, n) for n in range(8)]
    _wait_until_all_running(pool)
    victim = pool.process_groups()[0]
    restarts = sum(s["restarts"] for s in pool.status())
    results: list[Path] = []

    def convert_all() -> None:
        for number, docx in enumerate(letters):
            results.append(pool.convert(docx, tmp_path / f"ut-{number}.pdf"))

    worker = threading.Thread(target=convert_all)
    worker.start()
    time.sleep(0.3)
    os.killpg(victim, signal.SIGKILL)  # the instance crashes: unoserver and its LibreOffice
    worker.join(timeout=180)
    assert len(results) == 8
    assert sum(s["restarts"] for s in pool.status()) > restarts
    assert all("RUS-2021-" in pdf_text(path) for path in results)


def test_a_hanging_instance_times_out_and_the_document_is_retried(pool, tmp_path):
    docx = _letter(tmp_path, 42)
    _wait_until_all_running(pool)
    frozen = pool.process_groups()[0]
    restarts = sum(s["restarts"] for s in pool.status())
    os.killpg(frozen, signal.SIGSTOP)  # that instance hangs on whatever it is given
    deadline = time.monotonic() + 120
    converted = 0
    while sum(s["restarts"] for s in pool.status()) == restarts and time.monotonic() < deadline:
        pdf = pool.convert(docx, tmp_path / f"hang-{converted}.pdf")  # never fails: retried
        assert "RUS-2021-0042" in pdf_text(pdf)
        converted += 1
    assert sum(s["restarts"] for s in pool.status()) > restarts
    _wait_until_all_running(pool)
    assert frozen not in pool.process_groups()


def test_garbage_fails_with_a_reason_and_does_not_hang(pool, tmp_path):
    garbage = tmp_path / "tull.docx"
    garbage.write_bytes(b"PK\x03\x04 this is not a word document")
    with pytest.raises(ConversionFailed):
        pool.convert(garbage, tmp_path / "tull.pdf")
    assert garbage.exists()


def test_without_a_pool_one_soffice_process_converts(tmp_path):
    pdf = convert_once(_letter(tmp_path, 7), tmp_path / "en.pdf")
    assert "RUS-2021-0007" in pdf_text(pdf)
