"""The HTTP API of INTERFACES.md (/api/v1/…): the same data as the `cchc` commands and exactly the
web app's permissions — every check goes through cchc.reporting.access, every write through
cchc.reporting.actions (one transaction, one audit row each)."""

import json
import re

from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db import transaction
from django.http import Http404, JsonResponse
from ninja import Header, NinjaAPI, Query
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.docs import Swagger
from ninja.parser import Parser
from ninja.renderers import JSONRenderer

from cchc.audit.log import record
from cchc.reporting import access
from cchc.reporting.actions import (
    ReportError,
    StaleReport,
    ValidationFailed,
    accept_report,
    report_json,
    return_report,
    save_report,
    submit_report,
)
from cchc.reporting.models import Period
from cchc.shapes import catalog_json, form_of, period_json, unit_json

from . import schemas as s
from .auth import BearerToken
from .models import Token
from .writers import one_writer

CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")
MAX_DEPTH = 20
REVISION_MAX = 2**31 - 1


class StrictJSON(Parser):
    """JSON bodies, refusing what the database would choke on later (a 500): text with NUL or
    unpaired surrogates, and absurd nesting."""

    def parse_body(self, request):
        data = json.loads(request.body)
        if not isinstance(data, dict):
            raise BadText("phải là một đối tượng JSON {…}")
        _check_text(data, 0)
        return data


class BadText(ValueError):
    pass


def _check_text(value, depth):
    if depth > MAX_DEPTH:
        raise BadText("lồng quá sâu")
    if isinstance(value, str):
        if "\x00" in value:
            raise BadText("chứa ký tự NUL")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise BadText("chứa ký tự Unicode không hợp lệ") from None
    elif isinstance(value, dict):
        for k, v in value.items():
            _check_text(k, depth + 1)
            _check_text(v, depth + 1)
    elif isinstance(value, list):
        for v in value:
            _check_text(v, depth + 1)


class Utf8JSON(JSONRenderer):
    media_type = "application/json; charset=utf-8"
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="cchc — API báo cáo cải cách hành chính",
    version="1",
    description=(
        "Lấy mã truy cập bằng `POST /api/v1/token` rồi gửi tiêu đề `Authorization: Bearer MÃ`. "
        "Quyền như trên web: chuyên viên và lãnh đạo chỉ thấy đơn vị mình; Phòng Nội vụ thấy và duyệt mọi "
        'đơn vị; lãnh đạo UBND chỉ xem. Lỗi trả về `{"detail": "…"}` (tiếng Việt), số liệu sai kèm '
        "`errors: [{code, message}]` nêu đúng dòng chỉ tiêu."
    ),
    urls_namespace="api",
    auth=BearerToken(),
    docs=Swagger(settings={"persistAuthorization": False}),
    parser=StrictJSON(),
    renderer=Utf8JSON(),
)

ERRORS = {401: s.Problem, 403: s.Problem, 404: s.Problem}
WRITE_ERRORS = {**ERRORS, 400: s.Problem, 409: s.Problem, 422: s.Problem}


def problem(status, detail, *, errors=(), warnings=(), headers=None):
    response = JsonResponse(
        {"detail": detail, "errors": list(errors), "warnings": list(warnings)},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )
    for key, value in (headers or {}).items():
        response[key] = value
    return response


def ok(data, status=200, headers=None):
    response = JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})
    for key, value in (headers or {}).items():
        response[key] = value
    return response


# --- Refusals: every one a clean 4xx with a Vietnamese message ---------------------------------


@api.exception_handler(Http404)
def _not_found(request, exc):
    message = str(exc) if exc.args and str(exc) else "Không tìm thấy."
    return problem(404, message)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return problem(403, str(exc) or "Bạn không có quyền thực hiện thao tác này.")


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return problem(
        401,
        "Chưa xác thực: gửi tiêu đề «Authorization: Bearer MÃ» với mã lấy từ /api/v1/token (mã có thể đã hết hạn).",
        headers={"WWW-Authenticate": "Bearer"},
    )


@api.exception_handler(ReportError)
def _refused(request, exc):
    result = exc.result.as_dict() if exc.result is not None else {"errors": [], "warnings": []}
    detail = exc.message
    if result["errors"]:
        # Name the rows in the message itself, for a script that only logs "detail".
        detail += " " + " ".join(e["message"] for e in result["errors"][:5])
        if len(result["errors"]) > 5:
            detail += f" (và {len(result['errors']) - 5} lỗi khác)"
    return problem(exc.status, detail, errors=result["errors"], warnings=result["warnings"])


@api.exception_handler(RequestDataTooBig)
def _too_big(request, exc):
    return problem(413, "Nội dung gửi lên quá lớn.")


@api.exception_handler(HttpError)
def _http_error(request, exc):
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        cause = exc.__cause__
        if isinstance(cause, RequestDataTooBig):
            return problem(413, "Nội dung gửi lên quá lớn.")
        if isinstance(cause, BadText):
            return problem(400, f"Nội dung gửi lên {cause}.")
        return problem(400, "Nội dung gửi lên không phải JSON hợp lệ (UTF-8).")
    return problem(exc.status_code, str(exc))


PYDANTIC_WORDS = {
    "missing": "bị thiếu",
    "string_type": "phải là văn bản",
    "string_too_long": "quá dài",
    "int_type": "phải là số nguyên",
    "int_parsing": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "greater_than_equal": "quá nhỏ",
    "less_than_equal": "quá lớn",
    "dict_type": "phải là một đối tượng JSON",
    "model_attributes_type": "phải là một đối tượng JSON",
    "model_type": "phải là một đối tượng JSON",
}


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    errors = []
    for e in exc.errors:
        loc = [str(p) for p in e.get("loc", ()) if p not in ("body", "query", "path", "header", "payload")]
        field = ".".join(loc) or "nội dung"
        words = PYDANTIC_WORDS.get(e.get("type"), "không hợp lệ")
        errors.append({"code": field, "message": f"Trường «{field}» {words}."})
    detail = "Dữ liệu gửi lên không hợp lệ: " + " ".join(e["message"] for e in errors[:5])
    return problem(422, detail, errors=errors)


# --- Token ------------------------------------------------------------------------------------


@api.post(
    "/token",
    auth=None,
    response={200: s.TokenOut, 401: s.Problem, 400: s.Problem, 422: s.Problem, 429: s.Problem},
    summary="Lấy mã truy cập (token)",
)
def token(request, credentials: s.Credentials):
    """Đổi tên đăng nhập và mật khẩu lấy mã truy cập; mã hết hạn sau CCHC_API_TOKEN_DAYS ngày (mặc định 30).
    Sai nhiều lần liền (theo tài khoản hoặc theo địa chỉ) sẽ bị tạm khóa."""
    from cchc.orgunits import throttle

    ip = throttle.client_ip(request)
    username = credentials.username.strip()
    # authenticate() is throttled by django-axes, as on the login pages: a locked account or address
    # is refused before its password is checked, and each failure is counted.
    user = authenticate(request, username=username, password=credentials.password)
    if user is None:
        if throttle.locked_out(request):
            return problem(429, throttle.MESSAGE, headers={"Retry-After": str(int(throttle.LOCK.total_seconds()))})
        return problem(401, "Tên đăng nhập hoặc mật khẩu không đúng.")
    throttle.succeeded(username)
    with one_writer(), transaction.atomic():
        issued, raw = Token.issue(user)
        record("api.token", user=user, obj=issued, address=ip)
    return ok({"token": raw, "expires_at": issued.expires_at.isoformat()})


# --- Reference data: same JSON as the commands ------------------------------------------------


@api.get("/units", response={200: list[s.UnitOut], **ERRORS}, summary="Các đơn vị")
def units(request):
    """Các đơn vị người dùng được xem (chuyên viên, lãnh đạo đơn vị: chỉ đơn vị mình), như `cchc units`."""
    rows = access.visible_units(request.user).select_related("parent").order_by("position", "code")
    return ok([unit_json(u) for u in rows])


@api.get("/periods", response={200: list[s.PeriodOut], **ERRORS, 422: s.Problem}, summary="Các kỳ báo cáo")
def periods(request, year: int = Query(None, ge=1900, le=9999)):
    """Các kỳ báo cáo của năm (mọi năm nếu không ghi), như `cchc periods --year Y`."""
    rows = Period.objects.order_by("deadline")
    if year is not None:
        rows = rows.filter(year=year)
    return ok([period_json(p) for p in rows])


@api.get("/catalog", response={200: list[s.CatalogRow], **ERRORS, 422: s.Problem}, summary="Biểu mẫu: các chỉ tiêu")
def catalog(request, year: int = Query(None, ge=1900, le=9999)):
    """Các dòng của biểu mẫu theo thứ tự (biểu mẫu mới nhất nếu không ghi năm), như `cchc catalog`."""
    # A draft form (being edited) is the coordinator's to see; units report on published ones.
    form = form_of(year, drafts=access.is_coordinator(request.user))
    if form is None:
        raise Http404(f"Chưa có biểu mẫu năm {year}." if year else "Chưa có biểu mẫu nào.")
    return ok(catalog_json(form))


# --- Reports ----------------------------------------------------------------------------------


def _codes(unit, period):
    # Codes are short ASCII (INTERFACES.md); anything else cannot name a report, so it is not
    # found — and never reaches the database, whose drivers refuse some characters outright.
    if not CODE.match(unit) or not CODE.match(period):
        raise Http404("Không tìm thấy báo cáo.")


IF_MATCH = Header(None, alias="If-Match")


def _revision(body_revision, if_match):
    """The revision the client read: from the body, or an If-Match header ("5", W/"5" or 5)."""
    header = None
    if if_match:
        text = if_match.strip()
        if text.startswith("W/"):
            text = text[2:]
        text = text.strip('"')
        if not text.isdigit() or len(text) > 10 or int(text) > REVISION_MAX:
            raise ReportError("Tiêu đề If-Match phải là số phiên bản của báo cáo (trường «revision» khi đọc).")
        header = int(text)
    if body_revision is not None and header is not None and body_revision != header:
        # Each is well formed (the document allows both): the request contradicts itself — 422, not
        # the 400 of malformed input.
        raise ValidationFailed("Phiên bản trong nội dung (revision) và tiêu đề If-Match khác nhau.")
    return body_revision if body_revision is not None else header


def _for_write(request, unit, period, action):
    """The one permission check (cchc.reporting.access): 404 not seen, 403 not the person's to do,
    409 not in the report's state."""
    _codes(unit, period)
    return access.report_for_user(request.user, unit, period, action)


def _attach(report, unit, period):
    """The report with the unit and period already in hand (the same rows), so shaping it costs no
    further queries — every query counts on the 5th of the month."""
    if report is not None:
        report.unit, report.period = unit, period
    return report


def _report_response(report, unit=None, period=None, validation=None):
    data = report_json(report, unit, period)
    data.setdefault("revision", 0)
    if validation is not None:
        data.update(validation.as_dict())
    headers = {"ETag": f'"{data["revision"]}"'}
    return ok(data, headers=headers)


@api.get("/reports/{unit}/{period}", response={200: s.ReportOut, **ERRORS}, summary="Đọc báo cáo")
def get_report(request, unit: str, period: str):
    """Báo cáo của đơn vị trong kỳ, như `cchc export --format json`, kèm `revision` (cũng là ETag) để gửi lại khi lưu."""
    _codes(unit, period)
    the_unit, the_period, report = access.report_for_user(request.user, unit, period, access.VIEW)
    return _report_response(_attach(report, the_unit, the_period), the_unit, the_period)


@api.put(
    "/reports/{unit}/{period}", response={200: s.ReportOut, **WRITE_ERRORS, 413: s.Problem}, summary="Lưu bản nháp"
)
def put_report(request, unit: str, period: str, body: s.ReportIn, if_match: s.IfMatch = IF_MATCH):
    """Lưu bản nháp: `values` (toàn bộ số liệu, thay cho bản đã lưu) và/hoặc `narrative`.

    Khóa lạc quan: gửi `revision` đã đọc (hoặc tiêu đề If-Match); nếu người khác đã lưu sau đó → 409,
    không ghi gì. Không gửi `revision` thì bản gửi sau thắng (chỉ nên dùng cho kịch bản nhập một lần).
    Số liệu sai kiểu hoặc mã chỉ tiêu lạ → 422, nêu từng dòng; lỗi liên dòng được lưu cùng bản nháp
    (trả về trong `errors`) và chỉ chặn việc ký ban hành."""
    the_unit, the_period, report = _for_write(request, unit, period, access.EDIT)
    expected = _revision(body.revision, if_match)
    values = body.values
    if values is None:
        # Keep the stored figures; pin the revision read with them so a concurrent save of
        # other figures is not silently undone.
        values = report.value_map() if report else {}
        if expected is None:
            expected = report.revision if report else None
    with one_writer():
        saved = save_report(
            the_unit, the_period, values=values, narrative=body.narrative, by=request.user, expected_revision=expected
        )
    return _report_response(_attach(saved, the_unit, the_period), validation=saved.validation)


def _pinned(report, if_match):
    expected = _revision(None, if_match)
    if expected is not None and report is not None and expected != report.revision:
        raise StaleReport("Báo cáo đã thay đổi sau khi bạn đọc; hãy đọc lại rồi thực hiện lại.")


@api.post("/reports/{unit}/{period}/submit", response={200: s.ReportOut, **WRITE_ERRORS}, summary="Ký ban hành (gửi)")
def submit(request, unit: str, period: str, if_match: s.IfMatch = IF_MATCH):
    """Lãnh đạo đơn vị ký ban hành báo cáo đang soạn hoặc bị trả lại của đơn vị mình (chỉ lãnh đạo
    đơn vị; báo cáo nhận qua văn bản do Phòng Nội vụ nhập trên trang báo cáo hoặc bằng `cchc import
    --submit`). Báo cáo còn lỗi → 422, nêu từng dòng; chưa soạn, đã gửi hoặc đã tiếp nhận → 409."""
    _, _, report = _for_write(request, unit, period, access.SUBMIT)
    _pinned(report, if_match)
    with one_writer():
        done = submit_report(report, by=request.user)
    return _report_response(done)


@api.post("/reports/{unit}/{period}/return", response={200: s.ReportOut, **WRITE_ERRORS}, summary="Trả lại báo cáo")
def return_(request, unit: str, period: str, body: s.ReturnIn, if_match: s.IfMatch = IF_MATCH):
    """Phòng Nội vụ trả lại báo cáo đã gửi, ghi rõ lý do (`reason`)."""
    _, _, report = _for_write(request, unit, period, access.RETURN)
    _pinned(report, if_match)
    with one_writer():
        done = return_report(report, by=request.user, reason=body.reason)
    return _report_response(done)


@api.post("/reports/{unit}/{period}/accept", response={200: s.ReportOut, **WRITE_ERRORS}, summary="Tiếp nhận báo cáo")
def accept(request, unit: str, period: str, if_match: s.IfMatch = IF_MATCH):
    """Phòng Nội vụ tiếp nhận báo cáo đã gửi."""
    _, _, report = _for_write(request, unit, period, access.ACCEPT)
    _pinned(report, if_match)
    with one_writer():
        done = accept_report(report, by=request.user)
    return _report_response(done)


# --- The town's view --------------------------------------------------------------------------


def _town_period(request, period):
    if not access.sees_all_units(request.user):
        raise PermissionDenied("Chỉ cơ quan tổng hợp (Phòng/Sở Nội vụ) và lãnh đạo UBND xem được số liệu tổng hợp.")
    if not CODE.match(period):
        raise Http404("Không có kỳ báo cáo này.")
    found = Period.objects.filter(code=period).first()
    if found is None:
        raise Http404(f"Không có kỳ báo cáo «{period}».")
    return found


@api.get("/consolidation/{period}", response={200: s.Consolidation, **ERRORS}, summary="Số liệu tổng hợp")
def consolidation(request, period: str):
    """Số liệu tổng hợp của địa phương, như `cchc consolidate --format json`."""
    from cchc.consolidation.figures import consolidate

    return ok(consolidate(_town_period(request, period)))


@api.get("/status/{period}", response={200: s.PeriodStatus, **ERRORS}, summary="Tình hình nộp báo cáo")
def status(request, period: str):
    """Đơn vị nào đã gửi, khi nào, trễ bao nhiêu ngày, như `cchc status --format json`."""
    from cchc.reporting.timeliness import status_json

    return ok(status_json(_town_period(request, period)))


def non_atomic(patterns):
    """The API takes no request-wide transaction (settings' ATOMIC_REQUESTS): on SQLite every
    transaction is IMMEDIATE, i.e. takes the write lock, so reads would queue behind the deadline
    rush's writes. Each write here is its own transaction (cchc.reporting.actions, the token)."""
    for p in patterns:
        callback = getattr(p, "callback", None)
        if callback is not None:
            transaction.non_atomic_requests(callback)
    return patterns
