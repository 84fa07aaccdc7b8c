"""Keyword-only factories: any organisation, user, round, submission state, decision or document
in one line, made through the project's own storage functions (no SQL, no driving the UI).

Every factory takes the database first and everything else by keyword, with defaults that make a
valid world: an organisation with a valid organisation and account number (check digits by
python-stdnum, as the demo data makes them), a signatory user, an open round, the complete answer
set from ``tests/fixtures/answers/``, and the ladder's amounts as the decision. Rows come back as
the storage functions return them (dicts).

``create_submission(db, state=...)`` walks the state machine as people would, audit log and all::

    draft → submitted → under_assessment → granted | rejected → letter_sent
          → confirmation_received → ready_for_payment → paid

plus two states that are not columns: ``letter_made`` (decided, with the letter made) and
``reopened`` (submitted, then reopened by the help desk: a draft with ``reopen_until``). Letters
are made for real (LibreOffice) only when ``settings=app.config`` is passed; without it a letter
stays a pending document row, as right after the caseworker asked for it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import sqlite_utils

from formservice.accounts import hash_password
from formservice.documents.jobs import make_document
from formservice.documents.kinds import LETTER_KINDS
from formservice.engine import evaluate, load_directory, load_file
from formservice.engine.model import Definition
from formservice.office.overview import proposal_for
from formservice.register.importing import invented_account, invented_orgnr
from formservice.storage import (
    confirmations,
    decisions,
    documents,
    helpdesk,
    letterheads,
    letters,
    office,
    offices,
    organisations,
    rounds,
    submissions,
    users,
)
from formservice.storage.demo import DEMO_COUNTY, DEMO_OFFICE, DEMO_YEAR

ROOT = Path(__file__).resolve().parents[1]
ANSWERS = ROOT / "tests/fixtures/answers"
COMPLETE_ANSWERS = {
    "kommunalt_rusarbeid": "rusarbeid-complete.json",
    "voksne_sammensatte": "voksne-complete.json",
    "barn_unge": "barn-unge-complete.json",
    "alle_felt": "alle-felt-valid.json",
}
PASSWORD = "demo"
UNTIL = dt.date(2099, 12, 31)
# The order a submission goes through; create_submission stops at the state asked for.
PATH = ("draft", "submitted", "under_assessment", "decided", "letter_made", "letter_sent",
        "confirmation_received", "ready_for_payment", "paid")  # fmt: skip
DECIDED = ("granted", "rejected")
_NUMBERS = itertools.count(1)
STATES = (*PATH[:3], *DECIDED, *PATH[4:], "reopened")


@cache
def definition(form: str) -> Definition:
    """A definition by form id or key: the shipped ones, then the test forms. By id: the newest
    published version of the demo's year, as its rounds serve (the 2022 form needs its key)."""
    form_id, _, version = form.partition("@")
    catalog = load_directory(ROOT / "form_definitions")
    shipped = catalog.get(form_id, int(version)) if version else None
    if not version:
        current = [d for d in catalog.definitions.values() if d.id == form_id
                   and d.status == "published" and d.scheme["year"] <= DEMO_YEAR]  # fmt: skip
        shipped = max(current, key=lambda d: d.version, default=None) or catalog.get(form_id)
    if shipped is not None:
        return shipped
    for path in sorted((ROOT / "tests/fixtures/definitions").glob("*.json")):
        found, _ = load_file(path)
        if found is not None and found.id == form_id and (not version or found.key == form):
            return found
    raise LookupError(f"no definition {form!r} in form_definitions/ or tests/fixtures/definitions/")


def complete_answers(form: str) -> dict[str, Any]:
    """A fresh copy of the complete answer set for a form (``tests/fixtures/answers/``)."""
    form_id = form.partition("@")[0]
    if form_id not in COMPLETE_ANSWERS:
        raise LookupError(f"no complete answers for {form_id!r}: pass answers=")
    return json.loads((ANSWERS / COMPLETE_ANSWERS[form_id]).read_text("utf-8"))


def office_row(db: sqlite_utils.Database, office: dict | str | int) -> dict[str, Any]:
    """An office given as its row, its slug (``"vestland"``) or its id."""
    if isinstance(office, dict):
        return office
    found = (
        offices.office_by_id(db, office)
        if isinstance(office, int)
        else offices.office_by_slug(db, office)
    )
    if found is None:
        raise LookupError(f"no office {office!r}")
    return found


def set_letterhead(
    db: sqlite_utils.Database,
    *,
    office: dict | str | int,
    postal_address: str = "Testveien 1",
    postcode: str = "9999",
    post_town: str = "Teststad",
    email: str | None = None,
    orgnr: str | None = None,
    visiting_address: str = "",
    phone: str = "",
    website: str = "",
) -> dict[str, Any]:
    """The office's letterhead (row, slug or id), with invented facts unless given: an address in
    the invented Teststad, ``post@<slug>.test.example`` and a valid invented organisation number."""
    chosen = office_row(db, office)
    values = {"postal_address": postal_address, "postcode": postcode, "post_town": post_town,
              "email": email or f"post@{chosen['slug']}.test.example",
              "orgnr": orgnr or invented_orgnr(f"{chosen['id']:04d}"),
              "visiting_address": visiting_address, "phone": phone, "website": website}  # fmt: skip
    letterheads.set_letterhead(db, chosen["id"], values, actor=None)
    return letterheads.letterhead_of(db, chosen["id"])  # type: ignore[return-value]


def _free_kommunenummer(db: sqlite_utils.Database, county_number: str) -> str:
    """A four-digit number in the county no organisation has (counting down from xx99, above
    the real municipalities' numbers)."""
    taken = {o["kommunenummer"] for o in organisations.organisations_in_county(db, county_number)}
    for number in range(99, 0, -1):
        candidate = f"{county_number}{number:02d}"
        if candidate not in taken:
            return candidate
    raise LookupError(f"county {county_number} has no free kommunenummer left")


def create_organisation(
    db: sqlite_utils.Database,
    *,
    name: str | None = None,
    orgnr: str | None = None,
    kommunenummer: str | None = None,
    county_number: str = DEMO_COUNTY,
    language: str = "nb",
    email: str | None = None,
    account_number: str | None = None,
    office: dict | str | int | None = None,
) -> dict[str, Any]:
    """An organisation (municipality) in the county, by default Innlandet as the demo's; it
    belongs to its county's office, or to ``office`` (row, slug or id) when given."""
    if office is not None and county_number == DEMO_COUNTY:
        county_number = offices.counties_of_office(db, office_row(db, office)["id"])[0]
    kommunenummer = kommunenummer or _free_kommunenummer(db, county_number)
    organisation_id = organisations.upsert_organisation(
        db,
        orgnr=orgnr or invented_orgnr(kommunenummer),
        name=name or f"Testkommune {kommunenummer}",
        kommunenummer=kommunenummer,
        county_number=county_number,
        language=language,
        email=email if email is not None else f"postmottak@k{kommunenummer}.kommune.example",
        account_number=account_number or invented_account(kommunenummer),
    )
    if office is not None:
        organisations.move_organisation(
            db, organisation_id, office_row(db, office)["id"], actor=None
        )
    return organisations.organisation_by_id(db, organisation_id)  # type: ignore[return-value]


def organisation_row(db: sqlite_utils.Database, organisation: dict | str | None) -> dict[str, Any]:
    """An organisation given as its row, its kommunenummer (``"3405"``), or None for a new one."""
    if organisation is None:
        return create_organisation(db)
    if isinstance(organisation, dict):
        return organisation
    found = organisations.organisation_by_kommunenummer(db, organisation)
    if found is None:
        raise LookupError(f"no organisation with kommunenummer {organisation!r}")
    return found


def create_user(
    db: sqlite_utils.Database,
    *,
    username: str | None = None,
    role: str = "municipality",
    organisation: dict | str | None = None,
    signatory: bool = True,
    password: str = PASSWORD,
    full_name: str | None = None,
    email: str | None = None,
    language: str = "nb",
    office: dict | str | int = DEMO_OFFICE,
) -> dict[str, Any]:
    """A user with the password ``demo``; a municipality user gets a new organisation unless one
    is given (row or kommunenummer); a caseworker or help-desk user belongs to ``office`` (row,
    slug or id; the demo's Innlandet by default). Logs in with ``log_in(app, user["username"])``."""
    organisation_id = office_id = None
    if role == "municipality":
        organisation_id = organisation_row(db, organisation)["id"]
    if role in users.OFFICE_ROLES:
        office_id = office_row(db, office)["id"]
    username = username or f"{role}-{next(_NUMBERS)}"
    user_id = users.create_user(
        db,
        username=username,
        password_hash=hash_password(password),
        role=role,
        full_name=full_name or f"Test {username}",
        email=email if email is not None else f"{username}@test.formservice.example",
        organisation_id=organisation_id,
        office_id=office_id,
        is_signatory=signatory and role == "municipality",
        language=language,
    )
    return users.user_by_id(db, user_id)  # type: ignore[return-value]


# The demo's users act for the office when the database has them; else users made for it.
_DEMO_ACTORS = {"caseworker": "saksbehandler", "helpdesk": "hjelp"}


def actor(
    db: sqlite_utils.Database, role: str, *, office: dict | str | int = DEMO_OFFICE
) -> dict[str, Any]:
    """Someone of an office role (``caseworker``, ``helpdesk``) of ``office`` to act: for the
    demo office the demo user if the database has the demo data, else ``factory-<role>``
    (``factory-<role>-<office>`` for another office), made the first time."""
    chosen = office_row(db, office)
    if chosen["slug"] == DEMO_OFFICE:
        found = users.user_by_username(db, _DEMO_ACTORS[role])
        username = f"factory-{role}"
    else:
        found, username = None, f"factory-{role}-{chosen['slug']}"
    found = found or users.user_by_username(db, username)
    return found or create_user(db, username=username, role=role, office=chosen)


def signatory_of(db: sqlite_utils.Database, organisation: dict[str, Any]) -> dict[str, Any]:
    """A user who may submit for the organisation, made if it has none."""
    for user in users.users_of_organisation(db, organisation["id"]):
        if user["is_signatory"]:
            return user
    return create_user(db, organisation=organisation, signatory=True)


def create_round(
    db: sqlite_utils.Database,
    *,
    form: str = "kommunalt_rusarbeid",
    slug: str | None = None,
    county_number: str = DEMO_COUNTY,
    budget_frame: str = "32000000",
    deadline: str | dt.date | None = None,
    office: dict | str | int | None = None,
) -> dict[str, Any]:
    """The round of a form (id or key) of an office (``office``: row, slug or id; by default the
    county's), open for 30 days unless a ``deadline`` is given. An office has one round of a form
    a year: if it has one already (the demo's, say), that round gets this deadline and frame
    instead."""
    chosen = definition(form)
    if deadline is None:
        deadline = rounds.norwegian_today() + dt.timedelta(days=30)
    if office is not None:
        office_id = office_row(db, office)["id"]
        county_number = offices.counties_of_office(db, office_id)[0]
    else:
        office_id = offices.office_for_county(db, county_number)["id"]  # type: ignore[index]
    same = [
        other
        for other in rounds.rounds_for_office(db, office_id)
        if other["form_key"].partition("@")[0] == chosen.id
        and other["year"] == chosen.scheme["year"]
    ]
    if same and slug is None:
        values = {"deadline": str(deadline), "budget_frame": budget_frame}
        rounds.update_round(db, same[0]["id"], values, actor=None)
        return rounds.round_by_id(db, same[0]["id"])  # type: ignore[return-value]
    slug = slug or f"{chosen.scheme['reference_prefix'].lower()}-{chosen.scheme['year']}"
    if office is not None and rounds.round_by_slug(db, slug) is not None:
        slug = f"{slug}-{office_row(db, office)['slug']}"
    number = 2
    while rounds.round_by_slug(db, slug) is not None:
        slug, number = f"{slug.rsplit('~', 1)[0]}~{number}", number + 1
    round_id = rounds.create_round(
        db,
        slug=slug,
        definition=chosen,
        county_number=county_number,
        office_id=office_id,
        budget_frame=budget_frame,
        deadline=str(deadline),
    )
    return rounds.round_by_id(db, round_id)  # type: ignore[return-value]


def round_row(
    db: sqlite_utils.Database, round: dict | str | None, form: str | None
) -> dict[str, Any]:
    """A round given as its row or slug. None: with no ``form``, the database's only round if it
    has one; else the form's (default ``kommunalt_rusarbeid``) round, made if it has none."""
    if isinstance(round, dict):
        return round
    if isinstance(round, str):
        found = rounds.round_by_slug(db, round)
        if found is None:
            raise LookupError(f"no round {round!r}")
        return found
    every = rounds.all_rounds(db)
    if form is None and len(every) == 1:
        return every[0]
    key = definition(form or "kommunalt_rusarbeid").key
    existing = [r for r in every if r["form_key"] == key]
    return existing[0] if existing else create_round(db, form=form or "kommunalt_rusarbeid")


def create_submission(
    db: sqlite_utils.Database,
    *,
    state: str = "draft",
    form: str | None = None,
    round: dict | str | None = None,
    organisation: dict | str | None = None,
    answers: dict[str, Any] | None = None,
    outcome: str | None = None,
    decision: dict[str, Any] | None = None,
    settings: dict[str, Any] | None = None,
    reason: str = "Feil beløp",
    reopen_until: dt.date = UNTIL,
) -> dict[str, Any]:
    """A submission in ``state`` (see the module docstring), reached through storage as people do.

    ``round`` (row or slug) defaults to the database's only round (the demo app's ``alle_felt``),
    else to the round of ``form`` (default ``kommunalt_rusarbeid``), made if missing; ``organisation`` (row
    or kommunenummer) to a new one; ``answers`` to the form's complete set; ``outcome`` to the
    state itself when it is ``granted`` or ``rejected``, else ``granted``; ``decision`` holds more
    keywords of :func:`create_decision` (``positions``, ``instalments``, ...). ``settings`` makes the
    letter for real (states from ``letter_made`` on). ``reason`` and ``reopen_until`` are the
    help desk's, for ``reopened``.
    """
    if state not in STATES:
        raise ValueError(f"state {state!r} is none of {', '.join(STATES)}")
    if state == "letter_made" and settings is None:
        raise ValueError("letter_made makes the letter with LibreOffice: pass settings=app.config")
    target = "decided" if state in DECIDED else "submitted" if state == "reopened" else state
    outcome = outcome or (state if state in DECIDED else "granted")
    round_ = round_row(db, round, form)
    organisation = organisation_row(db, organisation)
    chosen = definition(round_["form_key"])
    answers = complete_answers(chosen.id) if answers is None else answers
    person = signatory_of(db, organisation)
    row = submissions.start_submission(
        db, round_row=round_, organisation_id=organisation["id"], actor=person
    )
    steps = PATH[: PATH.index(target) + 1]
    if "submitted" not in steps:
        if answers:
            submissions.save_answers(db, row["id"], base_version=0, answers=answers, actor=person)
        return submissions.submission_by_id(db, row["id"])  # type: ignore[return-value]
    submissions.submit(
        db, row["id"], base_version=row["current_version"],
        answers=evaluate(chosen, answers).answers, actor=person,
        reference_prefix=chosen.scheme["reference_prefix"], year=chosen.scheme["year"],
        language=organisation["language"],
    )  # fmt: skip
    caseworker = actor(db, "caseworker", office=round_["office_id"]) if len(steps) > 2 else None
    if state == "under_assessment":
        office.mark_state(db, row["id"], "under_assessment", actor=caseworker)  # type: ignore[arg-type]
    if "decided" in steps:
        create_decision(db, submission=row, outcome=outcome, **(decision or {}))
    letter = None
    if "letter_made" in steps or "letter_sent" in steps:
        letter = create_document(db, submission=row, settings=settings)
    if "letter_sent" in steps:
        if letter["status"] == documents.DONE:  # type: ignore[index]
            letters.release_letter(db, row["id"], LETTER_KINDS, actor=caseworker)  # type: ignore[arg-type]
        else:  # no letter file: the state only (pass settings for a letter the municipality sees)
            confirmations.mark_letter_sent(
                db, row["id"], actor=caseworker, document_id=letter["id"]
            )  # type: ignore[arg-type,index]
    if "confirmation_received" in steps:
        signer = signatory_of(db, organisation)
        confirmations.record_confirmation(db, row["id"], actor=signer, how="web",
                                          name=signer["full_name"], title="Kommunedirektør")  # fmt: skip
    if "ready_for_payment" in steps:
        office.mark_ready_for_payment(db, row["id"], actor=caseworker)  # type: ignore[arg-type]
    if "paid" in steps:
        office.mark_paid(db, row["id"], actor=caseworker)  # type: ignore[arg-type]
    if state == "reopened":
        helpdesk.reopen_submission(db, row["id"], actor=actor(db, "helpdesk", office=round_["office_id"]), reason=reason,
                                   reopen_until=reopen_until)  # fmt: skip
    return submissions.submission_by_id(db, row["id"])  # type: ignore[return-value]


def ladder_positions(db: sqlite_utils.Database, submission: dict[str, Any]) -> list[dict]:
    """The lines applied for, each granted the suggestion (as the assessment form offers)."""
    chosen = definition(submission["form_key"])
    answers = submissions.current_answers(db, submissions.submission_by_id(db, submission["id"]))
    found = proposal_for(chosen, answers).lines
    return [{**p, "granted": p["suggested"], "justification": ""} for p in found]


def create_decision(
    db: sqlite_utils.Database,
    *,
    submission: dict[str, Any],
    outcome: str = "granted",
    positions: list[dict[str, Any]] | None = None,
    total: Decimal | None = None,
    instalments: int = 1,
    conditions: list[str] | None = None,
    reason: str | None = None,
    internal_note: str = "",
) -> dict[str, Any]:
    """The caseworker's decision on a submitted submission: by default a grant of the ladder's
    amounts (``positions`` to grant others), or a rejection with a reason; the decision row."""
    positions = ladder_positions(db, submission) if positions is None else positions
    if outcome == "granted" and not positions and total is None:
        chosen = definition(submission["form_key"])
        answers = submissions.current_answers(db, submission)
        total = proposal_for(chosen, answers).applied
    decisions.record_decision(
        db, submission["id"], outcome=outcome,
        actor=actor(db, "caseworker", office=offices.office_of(db, "submission", submission["id"])),
        positions=positions if outcome == "granted" else None, total=total,
        instalments=instalments, conditions=conditions, internal_note=internal_note,
        reason=reason if reason is not None else "Søknaden gjelder drift." if outcome == "rejected" else "",
    )  # fmt: skip
    return decisions.current_decision(db, submission["id"])  # type: ignore[return-value]


def letter_kind(db: sqlite_utils.Database, submission: dict[str, Any]) -> str:
    """The letter the submission's decision calls for."""
    decision = decisions.current_decision(db, submission["id"])
    if decision is None:
        raise LookupError(f"submission {submission['id']} has no decision to write a letter about")
    return "tilskuddsbrev" if decision["outcome"] == "granted" else "avslag"


def create_document(
    db: sqlite_utils.Database,
    *,
    submission: dict[str, Any],
    kind: str | None = None,
    language: str | None = None,
    settings: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A document of the submission, as the caseworker (or a submit) asks for it: pending, or
    made for real by the document job when ``settings`` are given. ``kind`` defaults to the
    letter the decision calls for, ``language`` to the organisation's."""
    kind = kind or letter_kind(db, submission)
    if language is None:
        language = organisations.organisation_by_id(db, submission["organisation_id"])["language"]  # type: ignore[index]
    decision = decisions.current_decision(db, submission["id"])
    for_decision = decision["id"] if decision and kind in LETTER_KINDS.values() else None
    document_id = documents.create_document(
        db, submission["id"], kind, language, decision_id=for_decision
    )
    if settings is not None:
        made = make_document(dict(settings), document_id)
        assert made == documents.DONE, f"{kind} {document_id}: {made}"
    return documents.document_by_id(db, document_id)  # type: ignore[return-value]
