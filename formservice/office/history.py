"""An organisation's grant history in a scheme, per position and per year, from the decisions.

Built from :func:`formservice.storage.history.earlier_grants`. A position is known by its title
(case and spacing aside): the form carries last year's positions into the application with the
title they were granted under. A grant recorded as ``transitional`` was given under the
transitional rule of kap. 765 post 62 §7.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from formservice.office.figures import COST


@dataclass(frozen=True)
class Grant:
    """One year's grant to one position."""

    year: int
    amount: Decimal
    ladder_year: int | None = None
    percent: Decimal | None = None
    transitional: bool = False


@dataclass
class PositionHistory:
    """Every grant a position has had, oldest first."""

    title: str
    grants: list[Grant] = field(default_factory=list)

    @property
    def last(self) -> Grant:
        """The newest grant."""
        return self.grants[-1]

    @property
    def transitional(self) -> bool:
        """Whether the position is under the transitional rule."""
        return any(grant.transitional for grant in self.grants)

    @property
    def transitional_years(self) -> int:
        """How many years it has had a grant under the transitional rule."""
        return sum(1 for grant in self.grants if grant.transitional)


@dataclass
class History:
    """What one organisation was granted in earlier rounds of a scheme."""

    totals: dict[int, Decimal] = field(default_factory=dict)
    positions: dict[str, PositionHistory] = field(default_factory=dict)
    granted: dict[int, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def received(self) -> bool:
        """Whether the organisation has ever had a grant in the scheme (else: a priority, §7)."""
        return bool(self.totals)

    @property
    def last_year(self) -> int | None:
        """The newest round year with a grant."""
        return max(self.totals, default=None)

    def position(self, title: str) -> PositionHistory | None:
        """A position's history by its title, or None (a new position)."""
        return self.positions.get(title_key(title))


def title_key(title: str) -> str:
    """A position's title as it is matched across years."""
    return " ".join(str(title).casefold().split())


def _decimal(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _int(value: Any) -> int | None:
    return int(value) if str(value).isdigit() else None


def history_from(grants: list[dict[str, Any]]) -> History:
    """The history in the rows of one organisation (oldest first)."""
    history = History()
    for grant in grants:
        year = grant["year"]
        history.totals[year] = history.totals.get(year, Decimal(0)) + grant["total"]
        history.granted.setdefault(year, []).extend(grant["positions"])
        for position in grant["positions"]:
            amount = _decimal(position.get("granted")) or Decimal(0)
            if position.get("kind") == COST or not amount or not str(position.get("title") or ""):
                continue
            entry = history.positions.setdefault(
                title_key(position["title"]), PositionHistory(title=position["title"])
            )
            entry.grants.append(
                Grant(
                    year=year,
                    amount=amount,
                    ladder_year=_int(position.get("year")),
                    percent=_decimal(position.get("percent")),
                    transitional=bool(position.get("transitional")),
                )
            )
    return history
