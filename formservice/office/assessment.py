"""Reading the caseworker's assessment form: a grant per position, or a rejection with a reason.

Pure: it takes the posted fields and the positions applied for (with their ladder suggestions) and
returns either the decision to record or the errors to show, each keyed by the field it belongs
to and written in bokmål and nynorsk. The rules: every granted amount is whole kroner (typed the
Norwegian way, ``660 000``); an amount that differs from the suggestion needs a justification; a
rejection needs a reason; the grant is paid in 1 to 12 instalments.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from formservice.numbers import MAX_AMOUNT, to_decimal, to_whole_number

MAX_TEXT = 5000
MAX_CONDITIONS = 20


@dataclass
class Assessment:
    """What the form said: ``decision`` (keyword arguments of ``record_decision``) or ``errors``."""

    decision: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, dict[str, str]] = field(default_factory=dict)

    def error(self, key: str, nb: str, nn: str) -> None:
        self.errors[key] = {"nb": nb, "nn": nn}


def parse_amount(text: str) -> Decimal | None:
    """A non-negative whole amount in kroner as typed (``660 000``, ``660000 kr``), or None."""
    value = to_decimal(text.lower().strip().removesuffix("kr").removeprefix("kr"))
    if value is None or not 0 <= value <= MAX_AMOUNT or value != value.to_integral_value():
        return None
    return value.quantize(Decimal(1))  # to_decimal keeps values small enough to quantize


def _positions(
    assessment: Assessment, form: Mapping[str, str], positions: list[dict[str, Any]]
) -> list:
    granted = []
    for index, position in enumerate(positions):
        title = position["title"] or f"stilling {index + 1}"
        amount = parse_amount(form.get(f"granted-{index}", ""))
        justification = form.get(f"justification-{index}", "").strip()[:MAX_TEXT]
        if amount is None:
            assessment.error(f"granted-{index}", f"Skriv tildelt beløp for {title} i hele kroner.",
                             f"Skriv tildelt beløp for {title} i heile kroner.")  # fmt: skip
            continue
        if amount != position["suggested"] and not justification:
            assessment.error(
                f"justification-{index}",
                f"Begrunn hvorfor {title} får et annet beløp enn forslaget.",
                f"Grunngi kvifor {title} får eit anna beløp enn forslaget.",
            )
        granted.append({**position, "granted": amount, "justification": justification})
    return granted


def read_assessment(form: Mapping[str, str], positions: list[dict[str, Any]]) -> Assessment:
    """The decision the posted assessment form asks for, or the errors that stop it."""
    assessment = Assessment()
    outcome = form.get("outcome")
    decision: dict[str, Any] = {"outcome": outcome}
    if outcome == "rejected":
        reason = form.get("reason", "").strip()[:MAX_TEXT]
        if not reason:
            assessment.error("reason", "Skriv begrunnelsen for avslaget.",
                             "Skriv grunngivinga for avslaget.")  # fmt: skip
        decision["reason"] = reason
    elif outcome == "granted":
        decision["positions"] = _positions(assessment, form, positions)
        if not positions:  # a form without positions: one amount for the whole grant
            total = parse_amount(form.get("granted-total", ""))
            if total is None:
                assessment.error("granted-total", "Skriv tildelt beløp i hele kroner.",
                                 "Skriv tildelt beløp i heile kroner.")  # fmt: skip
            decision["total"] = total
    else:
        assessment.error(
            "outcome", "Velg innvilgelse eller avslag.", "Vel innvilging eller avslag."
        )
    instalments = to_whole_number(form.get("instalments", "1"), low=1, high=12)
    if instalments is None:
        assessment.error("instalments", "Antall utbetalinger må være et helt tall fra 1 til 12.",
                         "Talet på utbetalingar må vere eit heilt tal frå 1 til 12.")  # fmt: skip
    else:
        decision["instalments"] = instalments
    lines = [line.strip()[:MAX_TEXT] for line in form.get("conditions", "").splitlines()]
    decision["conditions"] = [line for line in lines if line][:MAX_CONDITIONS]
    decision["internal_note"] = form.get("internal_note", "").strip()[:MAX_TEXT]
    if not assessment.errors:
        assessment.decision = decision
    return assessment
