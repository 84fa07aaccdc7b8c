"""The rules of persons and their roles: reading identity numbers, who may grant, acr levels."""

from __future__ import annotations

import pytest

from formservice.persons import PidRefused, is_synthetic, masked_pid, may_manage_roles, read_pid
from formservice.web.oidc_client import acr_suffices
from tests.helpers.clock import new_years_night


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


# Tenor's synthetic numbers (month + 80): NAV's fnrvalidator's test vectors for a synthetic
# fødselsnummer and a synthetic D-nummer, and one made here (14.08.1979, individual number 100)
TENOR = ["10915596784", "50846202355", "148879 10031"]


@pytest.mark.parametrize("typed", TENOR)
def test_tenor_numbers_are_read_only_for_test_identities(typed):
    assert read_pid(typed, test_identities=True) == typed.replace(" ", "")
    with pytest.raises(PidRefused) as refused:
        read_pid(typed)
    assert "syntetisk testnummer (Tenor" in refused.value.text["nb"]
    assert "syntetisk testnummer (Tenor" in refused.value.text["nn"]
    assert "ikkje" in refused.value.text["nn"]


@pytest.mark.parametrize(
    "typed",
    [
        "10915596785",  # second check digit wrong
        "10915596774",  # first check digit wrong
        "31828010096",  # 31 February (month 82), its check digits right
        "01938010001",  # month 93: neither a real nor a synthetic month, check digits right
        "01813950061",  # born 01.01.2039 (individual number 500): in the future
    ],
)
def test_tenor_numbers_have_their_check_digits_and_date_verified(typed):
    with pytest.raises(PidRefused) as refused:
        read_pid(typed, test_identities=True)
    assert "ikke gyldig" in refused.value.text["nb"] and "ikkje gyldig" in refused.value.text["nn"]


def test_real_numbers_are_read_with_test_identities_too():
    assert read_pid("03058010056", test_identities=True) == "03058010056"
    assert not is_synthetic("03058010056") and is_synthetic("10915596784")


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


def test_a_tenor_number_born_today_in_norway_is_read_before_utc_reaches_that_day(monkeypatch):
    new_years_night(monkeypatch)
    # born 01.01.2027 (month 81, individual number 501): 00:30 that day in Norway, 23:30 in UTC
    assert read_pid("01812750182", test_identities=True) == "01812750182"
