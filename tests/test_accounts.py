"""Password hashing: production's argon2 parameters by default, the setting that changes them."""

from __future__ import annotations

import pytest
from argon2 import extract_parameters, profiles

from formservice import accounts
from formservice.config import load_settings
from formservice.storage import users
from tests import factories
from tests.conftest import TEST_PASSWORD_HASHING


@pytest.fixture
def hashing():
    """Leave the suite's cheap hashing in place after the test, whatever it set."""
    yield accounts.use_password_hashing
    accounts.use_password_hashing(TEST_PASSWORD_HASHING)


def test_without_the_setting_hashes_use_rfc_9106_low_memory(hashing, monkeypatch):
    monkeypatch.delenv("FORMSERVICE_PASSWORD_HASHING")
    profile = load_settings()["PASSWORD_HASHING"]
    assert profile == "RFC_9106_LOW_MEMORY"
    hashing(profile)
    parameters = extract_parameters(accounts.hash_password("hemmelig"))
    assert (parameters.time_cost, parameters.memory_cost, parameters.parallelism) == (3, 65536, 4)
    assert parameters == profiles.RFC_9106_LOW_MEMORY  # what argon2-cffi's PasswordHasher() uses


def test_the_suite_hashes_cheaply_and_unknown_profiles_are_refused(hashing):
    assert load_settings()["PASSWORD_HASHING"] == "CHEAPEST"
    assert extract_parameters(accounts.hash_password("x")) == profiles.CHEAPEST
    for wrong in ("cheapest", "Parameters", "nonsense", ""):
        with pytest.raises(ValueError, match="PASSWORD_HASHING must be one of"):
            hashing(wrong)


def test_a_cheap_hash_is_made_anew_with_production_parameters_at_login(hashing, db):
    user = factories.create_user(db, role="caseworker", password="hemmelig")
    assert extract_parameters(user["password_hash"]) == profiles.CHEAPEST
    hashing("RFC_9106_LOW_MEMORY")
    accounts.authenticate(db, user["username"], "hemmelig", "127.0.0.1")
    rehashed = users.user_by_id(db, user["id"])["password_hash"]
    assert extract_parameters(rehashed) == profiles.RFC_9106_LOW_MEMORY
    assert accounts.authenticate(db, user["username"], "hemmelig", "127.0.0.1")["id"] == user["id"]
