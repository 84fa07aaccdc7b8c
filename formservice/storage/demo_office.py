"""The demo office's history: a decided and paid 2020 round, and a 2021 round in every state.

``init --demo`` calls :func:`load_demo_office` after the organisations, rounds and users exist.
2020 (*Kommunalt rusarbeid*, recorded with the 2021 form): 30 of Innlandet's municipalities
granted and paid, positions on ladder years 1 to 3, some under the transitional rule at less than
the ladder. 2021: 25 submissions spread over every state, from draft to paid, one reopened by the
help desk; the decided ones at the office's own suggestion from the 2020 history. The
municipalities of the demo users (Lillehammer, Gjøvik, Lom) are left out, so the README's
walkthrough starts from an empty form. Titles, texts and amounts are invented; amounts are the
engine's (the rates stand only in the definition). The 2021 letters that were sent (states
letter sent to paid) are real files made through the one pipeline: ``init`` only asks for them, in
one batch (:func:`formservice.storage.letters.record_sent_before`), and the worker of
``formservice serve`` makes them when it starts, so ``init`` never waits for LibreOffice. 2020's
letters went out before this instance (no files); acknowledgements are not made. Runs once (a
second ``init --demo`` finds the 2020 round and stops). The 2021 round's steps are spread over the
four weeks before today. The 2021 answers carry the register's facts where the round's form fills
them from the register.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

import sqlite_utils

from formservice.documents.kinds import LETTER_KINDS
from formservice.engine import evaluate
from formservice.engine.loader import Catalog
from formservice.engine.model import Definition
from formservice.engine.prefill import apply_prefill
from formservice.office.ladder import propose
from formservice.office.overview import histories
from formservice.storage import (
    confirmations,
    decisions,
    helpdesk,
    letters,
    organisations,
    rounds,
    submissions,
    users,
)
from formservice.storage.db import write_transaction
from formservice.storage.prefill import prefill_values

FORM = ("kommunalt_rusarbeid", 1)
DEMO_USER_MUNICIPALITIES = {"3405", "3407", "3434"}  # their forms are the walkthrough's to fill
TITLES = ("Ruskonsulent", "Erfaringskonsulent", "Miljøterapeut", "Boveileder",
          "Sykepleier i ambulant team", "Arbeidskonsulent", "Ungdomskontakt", "Aktivitetsleder")  # fmt: skip
PERCENTS = ("100", "100", "80", "60", "50")
# the §7 priorities each title works with (the form's option values)
PRIORITIES = {"Ruskonsulent": ["lavterskel", "tidlig_innsats"], "Erfaringskonsulent": ["erfaringskonsulent"],
              "Miljøterapeut": ["oppsokende_team"], "Boveileder": ["bolig"],
              "Sykepleier i ambulant team": ["oppsokende_team", "bolig"], "Arbeidskonsulent": ["arbeid"],
              "Ungdomskontakt": ["tidlig_innsats"], "Aktivitetsleder": ["arbeid", "lavterskel"]}  # fmt: skip
# 2021: how many submissions end in each state ("reopened": back to draft by the help desk)
STATES_2021 = (("draft", 3), ("submitted", 4), ("under_assessment", 3), ("granted", 3),
               ("rejected", 1), ("letter_sent", 3), ("confirmation_received", 3),
               ("ready_for_payment", 2), ("paid", 2), ("reopened", 1))  # fmt: skip
AFTER_DECISION = ("letter_sent", "confirmation_received", "ready_for_payment", "paid")
LIKERT = ("brukermedvirkning", "tidlig_innsats", "ambulant_team", "bolig", "arbeid_aktivitet",
          "lavterskel")  # fmt: skip


def _answers(organisation: dict[str, Any], positions: list[dict[str, str]], *, reported: bool,
             rng: random.Random) -> dict[str, Any]:  # fmt: skip
    """A complete rusarbeid application (and report, when granted the year before)."""
    name = organisation["name"]
    rows = [{"tittel": p["tittel"], "stillingsprosent": p["stillingsprosent"],
             "aar_i_ordningen": p["aar_i_ordningen"], "oppstart": p.get("oppstart", "2021-03-01"),
             "erfaringskonsulent": p["tittel"] == "Erfaringskonsulent",
             "prioriteringer": PRIORITIES.get(p["tittel"], ["oppsokende_team"])}
            for p in positions]  # fmt: skip
    salaries = 720000 * len(rows)
    answers: dict[str, Any] = {
        "kommune": organisation["kommunenummer"], "orgnr": organisation["orgnr"],
        "kontonr": organisation["account_number"],
        "adresse": f"Postboks {rng.randint(1, 400)}\n{rng.randint(2300, 2990)} {name.split()[0]}",
        "kontakt_navn": f"Demo Kontakt {organisation['kommunenummer']}",
        "kontakt_epost": f"rus@{organisation['kommunenummer']}.kommune.example",
        "kontakt_telefon": f"6{rng.randint(1000000, 9999999)}", "interkommunalt": False,
        "mottatt_i_fjor": reported, "stillinger": rows, "soknadsbelop": "0",
        "formaal": "Varig økt kapasitet i oppfølgingen av personer med rusproblemer.",
        "tiltak": "Oppsøkende og ambulant oppfølging, også i bolig.",
        "organisering": "Tiltakene er organisert i tjenesten for psykisk helse og rus.",
        "budsjett_lonn": str(salaries), "egenfinansiering": str(salaries // 4),
        "annen_finansiering": "0",
        "intern_kontroll": "Eget ansvarsnummer, attestasjon og anvisning.",
        "ekstern_kontroll": "Kommunerevisjonen reviderer regnskapet.",
        "erklaering": {"confirmed": True, "name": f"Demo Leder {organisation['kommunenummer']}",
                       "title": "Kommunedirektør"},
    }  # fmt: skip
    if reported:
        answers |= {
            "fjor_stillinger": [{"tittel": r["tittel"], "stillingsprosent": r["stillingsprosent"],
                                 "besatt": True} for r in rows],
            "kapasitet": {key: str(rng.randint(2, 5)) for key in LIKERT},
            "egen_vurdering": "Tilskuddet har gitt flere brukere et fast oppfølgingstilbud.",
            "tiltak_gjennomfort": "Ambulant oppfølging og lavterskeltilbud to kvelder i uka.",
            "fjor_mottatt": "500000", "regnskap_bekreftet": True,
            "fjor_lonn": [{"tittel": r["tittel"], "kostnad": "600000"} for r in rows],
        }  # fmt: skip
    return answers


def _with_applied(definition: Definition, answers: dict[str, Any]) -> dict[str, Any]:
    """The answers with the amount applied for set to what the ladder gives."""
    proposal = propose(evaluate(definition, answers))
    return {**answers, "soknadsbelop": str(proposal.suggested)}


def _submit(db: sqlite_utils.Database, round_row: dict[str, Any], organisation: dict[str, Any],
            answers: dict[str, Any], *, submit: bool = True) -> int:  # fmt: skip
    row = submissions.start_submission(
        db, round_row=round_row, organisation_id=organisation["id"], actor=None
    )
    if not submit:
        submissions.save_answers(db, row["id"], base_version=0, answers=answers, actor=None)
        return row["id"]
    submissions.submit(db, row["id"], base_version=0, answers=answers, actor=None,
                       reference_prefix="RUS", year=round_row["year"],
                       language=organisation["language"])  # fmt: skip
    with write_transaction(db):  # the demo makes no documents: nothing waits for LibreOffice
        db.execute("delete from documents where submission_id = ?", [row["id"]])
    return row["id"]


def _grant(db: sqlite_utils.Database, submission_id: int, lines: list[dict[str, Any]],
           caseworker: dict[str, Any], until: str) -> None:  # fmt: skip
    decisions.record_decision(db, submission_id, outcome="granted", actor=caseworker,
                              positions=lines, instalments=2)  # fmt: skip
    for state in AFTER_DECISION[: AFTER_DECISION.index(until) + 1] if until != "granted" else ():
        submissions.change_state(db, submission_id, state, actor=caseworker)


def _round_2020(db: sqlite_utils.Database, definition: Definition, chosen: list[dict[str, Any]],
                caseworker: dict[str, Any], rng: random.Random) -> int:  # fmt: skip
    round_id = rounds.create_round(
        db, slug="rus-2020", definition=definition, county_number=chosen[0]["county_number"],
        budget_frame="31500000", deadline="2020-02-10", year=2020,
        title="Kommunalt rusarbeid 2020 – søknad og rapport",
    )  # fmt: skip
    round_row = rounds.round_by_id(db, round_id)
    for number, organisation in enumerate(chosen):
        count = 1 + number % 3
        positions = [{"tittel": TITLES[(number + i) % len(TITLES)],
                      "stillingsprosent": rng.choice(PERCENTS),
                      "aar_i_ordningen": str(1 + (number + i) % 3), "oppstart": "2019-03-01"}
                     for i in range(count)]  # fmt: skip
        answers = _with_applied(
            definition, _answers(organisation, positions, reported=False, rng=rng)
        )
        submission_id = _submit(db, round_row, organisation, answers)
        lines = propose(evaluate(definition, answers)).lines
        for index, line in enumerate(lines):
            line["granted"] = line["suggested"]
            if number % 5 == 0 and index == 0 and (line["year"] or 0) >= 2:  # the earlier rules
                line["transitional"] = True
                line["granted"] = (line["suggested"] * Decimal("0.85") / 10000).quantize(1) * 10000
                line["justification"] = "Overgangsregelen: tilskudd etter tidligere regelverk."
        _grant(db, submission_id, lines, caseworker, "paid")
    with write_transaction(db):  # decided and paid in 2020, not today
        db.execute(
            "update submissions set submitted_at = '2020-02-08T10:00:00+00:00', "
            "updated_at = '2020-06-15T10:00:00+00:00' where round_id = ?",
            [round_id],
        )
        db.execute(
            "update decisions set decided_at = '2020-03-20T12:00:00+00:00' where submission_id "
            "in (select id from submissions where round_id = ?)",
            [round_id],
        )
    return round_id


def _round_2021(db: sqlite_utils.Database, catalog: Catalog, definition: Definition,
                chosen: list[dict[str, Any]],
                granted_2020: set[int], staff: dict[str, dict[str, Any]],
                rng: random.Random) -> None:  # fmt: skip
    round_row = rounds.round_by_slug(db, "rus-2021")
    form_id, _, version = round_row["form_key"].partition("@")
    definition = catalog.get(form_id, int(version)) or definition
    known = histories(db, round_row)
    states = [state for state, count in STATES_2021 for _ in range(count)]
    sent: list[tuple[int, str, dict[str, Any]]] = []
    for organisation, state in zip(chosen, states, strict=False):
        history = known[organisation["id"]] if known is not None else None
        carried = []
        for line in history.granted.get(2020, []) if history else []:
            year = int(line["year"]) + 1
            if year <= 4:
                carried.append({"tittel": line["title"], "stillingsprosent": str(line["percent"]),
                                "aar_i_ordningen": str(year), "oppstart": "2019-03-01"})  # fmt: skip
        if not carried or rng.random() < 0.3:
            fresh = [t for t in TITLES if t not in {p["tittel"] for p in carried}]
            carried.append({"tittel": rng.choice(fresh), "stillingsprosent": rng.choice(PERCENTS),
                            "aar_i_ordningen": "1"})  # fmt: skip
        answers = _answers(
            organisation, carried, reported=organisation["id"] in granted_2020, rng=rng
        )
        facts = prefill_values(db, {"organisation_id": organisation["id"]})
        answers = _with_applied(definition, apply_prefill(definition, answers, facts))
        submission_id = _submit(db, round_row, organisation, answers, submit=state != "draft")
        if state in ("draft", "submitted"):
            continue
        if state == "reopened":
            helpdesk.reopen_submission(db, submission_id, actor=staff["hjelp"],
                                       reason="Kommunen ba om å få rette stillingsprosenten.",
                                       reopen_until=rounds.norwegian_today() + dt.timedelta(days=14))  # fmt: skip
            continue
        submissions.change_state(
            db, submission_id, "under_assessment", actor=staff["saksbehandler"]
        )
        if state == "under_assessment":
            continue
        if state == "rejected":
            decisions.record_decision(db, submission_id, outcome="rejected", actor=staff["saksbehandler"],
                                      reason="Søknaden gjelder drift av et prosjekt, ikke varige stillinger.")  # fmt: skip
            continue
        lines = propose(evaluate(definition, answers), history).lines
        for line in lines:
            line["granted"] = line["suggested"]
        decisions.record_decision(db, submission_id, outcome="granted", actor=staff["saksbehandler"],
                                  positions=lines, instalments=2)  # fmt: skip
        if state in AFTER_DECISION:
            sent.append((submission_id, state, organisation))
    _send_letters(db, sent, staff["saksbehandler"])


def _send_letters(db: sqlite_utils.Database, sent: list[tuple[int, str, dict[str, Any]]],
                  caseworker: dict[str, Any]) -> None:  # fmt: skip
    """The letters of the decided 2021 submissions sent (asked for in one batch, made by the
    worker), then each submission on to its state: confirmed, ready for payment, paid."""
    letters.record_sent_before(db, [s[0] for s in sent], LETTER_KINDS, actor=caseworker)
    for submission_id, state, organisation in sent:
        for step in AFTER_DECISION[1 : AFTER_DECISION.index(state) + 1]:
            if step == "confirmation_received":
                confirmations.record_confirmation(
                    db, submission_id, actor=None, how="web",  # type: ignore[arg-type]
                    name=f"Demo Leder {organisation['kommunenummer']}", title="Kommunedirektør",
                )  # fmt: skip
            else:
                submissions.change_state(db, submission_id, step, actor=caseworker)


def _spread_over_weeks(db: sqlite_utils.Database, round_id: int, rng: random.Random) -> None:
    """The 2021 round's history spread over the four weeks before today, as a round's weeks go
    (the demo is made at one instant): each submission's steps a day to four apart, in order."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    start = now.replace(hour=0, minute=0, second=0) - dt.timedelta(days=28)
    with write_transaction(db):
        ids = db.execute("select id from submissions where round_id = ?", [round_id]).fetchall()
        for (submission_id,) in ids:
            day = rng.randint(0, 14)
            steps = db.execute("select id, action from audit_log where submission_id = ? "
                               "order by id", [submission_id]).fetchall()  # fmt: skip
            for entry_id, action in steps:
                at = start + dt.timedelta(
                    days=day, hours=rng.randint(8, 15), minutes=rng.randint(0, 59)
                )
                at = min(at, now).isoformat()
                db.execute("update audit_log set at = ? where id = ?", [at, entry_id])
                if action == "submit":
                    db.execute(
                        "update submissions set submitted_at = ? where id = ?", [at, submission_id]
                    )
                if action == "decision":
                    db.execute("update decisions set decided_at = ? where submission_id = ? "
                               "and superseded_by is null", [at, submission_id])  # fmt: skip
                day = min(day + rng.randint(1, 4), 27)


def load_demo_office(db: sqlite_utils.Database, catalog: Catalog, county_number: str) -> list[str]:
    """The 2020 and 2021 rusarbeid rounds of the demo office (nothing if already there, or if the
    rusarbeid form or the 2021 round is not loaded)."""
    definition = catalog.get(*FORM)
    if definition is None or rounds.round_by_slug(db, "rus-2021") is None:
        return []
    if rounds.round_by_slug(db, "rus-2020") is not None:
        return []
    staff = {name: users.user_by_username(db, name) for name in ("saksbehandler", "hjelp")}
    rng = random.Random(2021)  # noqa: S311 (invented demo data, not secrets)
    candidates = [o for o in organisations.organisations_in_county(db, county_number)
                  if o["kommunenummer"] not in DEMO_USER_MUNICIPALITIES]  # fmt: skip
    rng.shuffle(candidates)
    first, second = candidates[:30], candidates[:18] + candidates[33:40]
    _round_2020(db, definition, first, staff["saksbehandler"], rng)
    _round_2021(db, catalog, definition, second, {o["id"] for o in first}, staff, rng)
    _spread_over_weeks(db, rounds.round_by_slug(db, "rus-2021")["id"], rng)
    return ["demo: rus-2020 decided and paid for 30 municipalities",
            "demo: rus-2021 with 25 submissions in every state"]  # fmt: skip
