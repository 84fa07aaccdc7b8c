"""One page of the form: show it, save it (a new version each time), add and remove rows.

Works without JavaScript: every action is a submit button (``action=save``, ``add:stillinger``,
``remove:stillinger:2``), the server re-evaluates the whole form on every save and the page shows
computed values, an error summary and warnings. A save based on an older version than the newest
is refused and the newer answers are shown next to the person's own, which are kept in the form.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from formservice.engine.model import Definition, Page
from formservice.engine.remembered import evaluate_remembered
from formservice.numbers import to_whole_number
from formservice.storage import rounds, submissions
from formservice.storage.attachments import (
    remove_attachments,
    remove_unreferenced_attachments,
    store_attachment,
    stored_bytes,
)
from formservice.storage.db import DatabaseBusy
from formservice.uploads import MAX_UPLOAD_BYTES, UploadRefused, check_pdf
from formservice.web.db import get_db
from formservice.web.field_html import page_fields
from formservice.web.filling import (
    Message,
    apply_row_action,
    form_data,
    merge_page,
    page_messages,
    row_focus,
)
from formservice.web.forms import answers_from_form, blank_row, page_form_class
from formservice.web.i18n import current_language
from formservice.web.live_form import definition_url
from formservice.web.municipality import bp, definition_of, own_submission, with_prefill


def _page_or_404(definition: Definition, page_id: str) -> Page:
    page = definition.page(page_id)
    if page is None:
        abort(404)
    return page


def _next_page(definition: Definition, page: Page, visible: dict[str, bool]) -> Page | None:
    pages = [p for p in definition.pages if visible.get(p.id)]
    ids = [p.id for p in pages]
    if page.id in ids and ids.index(page.id) + 1 < len(pages):
        return pages[ids.index(page.id) + 1]
    return None


_NOT_STORED = {
    "nb": "Filen kunne ikke lagres hos oss nå. Svarene dine er lagret; last opp filen igjen senere.",
    "nn": "Fila kunne ikkje lagrast hos oss no. Svara dine er lagra; last opp fila igjen seinare.",
}


def _over_quota(megabytes: int) -> dict[str, str]:
    return {
        "nb": f"Skjemaet har nådd grensen på {megabytes} MB for vedlegg. Kontakt "
        "hjelp@statsforvalteren.no hvis du trenger å laste opp mer.",
        "nn": f"Skjemaet har nådd grensa på {megabytes} MB for vedlegg. Kontakt "
        "hjelp@statsforvalteren.no om du treng å laste opp meir.",
    }


def _take_uploads(
    submission_id: int, page: Page, answers: dict[str, Any], stored: list[str]
) -> list[Message]:
    """Store the PDFs uploaded on this page into the answers (their ids added to ``stored``);
    messages for those refused. Attachments nothing refers to are removed first."""
    refused = []
    instance = Path(current_app.instance_path)
    uploads = [
        (f, request.files.get(f.id)) for s in page.sections for f in s.fields if f.type == "file"
    ]
    uploads = [(f, u) for f, u in uploads if u is not None and u.filename]
    if uploads:
        remove_unreferenced_attachments(get_db(), instance, submission_id=submission_id)
    quota = int(current_app.config["ATTACHMENT_QUOTA_MB"]) * 1024 * 1024
    for item, upload in uploads:
        content = upload.stream.read(MAX_UPLOAD_BYTES + 1)
        try:
            checked = check_pdf(content, upload.filename)
        except UploadRefused as problem:
            refused.append(Message(anchor=item.id, text=problem.text, path=item.id))
            continue
        if stored_bytes(get_db(), submission_id) + len(content) > quota:
            text = _over_quota(int(current_app.config["ATTACHMENT_QUOTA_MB"]))
            refused.append(Message(anchor=item.id, text=text, path=item.id))
            continue
        try:
            answers[item.id] = store_attachment(
                get_db(),
                Path(current_app.instance_path),
                submission_id=submission_id,
                field_path=item.id,
                display_name=checked.display_name,
                content=checked.content,
                sha256=checked.sha256,
                uploaded_by=current_user.id,
            )
            stored.append(answers[item.id]["id"])
        except OSError:
            current_app.logger.exception("attachment for submission %s not stored", submission_id)
            refused.append(Message(anchor=item.id, text=_NOT_STORED, path=item.id))
    return refused


def _lookup(messages: list[Message]) -> Callable[[str], list[Any]]:
    by_path: dict[str, list[Any]] = {}
    for message in messages:
        by_path.setdefault(message.path, []).append(message.text)
    return lambda path: by_path.get(path, [])


@bp.route("/skjema/<int:submission_id>/side/<page_id>", methods=["GET", "POST"])
def page(submission_id: int, page_id: str) -> Any:
    """Show or save one page."""
    db = get_db()
    submission = own_submission(submission_id)
    if submission["state"] != submissions.DRAFT:
        return redirect(url_for(".receipt", submission_id=submission_id))
    definition = definition_of(submission)
    shown = _page_or_404(definition, page_id)
    language = current_language()
    form_class = page_form_class(shown, language)
    stored = submissions.current_answers(db, submission)
    base_version = submission["current_version"]
    conflict = None
    busy = False
    show_messages = False
    focus_id = None
    upload_errors: list[Message] = []

    if request.method == "POST":
        form = form_class()
        if not form.validate():  # only the CSRF token is validated here; the engine does the rest
            abort(400)
        base_version = to_whole_number(request.form.get("base_version"), low=0, typed=False)
        if base_version is None:
            abort(400)
        answers = merge_page(stored, shown, answers_from_form(form, shown))
        answers = with_prefill(definition, submission, answers)
        new_files: list[str] = []
        upload_errors = _take_uploads(submission_id, shown, answers, new_files)
        action = request.form.get("action", "save")
        row_changed = apply_row_action(answers, shown, action)
        try:
            number = submissions.save_answers(
                db,
                submission_id,
                base_version=base_version,
                answers=answers,
                actor=current_user.row,
            )
        except (submissions.StaleVersion, submissions.NotEditable, DatabaseBusy) as failed:
            # the save that carried them failed: its files are not kept (nothing refers to them)
            remove_attachments(db, Path(current_app.instance_path), new_files)
            if isinstance(failed, submissions.NotEditable):
                return redirect(url_for(".receipt", submission_id=submission_id))
            if isinstance(failed, submissions.StaleVersion):
                conflict = failed.current
                base_version = failed.current["version"]
            else:
                busy = True
        else:
            base_version = number
            evaluation = evaluate_remembered(definition, answers, today=rounds.norwegian_today())
            errors, _ = page_messages(evaluation, shown)
            if not row_changed and not errors and not upload_errors and action in ("save", "next"):
                following = _next_page(definition, shown, evaluation.visible)
                if action == "next" and following is not None:
                    return redirect(
                        url_for(".page", submission_id=submission_id, page_id=following.id)
                    )
                if action == "next":
                    return redirect(url_for(".check_answers", submission_id=submission_id))
                return redirect(
                    url_for(".page", submission_id=submission_id, page_id=shown.id, lagret=1)
                )
            show_messages = not row_changed
            focus_id = row_focus(answers, shown, action) if row_changed else None
        form = form_class(formdata=None, data=form_data(shown, answers))
    else:
        answers = with_prefill(definition, submission, stored)
        form = form_class(formdata=None, data=form_data(shown, answers))
        show_messages = request.args.get("vis") == "feil"

    evaluation = evaluate_remembered(definition, answers, today=rounds.norwegian_today())
    if not evaluation.visible.get(shown.id):
        return redirect(url_for(".tasks", submission_id=submission_id))
    errors, warnings = page_messages(evaluation, shown)
    errors = upload_errors + errors if show_messages else upload_errors
    warnings = warnings if show_messages or request.args.get("lagret") else []
    live = _live_page(definition, shown, answers, language)
    fields = page_fields(
        evaluation, _lookup(errors), _lookup(warnings), language=language, focus_id=focus_id,
        blank_rows=live["blank_rows"], blank_evaluation=live["blank_evaluation"],
    )  # fmt: skip
    return render_template(
        "municipality/page.html",
        submission=submission,
        definition=definition,
        page=shown,
        form=form,
        evaluation=evaluation,
        errors=errors,
        warnings=warnings,
        fields=fields,
        base_version=base_version,
        conflict=conflict,
        busy=busy,
        saved=request.args.get("lagret") == "1",
        next_page=_next_page(definition, shown, evaluation.visible),
        **live,
    ), (409 if conflict else 503 if busy else 200)


def _live_page(
    definition: Definition, shown: Page, answers: dict[str, Any], language: str
) -> dict[str, Any]:
    """What live-form.js reads besides the form: the definition's URL, the day, the answers, and
    a blank row of each group on the page (``__ROW__`` for its index) to add rows from."""
    groups = [f for s in shown.sections for f in s.fields if f.type == "group"]
    required = {
        f"{group.id}[__ROW__].{sub.id}": sub.required is True
        for group in groups
        for sub in group.fields
    }
    return {
        "definition_url": definition_url(definition),
        "today": rounds.norwegian_today().isoformat(),
        "stored_answers": answers,
        "blank_rows": {group.id: blank_row(group, language) for group in groups},
        "blank_evaluation": {"required": required, "visible": {}, "values": {}},
    }
