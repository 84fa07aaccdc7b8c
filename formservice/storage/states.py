"""The states a submission moves through, and which moves are allowed.

draft → submitted → under_assessment → granted | rejected; granted → letter_sent →
confirmation_received → ready_for_payment → paid; rejected → letter_sent. The help desk may move a
submitted (or under-assessment) submission back to draft. Anything else is refused. Only a grant
letter is confirmed: a submission whose rejection letter was sent is in ``letter_sent`` too, but it
never moves on (:func:`check_confirmation`).
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
    """A state change the rules do not allow. The exception's message is for logs (English);
    ``text`` says it to people in bokmål and nynorsk, with the states as they read them."""

    def __init__(self, from_state: str, to_state: str) -> None:
        allowed = sorted(TRANSITIONS.get(from_state, ()))
        super().__init__(
            f"a submission in state {from_state!r} cannot move to {to_state!r}"
            f" (allowed: {', '.join(allowed) or 'none'})"
        )
        self.from_state, self.to_state = from_state, to_state
        self.text = {
            language: _REFUSED[language].format(
                from_state=state_label(from_state, language),
                to_state=state_label(to_state, language),
                allowed=", ".join(f"«{state_label(s, language)}»" for s in STATES if s in allowed)
                or _NO_NEXT[language],
            )
            for language in ("nb", "nn")
        }


_REFUSED = {
    "nb": "Skjemaet kan ikke gå fra «{from_state}» til «{to_state}». Mulige neste steg: {allowed}.",
    "nn": "Skjemaet kan ikkje gå frå «{from_state}» til «{to_state}». Moglege neste steg: {allowed}.",
}
_NO_NEXT = {"nb": "ingen", "nn": "ingen"}


def check_transition(from_state: str, to_state: str) -> None:
    """Raise IllegalTransition unless ``from_state`` may move to ``to_state``."""
    if to_state not in TRANSITIONS.get(from_state, frozenset()):
        raise IllegalTransition(from_state, to_state)


class NotConfirmable(IllegalTransition):
    """A confirmation of a submission whose letter sent was no grant letter (a rejection, or no
    letter yet)."""

    def __init__(self, from_state: str, outcome: str | None) -> None:
        super().__init__(from_state, "confirmation_received")
        self.outcome = outcome
        if from_state == "letter_sent":
            self.args = (f"a submission whose {outcome or 'undecided'} letter was sent cannot be "
                         "confirmed: only a grant letter asks for a confirmation",)  # fmt: skip
            self.text = _NOT_GRANTED


_NOT_GRANTED = {
    "nb": "Bare et tilskuddsbrev skal bekreftes. Søknaden er avslått, så det er ingenting å bekrefte.",
    "nn": "Berre eit tilskotsbrev skal stadfestast. Søknaden er avslått, så det er ingenting å "
    "stadfeste.",
}


def may_confirm(state: str, outcome: str | None) -> bool:
    """Whether the municipality may confirm now: the letter it was sent grants (``outcome`` is
    the decision in force, or None)."""
    return state == "letter_sent" and outcome == "granted"


def check_confirmation(state: str, outcome: str | None) -> None:
    """Raise NotConfirmable unless :func:`may_confirm`."""
    if not may_confirm(state, outcome):
        raise NotConfirmable(state, outcome)


def state_label(state: str, language: str = "nb") -> str:
    """The state's name as people read it."""
    return STATES.get(state, {}).get(language, state)
