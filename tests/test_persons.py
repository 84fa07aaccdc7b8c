"""The rules of persons and their roles: reading identity numbers, who may grant, acr levels."""

from __future__ import annotations

import pytest

from formservice.persons import PidRefused, masked_pid, may_manage_roles, read_pid
from formservice.web.oidc_client import acr_suffices


@pytest.mark.parametrize("typed", ["03058010056", "030580 10056", " 030580-10056 ", "43058010120"])
def test_valid_numbers_are_read(typed):
    assert read_pid(typed).isdigit() and len(read_pid(typed)) == 11


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Skriv fødselsnummeret"),
        ("1234", "11 siffer"),
        ("0305801005a", "11 siffer"),
        ("٠٣٠٥٨٠١٠٠٥٦", "11 siffer"),  # Arabic-Indic digits are not ASCII digits
        ("03058010057", "ikke gyldig"),  # wrong check digit
        ("31028010020", "ikke gyldig"),  # 31 February, check digits right
        ("0" * 5000, "11 siffer"),
    ],
)
def test_garbage_gets_a_message_in_both_languages(typed, message):
    with pytest.raises(PidRefused) as refused:
        read_pid(typed)
    assert message in refused.value.text["nb"] and refused.value.text["nn"]


def test_pages_show_only_the_birth_date():
    assert masked_pid("03058010056") == "030580 *****"


def test_who_may_manage_roles():
    organisation = {"id": 7}
    assert may_manage_roles({"role": "caseworker"}, organisation)
    assert may_manage_roles({"role": "admin"}, organisation)
    assert not may_manage_roles({"role": "helpdesk"}, organisation)
    signatory = {"role": "municipality", "is_signatory": 1, "organisation_id": 7}
    assert may_manage_roles(signatory, organisation)
    assert not may_manage_roles({**signatory, "is_signatory": 0}, organisation)
    assert not may_manage_roles({**signatory, "organisation_id": 8}, organisation)
    # once offices exist (branch offices), an office acts for its own organisations only
    assert not may_manage_roles({"role": "caseworker", "office_id": 1}, {"id": 7, "office_id": 2})


def test_acr_levels():
    assert acr_suffices("idporten-loa-substantial", "idporten-loa-substantial")
    assert acr_suffices("idporten-loa-high", "idporten-loa-substantial")
    assert not acr_suffices("idporten-loa-low", "idporten-loa-substantial")
    assert not acr_suffices(None, "idporten-loa-substantial")
    assert not acr_suffices("Level4", "idporten-loa-substantial")
