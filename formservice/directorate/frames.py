"""Reading the directorate's split of a scheme's national budget into the offices' frames.

The national budget is a whole amount in kroner above zero; each office's frame a whole amount of
zero or more; and the frames must add up to the national budget exactly, since the budget is
split between the offices and nothing else. Each problem is keyed by the field (``national`` or
``frame-<office slug>``) in English, bokmål and nynorsk; what was typed is the caller's to show
again, so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from formservice import formatting
from formservice.office.assessment import parse_amount
from formservice.office.round_input import MAX_FRAME

Message = dict[str, str]


@dataclass
class FrameInput:
    """The national budget and the frames by office id as read, and the problems found."""

    national: Decimal | None = None
    frames: dict[int, Decimal] = field(default_factory=dict)
    errors: dict[str, Message] = field(default_factory=dict)


def _amount(raw: str, *, zero_allowed: bool) -> Decimal | None:
    amount = parse_amount(raw[:40]) if raw else None
    if amount is None or amount >= MAX_FRAME or amount != amount.to_integral_value():
        return None
    return amount if amount > 0 or (zero_allowed and amount == 0) else None


def _kroner(amount: Decimal, language: str) -> str:
    return formatting.kroner(amount, language).replace("\u00a0", " ")


def read_frames(data: Mapping[str, Any], offices: Sequence[dict[str, Any]]) -> FrameInput:
    """The national budget (``national``) and each office's frame (``frame-<slug>``, empty is
    0), checked; the frames must add up to the national budget."""
    found = FrameInput()
    raw = str(data.get("national") or "").strip()
    found.national = _amount(raw, zero_allowed=False)
    if found.national is None:
        found.errors["national"] = {
            "en": f"{raw!r} is not an amount in whole kroner above 0",
            "nb": "Skriv det nasjonale budsjettet i hele kroner, for eksempel 455 000 000",
            "nn": "Skriv det nasjonale budsjettet i heile kroner, til dømes 455 000 000",
        }
    for office in offices:
        key = f"frame-{office['slug']}"
        raw = str(data.get(key) or "").strip()
        amount = _amount(raw, zero_allowed=True) if raw else Decimal(0)
        if amount is None:
            found.errors[key] = {
                "en": f"{office['slug']}: {raw!r} is not an amount in whole kroner",
                "nb": f"{office['name_nb']}: skriv rammen i hele kroner, for eksempel 32 000 000",
                "nn": f"{office['name_nn']}: skriv ramma i heile kroner, til dømes 32 000 000",
            }
        else:
            found.frames[office["id"]] = amount
    if not found.errors:
        total = sum(found.frames.values(), Decimal(0))
        difference = found.national - total  # type: ignore[operator]
        if difference:
            more = difference > 0
            found.errors["national"] = sum_problem(total, found.national, more)  # type: ignore[arg-type]
    return found


def sum_problem(total: Decimal, national: Decimal, more: bool) -> Message:
    """The frames add up to ``total``, not the national budget: by how much, in each language."""
    gap = abs(national - total)
    return {
        "en": f"the frames add up to {total} kr, the national budget is {national} kr",
        "nb": f"Rammene er til sammen {_kroner(total, 'nb')}, men det nasjonale budsjettet er "
        f"{_kroner(national, 'nb')}. Fordel {'resten' if more else 'mindre'}: "
        f"{_kroner(gap, 'nb')} {'mangler' if more else 'for mye'}.",
        "nn": f"Rammene er til saman {_kroner(total, 'nn')}, men det nasjonale budsjettet er "
        f"{_kroner(national, 'nn')}. Fordel {'resten' if more else 'mindre'}: "
        f"{_kroner(gap, 'nn')} {'manglar' if more else 'for mykje'}.",
    }
