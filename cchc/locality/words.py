"""The locality's words as data: one JSON shape (../shared/INTERFACES.md, "Locality") read and
written by `cchc locality import|export`, checked by the same rule in the admin, and read by every
page, document and e-mail through current_locality()."""

from __future__ import annotations

import contextvars
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction

from cchc.audit.log import record

from .models import Locality

if TYPE_CHECKING:
    from django.contrib.auth.models import User


DATA_DIR = Path(__file__).resolve().parent / "data"
# The embedded default (`cchc init` without --province) and what an installation made before this
# record existed reads until `cchc init` stores it.
DEFAULT_FILE = DATA_DIR / "an-khe-2021.json"
DEFAULT_ORIGIN = "an-khe-2021"
# The contract's keys, in the order they are exported.
FIELDS = (
    "name",
    "place",
    "superior",
    "coordinator",
    "recipients",
    "signer_title",
    "directive",
    "period_rule",
    "thematic",
)
REQUIRED_TEXT = ("name", "place", "coordinator", "signer_title", "period_rule")
OPTIONAL_TEXT = ("superior", "directive")
AREAS = ("1", "2", "3", "4", "5", "6")
MAX_FILE = 256 * 1024  # a locality file is a few hundred bytes; anything far larger is not one


# Within one web request the words are read once (the footer, a document and the narrative all ask);
# outside a request (commands, tests) every call reads the database afresh.
_per_request = contextvars.ContextVar("cchc_locality", default=None)


class LocalityError(ValueError):
    def __init__(self, messages):
        super().__init__("\n".join(messages))
        self.messages = messages


def current_locality():
    """The installation's locality: the stored record, else the bundled default (unsaved). Callers
    needing the period rule in force use cchc.reporting.periods.current_rule(), which also honours
    CCHC_PERIOD_RULE."""
    memo = _per_request.get()
    if memo is not None and "locality" in memo:
        return memo["locality"]
    stored = Locality.objects.order_by("pk").first()
    locality = stored if stored is not None else default_locality()
    if memo is not None:
        memo["locality"] = locality
    return locality


def per_request(get_response):
    """Middleware: one reading of the locality per request."""

    def middleware(request):
        token = _per_request.set({})
        try:
            return get_response(request)
        finally:
            _per_request.reset(token)

    return middleware


def default_locality():
    return Locality(origin=DEFAULT_ORIGIN, **check(read_file(DEFAULT_FILE), units=False))


def read_file(path):
    """The JSON object of a locality file; LocalityError (Vietnamese) if it cannot be read."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_FILE + 1)
    except OSError as exc:
        raise LocalityError([f"Không đọc được tệp {path}: {exc.strerror or exc}."]) from None
    if len(raw) > MAX_FILE:
        raise LocalityError([f"Tệp {path.name} quá lớn (tối đa {MAX_FILE // 1024} KB)."])
    return parse(raw, path.name)


def parse(raw, name="tệp"):
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise LocalityError([f"{name} không phải văn bản UTF-8."]) from None
    except json.JSONDecodeError as exc:
        raise LocalityError([f"{name} không phải JSON hợp lệ (dòng {exc.lineno}, cột {exc.colno})."]) from None


def check(data, units=True):
    """The clean words of `data` (the contract's JSON object), or LocalityError naming every fault.
    With `units`, the coordinator and the thematic units must be units of this installation."""
    from cchc.reporting.periods import RULES

    if not isinstance(data, dict):
        raise LocalityError(['Dữ liệu địa phương phải là một đối tượng JSON {"name": …, …}.'])
    errors = []
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        errors.append(f"Khóa không hợp lệ: {', '.join(unknown)} (các khóa: {', '.join(FIELDS)}).")
    missing = [k for k in FIELDS if k not in data]
    if missing:
        errors.append(f"Thiếu khóa: {', '.join(missing)}.")
    out = {}
    for key in REQUIRED_TEXT + OPTIONAL_TEXT:
        value = data.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            errors.append(f"«{key}» phải là văn bản.")
            continue
        value = " ".join(value.split())
        if key in REQUIRED_TEXT and not value and key not in missing:
            errors.append(f"«{key}» không được để trống.")
        out[key] = value
    if out.get("period_rule") and out["period_rule"] not in RULES:
        errors.append(f"Quy tắc kỳ báo cáo «{out['period_rule']}» không hợp lệ (chọn: {', '.join(RULES)}).")
    recipients = data.get("recipients", [])
    if not isinstance(recipients, list) or not all(isinstance(r, str) for r in recipients):
        errors.append("«recipients» phải là danh sách các dòng văn bản.")
    else:
        out["recipients"] = [" ".join(r.split()) for r in recipients if r.strip()]
    thematic = data.get("thematic", {})
    if not isinstance(thematic, dict):
        errors.append("«thematic» phải là đối tượng {mã đơn vị: [lĩnh vực 1–6]}.")
        thematic = {}
    out["thematic"] = {}
    for code, areas in thematic.items():
        if (
            not isinstance(areas, list)
            or not areas
            or not all(isinstance(a, int) and not isinstance(a, bool) and str(a) in AREAS for a in areas)
        ):
            errors.append(f"«thematic» của {code}: phải là danh sách lĩnh vực cải cách, số từ 1 đến 6.")
            continue
        out["thematic"][code] = sorted(set(areas))
    if units:
        from cchc.orgunits.models import OrgUnit

        wanted = {out.get("coordinator")} | set(out["thematic"])
        known = set(OrgUnit.objects.filter(code__in=wanted).values_list("code", flat=True))
        if out.get("coordinator") and out["coordinator"] not in known:
            errors.append(f"«coordinator»: không có đơn vị mã «{out['coordinator']}».")
        unknown_units = sorted(c for c in out["thematic"] if c not in known)
        if unknown_units:
            errors.append(f"«thematic»: không có đơn vị mã {', '.join(unknown_units)}.")
    if errors:
        raise LocalityError(errors)
    return out


def to_json(locality):
    """The contract's JSON object of a locality. Thematic units in the office's order of units
    (PostgreSQL's jsonb keeps no key order of its own)."""
    from cchc.orgunits.models import OrgUnit

    thematic = locality.thematic or {}
    order = {
        code: n
        for n, code in enumerate(
            OrgUnit.objects.filter(code__in=list(thematic)).order_by("position", "code").values_list("code", flat=True)
        )
    }
    codes = sorted(thematic, key=lambda c: (order.get(c, len(order)), c))
    return {
        "name": locality.name,
        "place": locality.place,
        "superior": locality.superior,
        "coordinator": locality.coordinator,
        "recipients": list(locality.recipients or []),
        "signer_title": locality.signer_title,
        "directive": locality.directive,
        "period_rule": locality.period_rule,
        "thematic": {code: list(thematic[code]) for code in codes},
    }


@transaction.atomic
def store(
    data: dict[str, Any], *, by: User | str | None, origin: str | None = None, action: str = "locality.import"
) -> Locality:
    """Check and store the locality's words (all or nothing, audited). Returns the record."""
    clean = check(data)
    locality = Locality.objects.select_for_update().order_by("pk").first()
    created = locality is None
    if created:
        locality = Locality(origin=origin or "")
    elif origin:
        locality.origin = origin
    before = None if created else to_json(locality)
    for key, value in clean.items():
        setattr(locality, key, value)
    locality.save()
    after = to_json(locality)
    changed = sorted(k for k in FIELDS if before is None or before[k] != after[k])
    record(action, user=by, obj=locality, created=created, fields=changed)
    return locality


def thematic_areas(locality, unit_code):
    """The reform areas ("1".."6") of `unit_code`'s thematic report; () if it owes none."""
    return tuple(str(a) for a in (locality.thematic or {}).get(unit_code, ()))
