"""A letter's mail that the mail server does not take is recorded with the code ``mail`` and sent
by a later job, once; the texts come from the registry in the recipient's written standard."""

from __future__ import annotations

from pathlib import Path

import pytest

from formservice.documents import jobs, mails
from formservice.documents.kinds import KINDS, LETTER_KINDS
from formservice.storage import documents
from formservice.storage.db import connect
from formservice.storage.letters import release_letter, request_letter
from formservice.storage.users import user_by_username
from tests.helpers.letters import decided
from tests.helpers.smtp import free_port


def test_every_mail_text_exists_in_bokmal_and_nynorsk():
    for kind in KINDS.values():
        if kind.mail is not None:
            assert set(kind.mail.subject) == set(kind.mail.body) == {"nb", "nn"}, kind.name
        assert set(kind.label) == {"nb", "nn"}, kind.name


@pytest.mark.libreoffice
@pytest.mark.xdist_group("libreoffice")
def test_a_mail_the_server_refused_is_sent_later_by_its_job(shipped_app, smtp_server):
    settings = dict(shipped_app.config)
    submission_id = decided(settings, name="Nynorskkommune", language="nn", number=51)
    db = connect(settings["DATABASE"])
    document_id = request_letter(db, submission_id, LETTER_KINDS)
    assert jobs.make_document(settings, document_id) == "done"
    release_letter(db, submission_id, LETTER_KINDS, actor=user_by_username(db, "saksbehandler"))
    closed = {**settings, "MAIL_PORT": free_port()}  # nothing listens there
    assert mails.deliver(db, closed, document_id) is False
    failed = documents.document_by_id(db, document_id)
    assert (failed["mail_status"], failed["error_code"]) == ("failed", "mail")
    assert failed["status"] == "done" and failed["sent_at"]  # the letter itself stands

    jobs.use_settings(settings)
    queue = jobs.job_queue(str(Path(settings["INSTANCE_PATH"]).resolve()))
    queue.flush()
    jobs.queue_mail(settings, document_id)
    assert queue.execute(queue.dequeue()) is True
    mail = smtp_server.inbox.wait_for(lambda m: "Tilskotsbrev" in m["Subject"])
    assert "stadfestingsskjemaet" in mail.get_body().get_content()  # nynorsk, as Lom writes
    sent = documents.document_by_id(db, document_id)
    assert (sent["mail_status"], sent["error_code"]) == ("sent", None)
    assert mails.deliver(db, settings, document_id) is True  # already sent: nothing goes out
    assert len(smtp_server.inbox.messages) == 1
