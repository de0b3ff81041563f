"""Units, periods and the form's rows: the commands and the API give the same JSON (one module,
cchc.shapes, builds it for both)."""

from tests.api.conftest import api_as  # noqa: F401, F811 — the API client fixture


def test_it_gives_the_same_json_from_the_command_and_the_api(cchc, api_as):  # noqa: F811
    api = api_as("coordinator")
    assert cchc("units", "--format", "json").json() == api.get("/units").json()
    assert cchc("periods", "--year", "2021", "--format", "json").json() == api.get("/periods?year=2021").json()
    catalog = cchc("catalog", "--year", "2021", "--format", "json").json()
    assert catalog == api.get("/catalog?year=2021").json() and len(catalog) > 50
    assert {"code", "stt", "name", "measure", "kind", "choices", "responsible", "parent"} == set(catalog[0])


def test_it_keeps_the_api_free_of_management_commands():
    from pathlib import Path

    api = Path(__file__).resolve().parents[2] / "cchc" / "api"
    assert not [p.name for p in api.rglob("*.py") if "cchc.management" in p.read_text(encoding="utf-8")]
