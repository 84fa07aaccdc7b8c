"""During a batch of letters one LibreOffice instance is killed and the other hangs.

The batch is the real ``run_batch`` over a real pool of two instances, two letters a call. Once the first letter's
PDF exists, one ``soffice`` gets SIGKILL and the other SIGSTOP (it stops answering, as a hung
conversion does). The batch must still finish with every letter's DOCX, PDF and confirmation
forms, and the merged PDF must hold every letter; afterwards the pool runs two fresh instances and
stopping it leaves no ``soffice`` behind.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from formservice.documents.batch import run_batch
from formservice.documents.kinds import LETTER_KINDS, kind
from formservice.documents.libreoffice import ConverterPool
from formservice.documents.pdf import pdf_text
from formservice.storage import documents, rounds
from formservice.storage.db import connect
from formservice.storage.letters import start_batch
from tests.helpers.letters import decided, demo_instance

pytestmark = [pytest.mark.libreoffice, pytest.mark.xdist_group("libreoffice")]
ROOT = Path(__file__).resolve().parents[2]
COUNT = 10


def _sabotage(pool: ConverterPool, out: Path, done: threading.Event) -> list[int]:
    """Once the first PDF exists: kill one soffice and freeze the other."""
    deadline = time.monotonic() + 60
    while not list(out.rglob("tilskuddsbrev-*[0-9].pdf")) and time.monotonic() < deadline:
        time.sleep(0.01)
    killed, frozen = pool.soffice_pids()[:2]
    os.kill(killed, signal.SIGKILL)
    os.kill(frozen, signal.SIGSTOP)
    done.set()
    return [killed, frozen]


def _gone(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def test_a_batch_survives_one_instance_killed_and_the_other_hung(tmp_path):
    settings = demo_instance(tmp_path / "instance")
    for number in range(COUNT):
        decided(settings, name=f"Prøve {number} kommune", number=number + 1)
    db = connect(settings["DATABASE"])
    batch = start_batch(db, rounds.round_by_slug(db, "rus-2021")["id"], LETTER_KINDS)
    out = tmp_path / "instance" / "documents"
    sabotaged = threading.Event()
    victims: list[int] = []
    with ConverterPool(2, tmp_path / "pool", timeout=6) as pool:
        assert len(pool.soffice_pids()) == 2
        saboteur = threading.Thread(
            target=lambda: victims.extend(_sabotage(pool, out, sabotaged)), daemon=True
        )
        saboteur.start()
        try:
            result = run_batch(settings, batch["id"], pool=pool, chunk=2)
        finally:
            saboteur.join(timeout=60)
            for pid in victims:  # a frozen process that was not replaced must not stay frozen
                if not _gone(pid):
                    os.kill(pid, signal.SIGCONT)
        assert sabotaged.is_set(), "the sabotage came too late to hit the batch"
        assert result.failed == []
        pdfs = []
        for outcome in result.outcomes:
            row = documents.document_by_id(db, outcome.document_id)
            folder = out / str(row["submission_id"])
            names = kind("tilskuddsbrev").files(row["id"])
            submission = db["submissions"].get(row["submission_id"])
            assert submission["reference"] in pdf_text(folder / names.pdf)
            for name in (names.docx, names.companions["bekreftelse"], names.confirmation_pdf,
                         names.fillable_pdf):  # fmt: skip
                assert (folder / name).is_file() and (folder / name).stat().st_size > 0
            pdfs.append(folder / names.pdf)
        merged = PdfReader(str(result.merged_pdf)).pages
        assert len(merged) == sum(len(PdfReader(str(pdf)).pages) for pdf in pdfs)
        assert sum(s["restarts"] for s in pool.status()) >= 2  # both were replaced
        assert all(_gone(pid) for pid in victims)
    assert not any(pid for pid in pool.soffice_pids() if not _gone(pid))
