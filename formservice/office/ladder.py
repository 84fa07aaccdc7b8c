"""The step-down ladder of Kommunalt rusarbeid (§7) and the positions a form applies for.

A 100 % position gets 660 000, 550 000, 440 000 and 330 000 kr in its first to fourth year, reduced
in proportion to the position percentage and rounded half up to whole kroner. Under the
transitional rule a recipient under the earlier rules gets, as a rule, no more than last year's
amount. The caseworker's decision stays discretionary: these are suggestions.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from formservice.engine.model import Definition

LADDER = {1: Decimal(660000), 2: Decimal(550000), 3: Decimal(440000), 4: Decimal(330000)}
# form id → (group, title, percent, year) of the positions applied for
POSITIONS = {
    "kommunalt_rusarbeid": ("stillinger", "tittel", "stillingsprosent", "aar_i_ordningen"),
    "alle_felt": ("rader", "tittel", "pst", "aar"),
}


def suggested_amount(percent: Decimal, year: int) -> Decimal:
    """The ladder amount for a position: rate of the year × percent / 100, whole kroner."""
    if year not in LADDER or not 0 < percent <= 100:
        return Decimal(0)
    return (LADDER[year] * percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def transitional_amount(suggested: Decimal, last_year: Decimal | None) -> Decimal:
    """Under the transitional rule: the ladder amount, but no more than last year's amount."""
    if last_year is None:
        return suggested
    return min(suggested, last_year)


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value).replace(" ", "").replace("\u00a0", "").replace(",", "."))
    except (InvalidOperation, ValueError):
        return None


def positions_of(definition: Definition, answers: dict[str, Any]) -> list[dict[str, Any]]:
    """The positions applied for, each with its ladder suggestion (empty for forms without)."""
    mapping = POSITIONS.get(definition.id)
    if mapping is None:
        return []
    group, title, percent, year = mapping
    found = []
    for row in answers.get(group) or []:
        share = _decimal(row.get(percent)) or Decimal(0)
        try:
            number = int(str(row.get(year)))
        except ValueError:
            number = 0
        found.append(
            {
                "title": str(row.get(title) or ""),
                "percent": share,
                "year": number,
                "suggested": suggested_amount(share, number),
            }
        )
    return found
