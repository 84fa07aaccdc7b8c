"""A case folder's administrative unit is the round's own office: a Vestland submission's package
(real LibreOffice for its acknowledgement, the real schema) names Statsforvalteren i Vestland."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from formservice.archive.arkivmelding import NS
from formservice.archive.collect import case_for_submission
from formservice.archive.export import MESSAGE_FILE, export_submission
from formservice.config import load_settings
from formservice.documents.jobs import make_document
from formservice.storage import documents
from formservice.storage.db import connect
from tests import factories


@pytest.mark.libreoffice
@pytest.mark.xdist_group("libreoffice")
def test_a_vestland_package_names_vestland_as_its_office(tmp_path, templates):
    settings = load_settings(templates.instance("shipped", tmp_path / "instance"))
    db = connect(settings["DATABASE"])
    factories.set_letterhead(db, office="vestland")
    round_row = factories.create_round(db, office="vestland")
    organisation = factories.create_organisation(db, office="vestland", language="nn")
    submission = factories.create_submission(db, state="submitted", round=round_row,
                                             organisation=organisation)  # fmt: skip
    for document in documents.pending_documents(db, submission["id"]):
        assert make_document(settings, document["id"]) == documents.DONE
    instance = Path(settings["INSTANCE_PATH"])
    assert case_for_submission(db, instance, submission["id"]).case.office == (
        "Statsforvalteren i Vestland")  # fmt: skip
    package = export_submission(db, instance, submission["id"], tmp_path / "out", actor="test")
    message = etree.parse(str(package.folder / MESSAGE_FILE))
    units = message.findall(f".//{{{NS}}}administrativEnhet")
    assert [unit.text for unit in units] == ["Statsforvalteren i Vestland"]
    assert b"Innlandet" not in (package.folder / MESSAGE_FILE).read_bytes()
