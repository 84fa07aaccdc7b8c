"""Schemathesis fuzzes API v1 in-process, from its own OpenAPI document: every operation, with
valid (positive) and hostile (negative) input, as the office, a municipality and with no token.
``call_and_validate`` runs schemathesis' checks on every response: documented status, declared
content type and schema, no server error, hostile input refused, valid input accepted.

Schemathesis' pytest plugin (``from_fixture``) sets ``node._nodeid``, which pytest 9.2 no longer
has; the strategies are therefore driven by hypothesis directly, one run per operation and mode.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from tests.helpers.api import api_world, bearer

USERS = ("saksbehandler", "lillehammer", None)
EXAMPLES = 25


@pytest.fixture(scope="module")
def world(tmp_path_factory, templates):
    return api_world(tmp_path_factory.mktemp("api"), templates)


@pytest.fixture(scope="module")
def operations(world):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", world.app)
    found = [result.ok() for result in schema.get_all_operations()]
    assert len(found) == 7
    return found


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_with_valid_and_hostile_input(world, operations, mode):
    tried: dict[str, set[int]] = {}
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        def run(case):
            for user in USERS:
                response = case.call_and_validate(
                    headers=bearer(world.tokens[user]) if user else {}
                )
                assert response.status_code < 500
                tried.setdefault(case.operation.label, set()).add(response.status_code)

        run()
    assert len(tried) == 7
    statuses = set().union(*tried.values())
    print(mode, {label: sorted(found) for label, found in tried.items()})
    assert 401 in statuses and statuses <= {200, 401, 403, 404, 405, 422}
    if mode == GenerationMode.POSITIVE:  # valid input as the office reaches the data
        assert all(200 in found for found in tried.values())
    else:  # hostile input is refused: the bad query with 422, bad ids as not found
        assert 422 in tried["GET /api/v1/rounds/{round_id}/submissions"]
        assert all(404 in found for label, found in tried.items() if "{" in label)
