"""The step-down ladder of Kommunalt rusarbeid (§7) and where a form keeps what the office needs.

A 100 % position gets 660 000, 550 000, 440 000 and 330 000 kr in its first to fourth year, reduced
in proportion to the position percentage and rounded half up to whole kroner. Under the
transitional rule a recipient under the earlier rules gets, as a rule, no more than last year's
amount and for at most three more years. The caseworker's decision stays discretionary: these are
suggestions.

Which fields of a form hold the positions, the amount applied for and last year's grant is an
explicit mapping per form id below, so views and storage never name a form's field ids.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from formservice.engine.model import Definition
from formservice.numbers import to_decimal, to_whole_number

LADDER = {1: Decimal(660000), 2: Decimal(550000), 3: Decimal(440000), 4: Decimal(330000)}
TRANSITIONAL_YEARS = 3  # at most this many more years for recipients under the earlier rules
# form id → (group, title, percent, year) of the positions applied for
POSITIONS = {
    "kommunalt_rusarbeid": ("stillinger", "tittel", "stillingsprosent", "aar_i_ordningen"),
    "alle_felt": ("rader", "tittel", "pst", "aar"),
}
# form id → the field with the amount applied for
APPLIED = {"kommunalt_rusarbeid": "soknadsbelop", "alle_felt": "soknad"}
# form id → the field with last year's grant (recipients under the earlier rules)
LAST_YEAR = {"kommunalt_rusarbeid": "fjor_mottatt"}


def suggested_amount(percent: Decimal, year: int) -> Decimal:
    """The ladder amount for a position: rate of the year × percent / 100, whole kroner."""
    if year not in LADDER or not 0 < percent <= 100:
        return Decimal(0)
    return (LADDER[year] * percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def transitional_amount(
    suggested: Decimal, last_year: Decimal | None, years_left: int = TRANSITIONAL_YEARS
) -> Decimal:
    """Under the transitional rule: the ladder amount, but no more than last year's amount, and
    nothing once the (at most three) remaining years are used up. ``last_year`` None: not under
    the earlier rules, so the ladder amount stands."""
    if last_year is None:
        return suggested
    if not 0 <= years_left <= TRANSITIONAL_YEARS:
        raise ValueError(f"years_left must be 0 to {TRANSITIONAL_YEARS}, not {years_left}")
    if years_left == 0:
        return Decimal(0)
    return min(suggested, last_year)


def positions_in(form_id: str, answers: dict[str, Any]) -> list[dict[str, Any]]:
    """The positions applied for in a form's answers, each with its ladder suggestion."""
    mapping = POSITIONS.get(form_id)
    if mapping is None:
        return []
    group, title, percent, year = mapping
    found = []
    for row in answers.get(group) or []:
        if not isinstance(row, dict):
            continue
        share = to_decimal(row.get(percent)) or Decimal(0)
        number = to_whole_number(row.get(year)) or 0
        found.append(
            {
                "title": str(row.get(title) or ""),
                "percent": share,
                "year": number,
                "suggested": suggested_amount(share, number),
            }
        )
    return found


def positions_of(definition: Definition, answers: dict[str, Any]) -> list[dict[str, Any]]:
    """The positions applied for, each with its ladder suggestion (empty for forms without)."""
    return positions_in(definition.id, answers)


def proposed_total(form_id: str, answers: dict[str, Any]) -> Decimal:
    """The sum of the ladder suggestions of every position applied for."""
    return sum((p["suggested"] for p in positions_in(form_id, answers)), Decimal(0))


def applied_amount(form_id: str, answers: dict[str, Any]) -> Decimal:
    """The amount the organisation applied for (0 when the form has none or it is blank)."""
    field = APPLIED.get(form_id)
    return (to_decimal(answers.get(field)) if field else None) or Decimal(0)


def last_year_amount(form_id: str, answers: dict[str, Any]) -> Decimal | None:
    """Last year's grant as the organisation stated it, or None (not under the earlier rules)."""
    field = LAST_YEAR.get(form_id)
    amount = to_decimal(answers.get(field)) if field else None
    return amount if amount else None
