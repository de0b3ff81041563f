from tests.api.conftest import api_as, good_values  # noqa: F401 — the API client fixtures, shared
