"""Shapes of the API's bodies, as INTERFACES.md writes them. Report values stay a free mapping here:
the form's validator checks each row and names it in Vietnamese, which a schema error could not."""
from typing import Any

from ninja import Field, Schema


class Credentials(Schema):
    username: str = Field(..., max_length=150)
    password: str = Field(..., max_length=4096)


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
    values: dict[str, Any] | None = Field(
        None, description="mã chỉ tiêu → số (hoặc chuỗi số kiểu Việt Nam «1.234», «95,5»); "
                          "bỏ trống hoặc null = không thuộc thẩm quyền. Không gửi: giữ nguyên số liệu đã lưu.")
    narrative: dict[str, Any] | None = Field(
        None, description="organisation, results {1..6}, difficulties, proposals, thematic. Không gửi: giữ nguyên.")
    revision: int | None = Field(
        None, ge=0, le=2**31 - 1, description="phiên bản đã đọc (GET); lệch với bản đang lưu → 409. Có thể gửi bằng tiêu đề If-Match.")


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
    reason: str = Field(..., max_length=5000)


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
