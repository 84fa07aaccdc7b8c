"""The LibreOffice pool with real LibreOffice: conversion to PDF/A-2b, a crashed and a hanging
instance replaced without losing a document, garbage refused, clean shutdown, one-shot fallback."""

from __future__ import annotations

import os
import re
import signal
import stat
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from pypdf import PdfReader

from formservice.documents import libreoffice
from formservice.documents.libreoffice import ConversionFailed, ConverterPool, convert_to_pdf
from formservice.documents.pdf import is_pdf_a, pdf_text
from formservice.documents.render import render_docx
from formservice.documents.samples import SAMPLES
from formservice.documents.soffice import QUIET
from formservice.documents.templates import template_path

pytestmark = [pytest.mark.libreoffice, pytest.mark.xdist_group("libreoffice")]


def _letter(folder: Path, number: int) -> Path:
    context = dict(SAMPLES["avslag"], reference=f"RUS-2021-{number:04d}")
    path = folder / f"brev-{number}.docx"
    render_docx(template_path("avslag", "nb"), context, path)
    return path


def _soffice_processes(marker: str) -> list[int]:
    """Live soffice processes whose command line names the marker (a pool's work folder) as a
    whole path: ``…/pool1`` must not also find the processes of ``…/pool10``."""
    whole = re.compile(re.escape(marker) + r"(?=[/\s]|$)")
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if "soffice" in command and whole.search(command) and state != "Z":
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _restarts(pool: ConverterPool) -> int:
    return sum(s["restarts"] for s in pool.status())


def _all_running(pool: ConverterPool, timeout: float = 90) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pids = pool.soffice_pids()
        if all(s["running"] for s in pool.status()) and len(pids) == pool.size:
            return pids
        time.sleep(0.2)
    raise AssertionError(f"the pool did not recover: {pool.status()}")


def _convert_batch(pool: ConverterPool, docx: list[Path], out: Path) -> list[Path]:
    with ThreadPoolExecutor(max_workers=3) as workers:
        return list(workers.map(lambda d: pool.convert(d, out / f"{d.stem}.pdf"), docx))


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    return tmp_path_factory.mktemp("pool")


@pytest.fixture(scope="module")
def pool(work):
    with ConverterPool(2, work, timeout=6) as converters:
        libreoffice.set_default_pool(converters)
        yield converters
        libreoffice.set_default_pool(None)
    assert _soffice_processes(str(work)) == []  # stop() left nothing behind, restarts included


def test_a_letter_becomes_a_private_pdf_a_2b_with_its_text(pool, tmp_path):
    previous = os.umask(0o022)  # the common default: files readable by everyone
    try:
        pdf = convert_to_pdf(_letter(tmp_path, 1), tmp_path / "brev.pdf", pool=pool)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
    assert is_pdf_a(pdf)
    xmp = PdfReader(str(pdf)).xmp_metadata.stream.get_data().decode()
    assert re.search(r"pdfaid:part(>|=\")2", xmp) and re.search(r"pdfaid:conformance(>|=\")B", xmp)
    text = pdf_text(pdf)
    assert "Lillehammer kommune" in text and "RUS-2021-0001" in text
    status = libreoffice.pool_status()
    assert status["pool"] and status["healthy"] == 2


def test_each_instance_turns_off_word_completion_and_its_bars(pool, work, tmp_path):
    pool.convert(_letter(tmp_path, 2), tmp_path / "brev.pdf")  # both were started and answer
    for number in range(pool.size):
        log = (work / f"unoserver-{number}.log").read_text(errors="replace")
        assert QUIET in log and "could not turn off" not in log


def test_a_killed_soffice_is_replaced_and_the_batch_completes(pool, tmp_path):
    letters = [_letter(tmp_path, n) for n in range(8)]
    victim = _all_running(pool)[0]
    restarts = _restarts(pool)

    def crash_during_the_batch() -> None:
        while not (tmp_path / "brev-2.pdf").exists():
            time.sleep(0.01)
        os.kill(victim, signal.SIGKILL)  # LibreOffice crashes in the middle of the batch

    with ThreadPoolExecutor(max_workers=1) as watcher:
        crash = watcher.submit(crash_during_the_batch)
        results = [pool.convert(docx, tmp_path / f"{docx.stem}.pdf") for docx in letters]
        crash.result(timeout=5)
    assert all(f"RUS-2021-{n:04d}" in pdf_text(p) for n, p in enumerate(results))
    assert _restarts(pool) > restarts
    assert victim not in _all_running(pool) and not _alive(victim)


def test_a_hanging_soffice_times_out_and_its_document_is_retried(pool, tmp_path):
    letters = [_letter(tmp_path, 40 + n) for n in range(4)]
    frozen = _all_running(pool)[0]
    restarts = _restarts(pool)
    os.kill(frozen, signal.SIGSTOP)  # LibreOffice hangs on whatever it is given next
    try:
        began = time.monotonic()
        results = _convert_batch(pool, letters, tmp_path)
        elapsed = time.monotonic() - began
    finally:
        if frozen in pool.soffice_pids():
            os.kill(frozen, signal.SIGCONT)
    assert all(f"RUS-2021-{40 + n:04d}" in pdf_text(p) for n, p in enumerate(results))
    assert _restarts(pool) > restarts  # the hanging instance was killed and started again
    assert elapsed < pool.timeout + 30
    assert frozen not in _all_running(pool)
    assert not _alive(frozen)


def test_instances_are_recycled_after_their_quota_of_documents(pool, tmp_path):
    letters = [_letter(tmp_path, 60 + n) for n in range(8)]
    before = set(_all_running(pool))
    restarts = _restarts(pool)
    pool.max_conversions = 4  # instance 0 recycles after 4 documents, instance 1 after 3
    try:
        results = [pool.convert(docx, tmp_path / f"{docx.stem}.pdf") for docx in letters]
    finally:
        pool.max_conversions = 1000
    assert all(f"RUS-2021-{60 + n:04d}" in pdf_text(p) for n, p in enumerate(results))
    assert _restarts(pool) >= restarts + 2
    assert not before & set(_all_running(pool))  # both LibreOffice processes are new
    assert not any(_alive(pid) for pid in before)


def test_garbage_fails_with_a_reason_fast_and_the_instances_stay(pool, tmp_path):
    garbage = tmp_path / "tull.docx"
    garbage.write_bytes(b"PK\x03\x04 this is not a word document")
    _all_running(pool)
    restarts = _restarts(pool)
    began = time.monotonic()
    with pytest.raises(ConversionFailed, match=r"tull\.docx: LibreOffice could not convert it"):
        pool.convert(garbage, tmp_path / "tull.pdf")
    assert time.monotonic() - began < pool.timeout
    assert garbage.exists() and not (tmp_path / "tull.pdf").exists()
    assert _restarts(pool) == restarts
    with pytest.raises(ConversionFailed, match="does not exist"):
        pool.convert(tmp_path / "borte.docx", tmp_path / "borte.pdf")


OWNER = """
import sys, time
from pathlib import Path
from formservice.documents.libreoffice import ConverterPool
pool = ConverterPool(1, Path(sys.argv[1])).start()
print(" ".join(map(str, pool.soffice_pids())), flush=True)
time.sleep(600)
"""


def test_a_symlink_where_the_pdf_goes_is_replaced_and_its_target_kept(pool, tmp_path):
    precious = tmp_path / "precious.txt"
    precious.write_text("må ikke slettes")
    link = tmp_path / "brev.pdf"
    link.symlink_to(precious)
    pdf = pool.convert(_letter(tmp_path, 7), link)
    assert precious.read_text() == "må ikke slettes"
    assert not pdf.is_symlink() and "RUS-2021-0007" in pdf_text(pdf)


def test_when_formservice_is_killed_its_libreoffice_goes_too(tmp_path):
    owner = subprocess.Popen([sys.executable, "-c", OWNER, str(tmp_path)], stdout=subprocess.PIPE,
                             text=True, cwd=Path(__file__).resolve().parents[2])  # fmt: skip
    try:
        pids = [int(pid) for pid in owner.stdout.readline().split()]
        assert pids and _soffice_processes(str(tmp_path))
    finally:
        owner.kill()  # SIGKILL: no stop(), no atexit, nothing runs in formservice
        owner.wait()
    deadline = time.monotonic() + 10
    while _soffice_processes(str(tmp_path)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _soffice_processes(str(tmp_path)) == []
    assert not any(_alive(pid) for pid in pids)


def test_without_a_pool_one_soffice_process_converts(tmp_path):
    registered = libreoffice.default_pool()
    libreoffice.set_default_pool(None)
    try:
        assert libreoffice.pool_status()["pool"] is False
        docx = _letter(tmp_path, 7)
        previous = os.umask(0o022)
        try:
            pdf = convert_to_pdf(docx, tmp_path / "en.pdf", timeout=90)
        finally:
            os.umask(previous)
    finally:
        libreoffice.set_default_pool(registered)
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
    assert "RUS-2021-0007" in pdf_text(pdf) and is_pdf_a(pdf)
    assert _soffice_processes(str(docx)) == []  # the one-shot process is gone
