"""The states a submission moves through, and which moves are allowed.

draft → submitted → under_assessment → granted | rejected; granted → letter_sent →
confirmation_received → ready_for_payment → paid; rejected → letter_sent. The help desk may move a
submitted (or under-assessment) submission back to draft. Anything else is refused.
"""

from __future__ import annotations

STATES = {
    "draft": {"nb": "Utkast", "nn": "Utkast"},
    "submitted": {"nb": "Sendt inn", "nn": "Sendt inn"},
    "under_assessment": {"nb": "Under behandling", "nn": "Under handsaming"},
    "granted": {"nb": "Innvilget", "nn": "Innvilga"},
    "rejected": {"nb": "Avslått", "nn": "Avslått"},
    "letter_sent": {"nb": "Brev sendt", "nn": "Brev sendt"},
    "confirmation_received": {"nb": "Bekreftelse mottatt", "nn": "Stadfesting motteken"},
    "ready_for_payment": {"nb": "Klar til utbetaling", "nn": "Klar til utbetaling"},
    "paid": {"nb": "Utbetalt", "nn": "Utbetalt"},
}

TRANSITIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"submitted"}),
    "submitted": frozenset({"under_assessment", "granted", "rejected", "draft"}),
    "under_assessment": frozenset({"granted", "rejected", "draft"}),
    "granted": frozenset({"letter_sent", "under_assessment", "rejected"}),
    "rejected": frozenset({"letter_sent", "under_assessment", "granted"}),
    "letter_sent": frozenset({"confirmation_received"}),
    "confirmation_received": frozenset({"ready_for_payment"}),
    "ready_for_payment": frozenset({"paid"}),
    "paid": frozenset(),
}


class IllegalTransition(Exception):
    """A state change the rules do not allow; the message says which and why."""


def check_transition(from_state: str, to_state: str) -> None:
    """Raise IllegalTransition unless ``from_state`` may move to ``to_state``."""
    if to_state not in TRANSITIONS.get(from_state, frozenset()):
        allowed = ", ".join(sorted(TRANSITIONS.get(from_state, ()))) or "none"
        raise IllegalTransition(
            f"a submission in state {from_state!r} cannot move to {to_state!r} (allowed: {allowed})"
        )


def state_label(state: str, language: str = "nb") -> str:
    """The state's name as people read it."""
    return STATES.get(state, {}).get(language, state)
