"""Fixtures shared by every test folder."""

pytest_plugins = ["tests.helpers.app", "tests.helpers.smtp"]
