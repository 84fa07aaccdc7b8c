"""The municipality confirms a grant: in formservice, or by uploading the signed confirmation PDF.

Either way only a signatory may confirm, the terms must be accepted with name and title, and an
uploaded form must be a plain PDF whose filled-in organisation and account numbers match the
municipality's. The submission then moves to ``confirmation_received``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from formservice.documents.pdf import InvalidPdf, read_confirmation
from formservice.engine.remembered import summary_remembered
from formservice.storage import confirmations, decisions
from formservice.storage.attachments import remove_attachments, store_attachment
from formservice.storage.states import IllegalTransition, may_confirm
from formservice.uploads import MAX_UPLOAD_BYTES, UploadRefused, check_pdf
from formservice.web.db import get_db
from formservice.web.forms import SubmitForm
from formservice.web.i18n import current_language, tr
from formservice.web.municipality import bp, evaluated, own_submission
from formservice.web.municipality_receipt import received_documents

_NOT_SIGNATORY = ("Bare den som har signaturrett, kan bekrefte.",
                  "Berre den som har signaturrett, kan stadfeste.")  # fmt: skip


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def _refuse(submission: dict[str, Any], message: str) -> Any:
    definition, _, evaluation = evaluated(submission)
    page = render_template(
        "municipality/receipt.html",
        submission=submission,
        definition=definition,
        summary=summary_remembered(evaluation, current_language()),
        **received_documents(submission["id"]),
        confirm_error=message,
        form=SubmitForm(),
    )
    return page, 400


def _confirmable(submission_id: int) -> dict[str, Any]:
    submission = own_submission(submission_id)
    if not SubmitForm().validate_on_submit():
        abort(400)
    decision = decisions.current_decision(get_db(), submission_id)
    if not may_confirm(submission["state"], decision["outcome"] if decision else None):
        abort(404)
    return submission


@bp.post("/skjema/<int:submission_id>/bekreft")
def confirm(submission_id: int) -> Any:
    """Accept the terms in formservice: ticked, with the signatory's name and title."""
    submission = _confirmable(submission_id)
    name, title = request.form.get("name", "").strip(), request.form.get("title", "").strip()
    if not current_user.is_signatory:
        return _refuse(submission, tr(*_NOT_SIGNATORY))
    if request.form.get("accept") != "y" or not name or not title:
        return _refuse(submission, tr("Kryss av for at kommunen godtar vilkårene, og skriv navn og stilling.",
                                      "Kryss av for at kommunen godtek vilkåra, og skriv namn og stilling."))  # fmt: skip
    try:
        confirmations.record_confirmation(get_db(), submission_id, actor=current_user.row, how="web",
                                          name=name[:200], title=title[:200])  # fmt: skip
    except IllegalTransition:
        abort(409)
    return redirect(url_for(".receipt", submission_id=submission_id))


@bp.post("/skjema/<int:submission_id>/bekreftelse")
def upload_confirmation(submission_id: int) -> Any:
    """Upload the filled-in, signed confirmation PDF; its fields are read back and checked."""
    submission = _confirmable(submission_id)
    # the fillable form is mailed to every user of the organisation, not only to signatories
    if not current_user.is_signatory:
        return _refuse(submission, tr(*_NOT_SIGNATORY))
    upload = request.files.get("bekreftelse")
    if upload is None or not upload.filename:
        return _refuse(
            submission, tr("Velg PDF-filen med bekreftelsen.", "Vel PDF-fila med stadfestinga.")
        )
    content = upload.stream.read(MAX_UPLOAD_BYTES + 1)
    try:
        checked = check_pdf(content, upload.filename)
        fields = read_confirmation(content)
    except UploadRefused as refused:
        return _refuse(submission, refused.text[current_language()])
    except InvalidPdf as invalid:
        return _refuse(submission, invalid.text[current_language()])
    from formservice.storage.organisations import organisation_by_id

    organisation = organisation_by_id(get_db(), submission["organisation_id"])
    problems = []
    if _digits(fields.get("orgnr", "")) != _digits(organisation["orgnr"]):
        problems.append(
            tr("organisasjonsnummeret stemmer ikke", "organisasjonsnummeret stemmer ikkje")
        )
    if _digits(fields.get("kontonr", "")) != _digits(organisation["account_number"]):
        problems.append(tr("kontonummeret stemmer ikke", "kontonummeret stemmer ikkje"))
    if fields.get("godtar") not in ("/Yes", "/On", "Yes"):
        problems.append(tr("vilkårene er ikke krysset av", "vilkåra er ikkje kryssa av"))
    if not fields.get("navn", "").strip():
        problems.append(tr("navnet mangler", "namnet manglar"))
    if problems:
        return _refuse(submission, tr("Bekreftelsen kan ikke godtas: ", "Stadfestinga kan ikkje godtakast: ")
                       + ", ".join(problems) + ".")  # fmt: skip
    try:
        stored = store_attachment(
            get_db(), Path(current_app.instance_path), submission_id=submission_id, field_path="bekreftelse",
            display_name=checked.display_name, content=content, sha256=checked.sha256, uploaded_by=current_user.id,
        )  # fmt: skip
    except OSError:  # a full disk, say: nothing is recorded, and the person is told to try later
        current_app.logger.exception("confirmation for submission %s not stored", submission_id)
        return _refuse(submission, tr("Filen kunne ikke lagres hos oss nå. Prøv igjen senere.",
                                      "Fila kunne ikkje lagrast hos oss no. Prøv igjen seinare."))  # fmt: skip
    try:
        confirmations.record_confirmation(get_db(), submission_id, actor=current_user.row, how="upload",
                                          name=fields.get("navn", "")[:200], title=fields.get("tittel", "")[:200],
                                          attachment_id=stored["id"])  # fmt: skip
    except IllegalTransition:  # confirmed meanwhile: this file is not the confirmation
        remove_attachments(get_db(), Path(current_app.instance_path), [stored["id"]])
        abort(409)
    return redirect(url_for(".receipt", submission_id=submission_id))
