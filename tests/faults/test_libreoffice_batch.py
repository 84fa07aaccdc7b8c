"""During a batch of letters one LibreOffice instance is killed and the other hangs.

The batch is the real ``make_letters`` over a real pool of two instances. Once the first letter's
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

from formservice.documents.batch import Letter, make_letters
from formservice.documents.letter_types import SAMPLES
from formservice.documents.libreoffice import ConverterPool
from formservice.documents.pdf import pdf_text

pytestmark = [pytest.mark.libreoffice, pytest.mark.xdist_group("libreoffice")]
ROOT = Path(__file__).resolve().parents[2]
COUNT = 10


def _letters() -> list[Letter]:
    made = []
    for number in range(COUNT):
        context = dict(SAMPLES["tilskuddsbrev"], reference=f"RUS-2021-{number:04d}")
        made.append(Letter(f"brev-{number}", "tilskuddsbrev", "nb", context,
                           {"orgnr": "974575086", "kontonr": "20500100005"}))  # fmt: skip
    return made


def _sabotage(pool: ConverterPool, out: Path, done: threading.Event) -> list[int]:
    """Once the first PDF exists: kill one soffice and freeze the other."""
    deadline = time.monotonic() + 60
    while not list(out.glob("*-tilskuddsbrev.pdf")) and time.monotonic() < deadline:
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
    out = tmp_path / "brev"
    out.mkdir()
    sabotaged = threading.Event()
    victims: list[int] = []
    with ConverterPool(2, tmp_path / "pool", timeout=6) as pool:
        assert len(pool.soffice_pids()) == 2
        saboteur = threading.Thread(
            target=lambda: victims.extend(_sabotage(pool, out, sabotaged)), daemon=True
        )
        saboteur.start()
        try:
            result = make_letters(_letters(), out, ROOT / "letter_templates", pool=pool)
        finally:
            saboteur.join(timeout=60)
            for pid in victims:  # a frozen process that was not replaced must not stay frozen
                if not _gone(pid):
                    os.kill(pid, signal.SIGCONT)
        assert sabotaged.is_set(), "the sabotage came too late to hit the batch"
        assert result.failed == []
        for number, files in enumerate(result.files):
            assert f"RUS-2021-{number:04d}" in pdf_text(files.letter_pdf)
            for path in (files.letter_docx, files.confirmation_docx, files.confirmation_pdf,
                         files.fillable_pdf):  # fmt: skip
                assert path.is_file() and path.stat().st_size > 0
        merged = PdfReader(str(result.merged_pdf)).pages
        assert len(merged) == sum(len(PdfReader(str(f.letter_pdf)).pages) for f in result.files)
        assert sum(s["restarts"] for s in pool.status()) >= 2  # both were replaced
        assert all(_gone(pid) for pid in victims)
    assert not any(pid for pid in pool.soffice_pids() if not _gone(pid))
