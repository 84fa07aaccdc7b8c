"""The confirmation's state rule in storage: only a sent grant letter is confirmed, whoever asks
(the web portal, the fillable-PDF upload, the demo loader, a command)."""

from __future__ import annotations

import pytest

from formservice.storage import confirmations, organisations, submissions
from formservice.storage.audit import events_for_submission
from formservice.storage.states import IllegalTransition, NotConfirmable, may_confirm
from tests import factories


def test_a_submission_whose_rejection_letter_was_sent_cannot_be_confirmed(db):
    rejected = factories.create_submission(db, state="letter_sent", outcome="rejected")
    signer = factories.signatory_of(
        db, organisations.organisation_by_id(db, rejected["organisation_id"])
    )
    for how in ("web", "upload"):
        with pytest.raises(NotConfirmable) as refused:
            confirmations.record_confirmation(db, rejected["id"], actor=signer, how=how,
                                              name="Kari", title="Kommunedirektør")  # fmt: skip
        assert isinstance(refused.value, IllegalTransition)
        assert "Søknaden er avslått" in refused.value.text["nb"]
        assert "Søknaden er avslått" in refused.value.text["nn"]
    assert submissions.submission_by_id(db, rejected["id"])["state"] == "letter_sent"
    assert not [e for e in events_for_submission(db, rejected["id"])
                if e["to_state"] == "confirmation_received"]  # fmt: skip


def test_a_sent_grant_letter_is_confirmed(db):
    granted = factories.create_submission(db, state="letter_sent", outcome="granted")
    signer = factories.signatory_of(
        db, organisations.organisation_by_id(db, granted["organisation_id"])
    )
    done = confirmations.record_confirmation(db, granted["id"], actor=signer, how="web",
                                             name="Kari", title="Kommunedirektør")  # fmt: skip
    assert done["state"] == "confirmation_received"


def test_nothing_before_the_letter_is_sent_is_confirmable(db):
    granted = factories.create_submission(db, state="granted")
    signer = factories.signatory_of(
        db, organisations.organisation_by_id(db, granted["organisation_id"])
    )
    with pytest.raises(NotConfirmable):
        confirmations.record_confirmation(db, granted["id"], actor=signer, how="web",
                                          name="Kari", title="Kommunedirektør")  # fmt: skip
    assert may_confirm("letter_sent", "granted")
    assert not may_confirm("letter_sent", "rejected") and not may_confirm("letter_sent", None)
    assert not may_confirm("granted", "granted")
