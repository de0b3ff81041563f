import json

import pytest


class ApiClient:
    """The Django test client speaking JSON to /api/v1 with a bearer token."""

    def __init__(self, client, token=None):
        self.client, self.token = client, token

    def _headers(self, headers):
        out = {}
        if self.token:
            out["HTTP_AUTHORIZATION"] = f"Bearer {self.token}"
        for key, value in (headers or {}).items():
            out["HTTP_" + key.upper().replace("-", "_")] = value
        return out

    def get(self, path, headers=None):
        return self.client.get("/api/v1" + path, **self._headers(headers))

    def send(self, method, path, body=None, headers=None, raw=None):
        data = raw if raw is not None else (json.dumps(body, ensure_ascii=False) if body is not None else "")
        return getattr(self.client, method)(
            "/api/v1" + path, data=data, content_type="application/json", **self._headers(headers)
        )

    def put(self, path, body=None, **kw):
        return self.send("put", path, body, **kw)

    def post(self, path, body=None, **kw):
        return self.send("post", path, body, **kw)


@pytest.fixture
def api_as(client, personas):
    """api_as("leader_a") → an ApiClient holding a fresh token of that persona; api_as(None) → anonymous."""
    from cchc.api.models import Token

    def make(key):
        if key is None:
            return ApiClient(client)
        return ApiClient(client, Token.issue(personas[key])[1])

    return make


@pytest.fixture
def good_values():
    """A Quý I report of a ward that passes every rule of the 2021 form."""
    return {"1.1.1": 15, "1.1.2": 4, "1.1.3": 2, "3.1.3.b": 111, "3.4.2": 100, "4.2.1": 21, "4.2.2": 20}
