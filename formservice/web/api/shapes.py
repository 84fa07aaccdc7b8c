"""The JSON shapes of API v1, declared once: spectree validates every response against these
pydantic models and writes them into the OpenAPI 3.1 document. Amounts are decimal strings in
kroner (``"660000"``, ``"12.50"``), so no client loses an øre to floating point; times are ISO 8601.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from formservice.storage.states import STATES

State = Literal[tuple(STATES)]  # type: ignore[valid-type]
Amount = Field(pattern=r"^-?\d+(\.\d+)?$", examples=["660000"])


class _Shape(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Error(_Shape):
    """What went wrong, in English, for the developer of the calling system."""

    error: str = Field(examples=["not found"])


class Organisation(_Shape):
    id: int
    orgnr: str = Field(examples=["993405000"])
    name: str = Field(examples=["Lillehammer kommune"])
    kommunenummer: str | None = Field(examples=["3405"])


class Round(_Shape):
    """A grant round: a scheme's year in one county governor's office."""

    id: int
    slug: str = Field(examples=["rus-2021"])
    title: str
    year: int
    deadline: str = Field(examples=["2021-03-15"])
    county_number: str = Field(examples=["34"])
    form_key: str = Field(examples=["kommunalt_rusarbeid@1"])
    budget_frame: str | None = Field(default=None, pattern=r"^-?\d+(\.\d+)?$")


class RoundList(_Shape):
    rounds: list[Round]


class SubmissionSummary(_Shape):
    id: int
    reference: str | None = Field(examples=["RUS-2021-0001"])
    state: State
    organisation: Organisation
    submitted_at: str | None
    applied: str = Amount
    proposed: str = Amount
    granted: str = Amount


class SubmissionList(_Shape):
    round_id: int
    submissions: list[SubmissionSummary]


class StateFilter(_Shape):
    """Only submissions in this state."""

    state: State | SkipJsonSchema[None] = None  # absent, never null, in a query string


class Submission(_Shape):
    """A submission with the answers of its newest version, as stored (field id → value)."""

    id: int
    round_id: int
    reference: str | None
    state: State
    form_key: str
    version: int = Field(description="the newest version's number; 0 before the first save")
    submitted_at: str | None
    updated_at: str | None
    organisation: Organisation
    answers: dict[str, Any]


class Decision(_Shape):
    """The decision in force. ``internal_note`` is the office's own and is null for others."""

    submission_id: int
    outcome: Literal["granted", "rejected"]
    total: str = Amount
    instalments: int
    positions: list[dict[str, Any]]
    conditions: list[str]
    reason: str
    decided_at: str
    internal_note: str | None


class Payment(_Shape):
    submission_id: int
    reference: str | None
    orgnr: str
    name: str
    account_number: str | None
    amount: str = Amount
    instalments: int


class PaymentList(_Shape):
    """The submissions of a round that are ready for payment."""

    round_id: int
    total: str = Amount
    payments: list[Payment]


class ExportRow(_Shape):
    reference: str | None
    organisation: Organisation
    state: State
    submitted_at: str | None
    applied: str = Amount
    proposed: str = Amount
    outcome: Literal["granted", "rejected"] | None
    granted: str = Amount
    instalments: int | None


class RoundExport(_Shape):
    """Every submitted form of the round with its decision (what the round's CSV export holds)."""

    round_id: int
    submissions: list[ExportRow]
