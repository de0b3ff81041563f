"""The API against its own OpenAPI document (schemathesis, in-process through the WSGI app): for
generated valid and invalid requests, never a 5xx, only documented status codes, and bodies that
match the documented schemas. Bounded so the whole run stays well under a minute."""
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from cchc.api.views import api
from cchc.wsgi import application

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = application
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


STATUSES = []


@pytest.fixture
def keep_test_connection():
    """Calls go straight to the WSGI app, not through Django's test client, so do what the client
    does: keep the request signals from closing the database connection of the test's transaction."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(ankhe):
    from cchc.api.models import Token
    from cchc.orgunits.users import add_user

    # The coordinator reaches every route; no password, so no slow hashing per operation.
    coordinator = add_user("schema.noivu", unit="NV", role="coordinator")
    return {"Authorization": f"Bearer {Token.issue(coordinator)[1]}"}


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_it_keeps_its_own_contract(case, bearer, keep_test_connection):
    # Every other case names a real report, so the writes (save, sign, return, accept) get past
    # the 404 of made-up codes and their own validation is exercised too.
    if case.path_parameters and len(STATUSES) % 2:
        case.path_parameters.update({k: v for k, v in (("unit", "NGO-MAY"), ("period", "2021-Q1"))
                                     if k in case.path_parameters})
    response = case.call_and_validate(headers=bearer, checks=CHECKS)
    STATUSES.append((case.operation.label, response.status_code))


def test_it_really_exercised_the_api():
    # Guards the test above against silently generating nothing (it runs first, in file order).
    if not STATUSES:
        pytest.skip("run alone")
    labels = {label for label, _ in STATUSES}
    assert len(labels) == len(list(schema.get_all_operations())), labels
    assert any(200 <= s < 300 for _, s in STATUSES) and any(400 <= s < 500 for _, s in STATUSES)


