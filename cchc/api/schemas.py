"""Shapes of the API's bodies, as INTERFACES.md writes them. Report values stay a free mapping here:
the form's validator checks each row and names it in Vietnamese, which a schema error could not.

The OpenAPI document says what the server enforces, no less: text never holds NUL (the parser in
views.StrictJSON refuses it, as PostgreSQL would), a value's key is a non-empty code, the narrative
has the directive's parts only, `reason` holds more than spaces, If-Match is a revision number.
Where the server checks a rule itself, with its Vietnamese message, the rule is only described
here (WithJsonSchema / json_schema_extra) so the two cannot drift apart unnoticed: the schemathesis
test sends what this document calls valid and must never get 400 back."""

from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import WithJsonSchema

from cchc.catalog.narrative import AREAS, KEYS, RESULTS
from cchc.reporting.actions import MAX_NARRATIVE

# JSON Schema (ECMA regex) for "no NUL character"; the server refuses NUL in any string of a body.
NO_NUL = "^[^\\u0000]*$"
# If-Match as the server reads it: "5", W/"5" or 5. Nine digits here, where the server takes up to
# 2**31 - 1: a regex for that bound would be unreadable, and no report reaches a billion revisions.
IF_MATCH = '^(W/)?"?[0-9]{1,9}"?$'
# Some character other than a space (the server strips the reason and refuses it empty).
NOT_BLANK = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"
# Described in the document; checked by api.views._revision with its own Vietnamese message.
IfMatch = Annotated[
    str | None,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": IF_MATCH,
            "description": 'số phiên bản đã đọc (revision, cũng là ETag): 5, "5" hoặc W/"5"',
        }
    ),
]


def _text(max_length=None, nullable=True, **extra):
    schema = {"type": "string", "pattern": NO_NUL, **extra}
    if max_length:
        schema["maxLength"] = max_length
    return {"anyOf": [schema, {"type": "null"}]} if nullable else schema


# Fields a body may carry besides its own are ignored (a client may send back the whole report it
# read), but the server still reads them: their text may not hold NUL either. Two levels deep here;
# the server takes deeper nesting (up to 20), so the document is, if anything, stricter.
_SCALAR = [{"type": "string", "pattern": NO_NUL}, {"type": "number"}, {"type": "boolean"}, {"type": "null"}]
_NAME = {"type": "string", "pattern": NO_NUL}
IGNORED_FIELDS = {
    "json_schema_extra": {
        "additionalProperties": {
            "anyOf": [
                *_SCALAR,
                {"type": "array", "items": {"anyOf": _SCALAR}},
                {"type": "object", "propertyNames": _NAME, "additionalProperties": {"anyOf": _SCALAR}},
            ]
        },
        "propertyNames": _NAME,
    }
}

VALUES_SCHEMA = {
    "anyOf": [
        {
            "type": "object",
            "propertyNames": {"type": "string", "minLength": 1, "maxLength": 32, "pattern": NO_NUL},
            "additionalProperties": {
                "anyOf": [{"type": "number"}, _text(max_length=64, nullable=False), {"type": "null"}]
            },
        },
        {"type": "null"},
    ]
}
NARRATIVE_SCHEMA = {
    "anyOf": [
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                **{key: _text(MAX_NARRATIVE) for key in KEYS if key != RESULTS},
                RESULTS: {
                    "anyOf": [
                        {
                            "type": "object",
                            "additionalProperties": False,
                            "properties": {area: _text(MAX_NARRATIVE) for area in AREAS},
                        },
                        {"type": "null"},
                    ]
                },
            },
        },
        {"type": "null"},
    ]
}


class Credentials(Schema):
    model_config = IGNORED_FIELDS

    username: str = Field(..., max_length=150, json_schema_extra={"pattern": NO_NUL})
    password: str = Field(..., max_length=4096, json_schema_extra={"pattern": NO_NUL})


class TokenOut(Schema):
    token: str
    expires_at: str


class Problem(Schema):
    """Every refusal: a Vietnamese message, plus the rows at fault for bad figures."""

    detail: str
    errors: list[dict[str, Any]] = []
    warnings: list[dict[str, Any]] = []


class UnitOut(Schema):
    code: str
    name: str
    kind: str
    parent: str | None


class PeriodOut(Schema):
    code: str
    kind: str
    data_from: str
    data_to: str
    deadline: str


class CatalogRow(Schema):
    code: str
    stt: str
    name: str
    measure: str
    kind: str
    choices: dict[str, str] | None
    responsible: str | None
    parent: str | None


class ReportIn(Schema):
    model_config = IGNORED_FIELDS

    values: Annotated[dict[str, Any] | None, WithJsonSchema(VALUES_SCHEMA)] = Field(
        None,
        description="mã chỉ tiêu → số (hoặc chuỗi số kiểu Việt Nam «1.234», «95,5»); "
        "bỏ trống hoặc null = không thuộc thẩm quyền. Không gửi: giữ nguyên số liệu đã lưu.",
    )
    narrative: Annotated[dict[str, Any] | None, WithJsonSchema(NARRATIVE_SCHEMA)] = Field(
        None, description="organisation, results {1..6}, difficulties, proposals, thematic. Không gửi: giữ nguyên."
    )
    revision: int | None = Field(
        None,
        ge=0,
        le=2**31 - 1,
        description="phiên bản đã đọc (GET); lệch với bản đang lưu → 409. Có thể gửi bằng tiêu đề If-Match.",
    )


class ReportOut(Schema):
    unit: str
    period: str
    status: str
    revision: int = 0
    values: dict[str, float]
    narrative: dict[str, Any]
    submitted_at: str | None = None
    first_submitted_at: str | None = None
    late_days: int | None = None
    signed_by: str | None = None
    returned_reason: str | None = None
    prefilled: dict[str, str] | None = None
    errors: list[dict[str, Any]] = []
    warnings: list[dict[str, Any]] = []


class ReturnIn(Schema):
    model_config = IGNORED_FIELDS

    reason: str = Field(
        ...,
        max_length=5000,
        json_schema_extra={"pattern": NOT_BLANK, "minLength": 1},
        description="lý do trả lại (bắt buộc, không để trống)",
    )


class ConsolidatedFigure(Schema):
    value: float | None
    source: str | None
    rollup: float | None
    reported_by: int


class Consolidation(Schema):
    period: str
    indicators: dict[str, ConsolidatedFigure]
    missing_units: list[str]


class UnitStatus(Schema):
    status: str
    submitted_at: str | None
    last_submitted_at: str | None = None
    late_days: int | None


class PeriodStatus(Schema):
    period: str
    deadline: str
    units: dict[str, UnitStatus]


class DiffChange(Schema):
    code: str
    before: float | None
    after: float | None
    big: bool = False


class ReportDiff(Schema):
    against: str
    against_period: str | None = None
    changes: list[DiffChange]
    narrative_changed: list[str]


class NotificationOut(Schema):
    id: int
    kind: str
    unit: str
    period: str
    at: str
    read: bool
    text: str
