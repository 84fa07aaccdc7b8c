"""Uploads expire (item 13): a failed save keeps no file, what nothing refers to is removed after
an hour, what any version refers to stays, and each submission has a quota."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject

from formservice.storage import submissions
from formservice.storage.attachments import (
    attachments_of_submission,
    remove_unreferenced_attachments,
    store_attachment,
)
from formservice.storage.db import connect
from formservice.storage.users import user_by_username
from formservice.web import create_app
from tests import factories
from tests.helpers.app import csrf_token


def _pdf(padding: int = 0) -> bytes:
    writer = PdfWriter()
    page = writer.add_blank_page(width=200, height=200)
    content = DecodedStreamObject()
    content.set_data(b"BT /F1 12 Tf 20 100 Td (Vedlegg) Tj ET" + b" " * padding)
    page[NameObject("/Contents")] = writer._add_object(content)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _upload(client, url: str, base_version: str, content: bytes):
    token = csrf_token(client.get(url).text)
    return client.post(url, content_type="multipart/form-data",
                       data={"csrf_token": token, "base_version": base_version, "action": "save",
                             "vedlegg": (io.BytesIO(content), "revisor.pdf")})  # fmt: skip


def _files(app, submission_id: int) -> list[Path]:
    folder = Path(app.instance_path) / "attachments" / str(submission_id)
    return sorted(folder.glob("*.pdf")) if folder.is_dir() else []


def test_an_upload_whose_save_failed_is_not_kept(demo_app, login):
    db = connect(demo_app.config["DATABASE"])
    submission = factories.create_submission(db, organisation="3405", answers={})
    client = login("lillehammer")
    url = f"/kommune/skjema/{submission['id']}/side/side_to"
    user = user_by_username(db, "lillehammer")
    submissions.save_answers(db, submission["id"], base_version=0, answers={}, actor=user)
    response = _upload(client, url, "0", _pdf())  # based on version 0; version 1 exists
    assert response.status_code == 409
    assert attachments_of_submission(db, submission["id"]) == []
    assert _files(demo_app, submission["id"]) == []
    assert _upload(client, url, "1", _pdf()).status_code in (200, 302)
    assert len(attachments_of_submission(db, submission["id"])) == 1


def test_what_no_version_refers_to_is_removed_after_the_grace_time(demo_app):
    db = connect(demo_app.config["DATABASE"])
    submission = factories.create_submission(db, organisation="3405", answers={})
    user = user_by_username(db, "lillehammer")
    instance = Path(demo_app.instance_path)
    kept, dropped = (store_attachment(db, instance, submission_id=submission["id"], field_path="vedlegg",
                                      display_name=name, content=_pdf(), sha256="x", uploaded_by=user["id"])
                     for name in ("kept.pdf", "dropped.pdf"))  # fmt: skip
    submissions.save_answers(
        db, submission["id"], base_version=0, answers={"vedlegg": kept}, actor=user
    )
    submissions.save_answers(
        db, submission["id"], base_version=1, answers={}, actor=user
    )  # replaced later
    assert remove_unreferenced_attachments(db, instance) == 0  # both are new: within the grace time
    old = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)).isoformat()
    for row in attachments_of_submission(db, submission["id"]):
        db["attachments"].update(row["id"], {"uploaded_at": old})
    assert remove_unreferenced_attachments(db, instance) == 1
    assert [row["id"] for row in attachments_of_submission(db, submission["id"])] == [kept["id"]]
    assert [p.stem for p in _files(demo_app, submission["id"])] == [kept["id"]]
    assert dropped["id"] not in {p.stem for p in _files(demo_app, submission["id"])}


def test_a_submission_holds_at_most_its_quota_of_uploads(demo_app):
    settings = {
        key: demo_app.config[key] for key in ("INSTANCE_PATH", "DEFINITIONS_DIR", "TEMPLATES_DIR")
    }
    app = create_app({**settings, "DEMO_MODE": True, "ATTACHMENT_QUOTA_MB": 1})
    submission = factories.create_submission(
        connect(app.config["DATABASE"]), organisation="3405", answers={}
    )
    client = app.test_client()
    token = csrf_token(client.get("/logg-inn").text)
    client.post(
        "/logg-inn", data={"csrf_token": token, "username": "lillehammer", "password": "demo"}
    )
    url = f"/kommune/skjema/{submission['id']}/side/side_to"
    assert _upload(client, url, "0", _pdf(600_000)).status_code in (200, 302)
    refused = _upload(client, url, "1", _pdf(600_000))
    assert "Skjemaet har nådd grensen på 1 MB for vedlegg." in refused.text
    assert len(attachments_of_submission(connect(app.config["DATABASE"]), submission["id"])) == 1
