"""Fixtures shared by every test folder, the suite's two settings, and the xdist grouping fix.

The settings, for every test and every process a test starts (the CLI, ``formservice serve``):

- password hashes use argon2-cffi's ``CHEAPEST`` parameters (the documented setting
  ``PASSWORD_HASHING``; ``tests/test_accounts.py`` checks the production default), so a login
  costs microseconds instead of a quarter of a second;
- every Flask app's test client is :class:`~tests.helpers.pages.CheckedClient`, so every page a
  test fetches is checked (one ``<h1>``, labels, unique ids) and parsed into ``response.doc``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from flask import Flask

from formservice.accounts import use_password_hashing
from tests.helpers.pages import CheckedClient

pytest_plugins = ["tests.helpers.app", "tests.helpers.smtp"]

TEST_PASSWORD_HASHING = "CHEAPEST"
os.environ["FORMSERVICE_PASSWORD_HASHING"] = TEST_PASSWORD_HASHING
use_password_hashing(TEST_PASSWORD_HASHING)
Flask.test_client_class = CheckedClient


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> Iterator:
    """Make ``--dist loadgroup`` honour ``xdist_group`` marks again under pytest 9.2.

    pytest-xdist 3.8 groups tests by appending ``@group`` to ``item._nodeid``, which pytest 9.2
    (structured node ids in ``item._id``) no longer reads, so grouped tests were spread over the
    workers (pytest-dev/pytest-xdist#1386). Set the suffixed id the way pytest now stores it.
    Remove when xdist fixes it (pytest-dev/pytest-xdist#1388).
    """
    result = yield
    if not getattr(config.option, "loadgroup", False):
        return result
    try:
        from _pytest.nodeid import NodeId
    except ImportError:  # an older pytest: xdist's own suffix works
        return result
    for item in items:
        groups = sorted(
            {
                str(m.args[0] if m.args else m.kwargs.get("name", "default"))
                for m in item.iter_markers("xdist_group")
            }
        )
        if groups and isinstance(getattr(item, "_id", None), NodeId):
            suffix = "@" + "_".join(groups)
            if not item.nodeid.endswith(suffix):
                item._id = NodeId.parse(item.nodeid + suffix)
    return result
