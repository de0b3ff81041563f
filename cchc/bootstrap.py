"""What `cchc init` loads: the embedded default (the town of the bundled 2021 directive: its units,
words, form and periods, and the demo), or with --province one of the 34 provinces of 2025."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.db import transaction

from cchc.catalog.loader import bundled_forms, load_form
from cchc.locality.models import Locality
from cchc.locality.words import DEFAULT_FILE, DEFAULT_ORIGIN, read_file, store
from cchc.office.dates import VN as _VN
from cchc.orgunits.importing import import_units
from cchc.orgunits.models import OrgUnit
from cchc.reporting.periods import ensure_periods

UNITS_FILE = Path(__file__).resolve().parent / "orgunits" / "data" / "an-khe-2021.csv"
DEMO_PASSWORD = "cchc2021"
# username, unit, role, full name — listed in the README.
DEMO_USERS = [
    ("noivu", "NV", "coordinator", "Trần Thị Lan"),
    ("lanhdao", "ANKHE", "viewer", "Nguyễn Hùng Vũ"),
    ("ngomay.cv", "NGO-MAY", "staff", "Lê Văn Bình"),
    ("ngomay.ld", "NGO-MAY", "leader", "Phạm Văn Cường"),
    ("anbinh.cv", "AN-BINH", "staff", "Đỗ Thị Hoa"),
    ("anbinh.ld", "AN-BINH", "leader", "Võ Văn Dũng"),
    ("tuphap.cv", "TP", "staff", "Huỳnh Thị Mai"),
    ("tuphap.ld", "TP", "leader", "Ngô Văn Hải"),
    ("nv.cv", "NV", "staff", "Bùi Thị Ngọc"),
    ("nv.ld", "NV", "leader", "Đặng Văn Phúc"),
]


@transaction.atomic
def load_default() -> list[int]:
    """Units, the locality's words, every bundled form and their years' periods. Idempotent: existing
    rows are updated; the words and periods the office has edited are left alone."""
    import_units(UNITS_FILE.read_bytes())
    _ensure_locality(read_file(DEFAULT_FILE), origin=DEFAULT_ORIGIN)
    years = []
    for path in bundled_forms():
        form = load_form(path)
        years.append(form.year)
        ensure_periods(form.year)
    return years


def _ensure_locality(words, origin):
    if not Locality.objects.exists():
        store(words, by="cchc init", origin=origin, action="locality.init")


class WrongInstallation(ValueError):
    """The database already holds another locality's units: one installation is one locality."""


def installed_origin():
    """The bundle this database was made from: the locality's origin; the default for a database
    made before the locality was stored (it holds the default's units); None when empty."""
    locality = Locality.objects.order_by("pk").first()
    if locality is not None:
        return locality.origin or None
    return DEFAULT_ORIGIN if OrgUnit.objects.exists() else None


@transaction.atomic
def load_province(name: str, departments: bytes | None = None) -> tuple[Any, int, int]:
    """A province under the two-level model: its People's Committee, the departments (the bundled
    list or `departments`, CSV bytes), every commune and ward of the official list, its words with
    the Ministry's period rule, and the current year's form with the responsible units mapped to the
    departments (data/province-2025.json). Idempotent for the same province; the words, form and
    periods the office has edited are left alone. Returns (province, units created, form year)."""
    import json
    import tempfile

    from cchc.catalog.models import ReportForm
    from cchc.locality import province as prov
    from cchc.office.dates import today_vn

    province = prov.find_province(name)
    origin = f"province-{int(province.code):02d}"
    current = installed_origin()
    if current not in (None, origin):
        existing = Locality.objects.order_by("pk").first()
        label = existing.name if existing else "đơn vị mặc định"
        raise WrongInstallation(
            f"Cơ sở dữ liệu này đã khởi tạo cho {label}; tỉnh, thành phố mới cần một cơ sở "
            f"dữ liệu mới (DATABASE_URL khác)."
        )
    tpl = prov.template()
    if departments is None:
        departments = (prov.DATA_DIR / tpl["departments_file"]).read_bytes()
    created, _ = import_units(prov.units_csv(province, departments, tpl), by="cchc init")
    _ensure_locality(prov.locality_words(province, tpl), origin=origin)
    year = today_vn().year
    if not ReportForm.objects.filter(year=year).exists():
        # The latest bundled form, as this year's, with its Ghi chú units mapped to the departments.
        source = json.loads(bundled_forms()[-1].read_text(encoding="utf-8"))
        mapping = tpl["responsible"]
        source["year"], source["source"] = year, tpl["form_source"]
        for row in source["rows"]:
            if row.get("responsible"):
                row["responsible"] = mapping.get(row["responsible"], row["responsible"])
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"form-{year}.json"
            path.write_text(json.dumps(source, ensure_ascii=False), encoding="utf-8")
            load_form(path)
    ensure_periods(year)
    return province, created, year


def load_province_demo(province):
    """Accounts for a few units of a province (README), with the demo password."""
    from cchc.locality import province as prov
    from cchc.orgunits.users import add_user

    tpl = prov.template()
    root = prov.root_code(province, tpl)
    first = {}
    for unit in OrgUnit.objects.filter(parent__code=root, kind__in=["ward", "commune"]).order_by("position"):
        first.setdefault(unit.kind, unit.code)
    places = {"ROOT": root, "FIRST-WARD": first.get("ward"), "FIRST-COMMUNE": first.get("commune")}
    made = []
    for username, unit, role, full_name in tpl["demo_users"]:
        code = places.get(unit, unit)
        if code:
            add_user(username, unit=code, role=role, password=DEMO_PASSWORD, full_name=full_name, check_password=False)
            made.append((username, code, role))
    return made


def load_demo():
    """The demo accounts, sample reports and plan; a second run adds only what is missing (an account
    already there keeps its password: hashing ten passwords again was most of a second start's time)."""
    from django.contrib.auth import get_user_model

    from cchc.orgunits.users import add_user

    existing = set(
        get_user_model().objects.filter(username__in=[u for u, *_ in DEMO_USERS]).values_list("username", flat=True)
    )
    for username, unit, role, name in DEMO_USERS:
        if username not in existing:
            add_user(username, unit=unit, role=role, password=DEMO_PASSWORD, full_name=name, check_password=False)
    OrgUnit.objects.filter(code="NGO-MAY").update(emails="ngomay@example.vn")
    _demo_reports()
    from cchc.planning.demo import load_demo_plan

    load_demo_plan()


# Figures of a first quarter, per unit; the other periods of the year are derived from them.
DEMO_Q1 = {
    "NV": {
        "1.1.1": 42,
        "1.1.2": 9,
        "1.1.3": 6,
        "1.2.1": 23,
        "1.2.2": 4,
        "1.2.3": 7,
        "1.2.4": 5,
        "4.1.1": 12,
        "4.1.2": 54,
        "4.1.2.a": 52,
        "4.1.2.b": 10.5,
        "4.2.1": 112,
        "4.2.2": 105,
        "4.2.3": 8,
        "4.2.4": 1,
        "4.2.5": 10.2,
        "4.3.1": 1450,
        "4.3.2": 1398,
        "4.3.3": 3,
        "4.3.4": 10.1,
        "5.1.1": 12,
        "5.1.2": 50,
        "5.2.1": 0,
        "5.2.4": 12,
        "5.3.1": 0,
        "5.3.3": 2,
    },
    "TP": {"2.1": 3, "2.2": 5, "2.3": 40, "2.4": 2, "2.5": 1},
    "VP": {
        "1.3.1": 30,
        "1.3.2": 26,
        "1.3.3": 2,
        "1.4.1": 350,
        "1.4.2": 2,
        "3.1.1": 12,
        "3.1.2": 4,
        "3.1.3": 297,
        "3.1.3.a": 186,
        "3.1.3.b": 111,
        "3.2.1": 297,
        "3.2.2": 160,
        "3.3.1": 12,
        "3.3.2": 25,
        "3.3.3": 100,
        "3.3.4": 62.5,
        "3.4.1": 98.5,
        "3.4.2": 99.2,
        "3.4.3": 96.4,
        "3.4.4": 97.8,
        "3.5.1": 297,
        "3.5.2": 160,
        "3.5.3": 41,
        "7.2": 1,
        "7.3": 1,
        "7.6.1": 100,
        "7.6.2": 100,
        "7.7.1": 120,
        "7.7.2": 40,
        "7.7.3": 35.2,
        "7.7.4": 12.6,
    },
    "TCKH": {"6.1": 0, "6.2": 1, "6.3": 9, "6.4": 44, "6.5": 0},
    "VHTT": {"7.1": 0, "7.4": 85.5, "7.5.1.a": 100, "7.5.2": 1250, "7.5.2.a": 78.5, "7.5.2.b": 21.5},
}
# Flow figures grow with the data window (Quý I ⊂ 6 tháng ⊂ năm; Quý III is its own quarter).
DEMO_FLOW = {"Q1": 1.0, "H1": 1.9, "Q3": 0.9, "Y": 3.6}
# (part, whole): keep the derived figures consistent with the form's rules.
DEMO_CAPS = [
    ("1.1.2", "1.1.1"),
    ("1.2.2", "1.2.1"),
    ("1.2.4", "1.2.3"),
    ("2.5", "2.4"),
    ("4.2.2", "4.2.1"),
    ("4.3.2", "4.3.1"),
    ("3.5.2", "3.5.1"),
    ("3.5.3", "3.5.1"),
    ("3.2.2", "3.2.1"),
]
# How each period of 2021 went: share of units that sent, and of those, share late.
DEMO_TIMELINESS = {"Q1": (0.75, 0.2), "H1": (0.9, 0.15), "Q3": (0.85, 0.1), "Y": (0.6, 0.1)}


def _demo_values(unit, kind, rng):
    from cchc.catalog.models import Indicator

    base = DEMO_Q1.get(unit.code)
    if base is None:
        staff = rng.randint(9, 24) if unit.kind in ("ward", "commune") else rng.randint(5, 14)
        base = {
            "1.1.1": rng.randint(8, 20),
            "1.1.2": rng.randint(1, 5),
            "1.1.3": rng.randint(0, 3),
            "4.2.1": staff,
            "4.2.2": staff - rng.randint(0, 2),
        }
        if unit.kind in ("ward", "commune"):
            base.update({"3.1.3.b": 111, "3.4.2": round(rng.uniform(95, 100), 1), "7.5.1.a": 100})
    stock = set(Indicator.objects.filter(form__year=2021, stock=True).values_list("code", flat=True))
    kinds = dict(Indicator.objects.filter(form__year=2021).values_list("code", "kind"))
    values = {}
    for code, v in base.items():
        if kinds[code] == "percent":
            values[code] = round(min(100, max(0, v + (rng.uniform(-1.5, 1.5) if v not in (0, 100) else 0))), 1)
        elif kinds[code] == "choice" or code in stock:
            values[code] = v
        else:
            values[code] = round(v * DEMO_FLOW[kind])
    for part, whole in DEMO_CAPS:
        if part in values and whole in values:
            values[part] = min(values[part], values[whole])
    if "1.3.1" in values:
        values["1.3.1"] = max(values["1.3.1"], values["1.3.2"] + values["1.3.3"])
    if "7.5.2.a" in values:
        values["7.5.2.b"] = round(100 - values["7.5.2.a"], 1)
    return values


# The units with demo accounts (DEMO_USERS) whose officers need an open report to try the forms on.
DEMO_OPEN = {"NGO-MAY", "AN-BINH", "TP", "NV"}
# Signers of the demo's sample reports: names as they stand under a leader's signature.
DEMO_SIGNERS = [
    "Nguyễn Văn Hòa",
    "Trần Thị Thu Hà",
    "Lê Minh Tuấn",
    "Phạm Quốc Khánh",
    "Hoàng Thị Mỹ Linh",
    "Võ Đình Thắng",
    "Đỗ Văn Lực",
    "Huỳnh Thị Kim Oanh",
    "Bùi Quang Vinh",
    "Đinh Công Sơn",
]


def _signer_of(unit):
    """A stable, realistic name for a unit without a recorded leader (the same one in every period)."""
    return DEMO_SIGNERS[sum(map(ord, unit.code)) % len(DEMO_SIGNERS)]


def _demo_reports():
    """A year of reporting in 2021: most units sent each period, some late, a few drafts, one
    returned report, and the year's report still coming in."""
    import random

    from cchc.reporting.actions import ReportError, return_report, save_report, submit_report
    from cchc.reporting.models import Period, Report

    if Report.objects.filter(period__year=2021).exists():
        return
    rng = random.Random(158)
    units = list(OrgUnit.objects.filter(reports=True).order_by("position", "code"))
    must_send = {"NV", "TP", "VP", "TCKH", "VHTT", "NGO-MAY"}  # the demo's stories need these
    for period in Period.objects.filter(year=2021).order_by("deadline"):
        share_sent, share_late = DEMO_TIMELINESS[period.kind]
        for unit in units:
            narrative = {
                "organisation": f"{unit.name} đã quán triệt, triển khai Kế hoạch CCHC năm 2021 và Kế hoạch "
                f"tuyên truyền CCHC năm 2021 của UBND thị xã; tổ chức tự kiểm tra việc "
                f"thực hiện nhiệm vụ CCHC tại đơn vị.",
                "results": {"2": "Tiếp nhận và giải quyết hồ sơ TTHC đúng hạn, niêm yết công khai đầy đủ TTHC."},
                "difficulties": "Một số cán bộ kiêm nhiệm nhiều việc; hạ tầng công nghệ thông tin chưa đồng bộ.",
                "proposals": "Đề nghị tổ chức tập huấn nghiệp vụ CCHC cho công chức cấp xã.",
            }
            roll = rng.random()
            if period.kind == "Y" and unit.code in DEMO_OPEN:
                # Every demo unit has a report to work on: its year report is still a draft.
                save_report(
                    unit,
                    period,
                    values=_demo_values(unit, period.kind, rng),
                    narrative=narrative,
                    by="demo",
                    at=dt.datetime.combine(period.deadline - dt.timedelta(days=10), dt.time(9), tzinfo=_VN),
                )
                continue
            if roll > share_sent and unit.code not in must_send:
                if roll > share_sent + (1 - share_sent) / 2:
                    continue  # nothing yet
                save_report(unit, period, values=_demo_values(unit, period.kind, rng), narrative=narrative, by="demo")
                continue
            late = rng.random() < share_late or (unit.code == "VP" and period.kind == "Q1")
            days = rng.randint(1, 6) if late else -rng.randint(0, 4)
            at = dt.datetime.combine(
                period.deadline + dt.timedelta(days=days),
                dt.time(rng.randint(7, 16), rng.choice((0, 15, 30, 45))),
                tzinfo=_VN,
            )
            try:
                # Saved a day before it was sent, both logged at their own dates, not at the time of init.
                report = save_report(
                    unit,
                    period,
                    values=_demo_values(unit, period.kind, rng),
                    narrative=narrative,
                    by="demo",
                    at=at - dt.timedelta(days=1),
                )
                submit_report(report, at=at, logged_at=at, signed_by_name=unit.leader_name or _signer_of(unit))
            except ReportError:
                continue
    # One story for the review workflow: Quý III of An Bình came back for a missing figure.
    returned = Report.objects.filter(unit__code="AN-BINH", period__code="2021-Q3", status="submitted").first()
    if returned:
        return_report(returned, by="demo", reason="Đề nghị bổ sung số liệu mục 1.2 (kiểm tra CCHC) trước khi tổng hợp.")
