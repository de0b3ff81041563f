"""The API against its own OpenAPI document (schemathesis, in-process through the WSGI app): for
generated valid and invalid requests, never a 5xx, only documented status codes, and bodies that
match the documented schemas; and a request the document calls valid is never refused as malformed
(400) — the document says what the server enforces. Bounded so the whole run stays well under a
minute."""

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

# The signed report is posted as a PDF: generated bodies go out as raw bytes, as for octet-stream.
schemathesis.serializer.alias("application/pdf", "application/octet-stream")
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = application


@schemathesis.check
def valid_by_the_document_is_not_malformed(ctx, response, case):
    """400 is the server's "malformed input" (NUL in a text, a non-numeric If-Match, an empty reason…):
    if the document's own valid data gets it, the document is looser than the server. 422 stays
    possible: a well-formed figure can still be wrong for the form (unknown code, "abc" for a count)."""
    if case.meta is not None and case.meta.generation.mode.is_positive and response.status_code == 400:
        raise AssertionError(
            f"{case.operation.label}: the OpenAPI document allows what the server refuses "
            f"as malformed: {response.text[:300]}"
        )
    return None


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    valid_by_the_document_is_not_malformed,
]


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
        case.path_parameters.update(
            {k: v for k, v in (("unit", "NGO-MAY"), ("period", "2021-Q1")) if k in case.path_parameters}
        )
    response = case.call_and_validate(headers=bearer, checks=CHECKS)
    STATUSES.append((case.operation.label, response.status_code))


def test_it_really_exercised_the_api():
    # Guards the test above against silently generating nothing (it runs first, in file order).
    if not STATUSES:
        pytest.skip("run alone")
    labels = {label for label, _ in STATUSES}
    assert len(labels) == len(list(schema.get_all_operations())), labels
    assert any(200 <= s < 300 for _, s in STATUSES) and any(400 <= s < 500 for _, s in STATUSES)


def test_the_document_states_the_servers_own_limits():
    """Each looseness found in review, pinned: NUL characters, If-Match, an empty reason, an empty key."""
    import re

    doc = api.get_openapi_schema()
    parts = doc["components"]["schemas"]
    nul = re.compile(parts["Credentials"]["properties"]["username"]["pattern"].replace("\\u0000", "\\x00"))
    assert nul.match("Nguyễn") and not nul.match("a\x00b")
    for schema in (parts["Credentials"]["properties"]["password"], parts["ReturnIn"]["properties"]["reason"]):
        assert "\\u0000" in schema["pattern"]
    reason = parts["ReturnIn"]["properties"]["reason"]
    blank = re.compile(reason["pattern"].replace("\\u0000", "\\x00"))
    assert reason["minLength"] == 1 and not blank.match("   ") and blank.match(" Thiếu số liệu ")
    values = next(v for v in parts["ReportIn"]["properties"]["values"]["anyOf"] if v["type"] == "object")
    assert values["propertyNames"]["minLength"] == 1
    narrative = next(v for v in parts["ReportIn"]["properties"]["narrative"]["anyOf"] if v["type"] == "object")
    assert narrative["additionalProperties"] is False
    assert set(narrative["properties"]) == {"organisation", "results", "difficulties", "proposals", "thematic"}
    put = doc["paths"]["/api/v1/reports/{unit}/{period}"]["put"]
    if_match = next(p for p in put["parameters"] if p["name"] == "If-Match")["schema"]["pattern"]
    assert re.match(if_match, '"5"') and re.match(if_match, 'W/"12"') and not re.match(if_match, "abc")
