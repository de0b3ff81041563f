"""The embedded default: An Khê town as of công văn 158/UBND-NV (2021), and the demo."""
import datetime as dt
from pathlib import Path

from django.db import transaction

from cchc.catalog.loader import bundled_forms, load_form
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
def load_default():
    """Units, every bundled form and their years' periods. Idempotent: existing rows are updated,
    periods the office has edited are left alone."""
    import_units(UNITS_FILE.read_bytes())
    years = []
    for path in bundled_forms():
        form = load_form(path)
        years.append(form.year)
        ensure_periods(form.year)
    return years


def load_demo():
    from cchc.orgunits.users import add_user

    for username, unit, role, name in DEMO_USERS:
        add_user(username, unit=unit, role=role, password=DEMO_PASSWORD, full_name=name, check_password=False)
    OrgUnit.objects.filter(code="NGO-MAY").update(emails="ngomay@example.vn")
    _demo_reports()
    from cchc.planning.demo import load_demo_plan

    load_demo_plan()


def _demo_reports():
    """A first quarter in progress: some units on time, one late, drafts, nobody else yet."""
    from zoneinfo import ZoneInfo

    from cchc.reporting.actions import save_report, submit_report
    from cchc.reporting.models import Period, Report

    vn = ZoneInfo("Asia/Ho_Chi_Minh")
    q1 = Period.objects.get(code="2021-Q1")
    samples = {
        "NV": ({"1.1.1": 42, "1.1.2": 9, "1.1.3": 6, "1.2.1": 23, "1.2.2": 4, "1.2.3": 7, "1.2.4": 5,
                "4.1.1": 12, "4.1.2": 54, "4.1.2.a": 52, "4.1.2.b": 10.5, "4.2.1": 112, "4.2.2": 105,
                "4.2.3": 8, "4.2.4": 1, "4.2.5": 10.2, "5.1.1": 12, "5.1.2": 50, "5.3.1": 0},
               dt.datetime(2021, 3, 4, 9, 30, tzinfo=vn)),
        "TP": ({"2.1": 3, "2.2": 5, "2.3": 40, "2.4": 2, "2.5": 1}, dt.datetime(2021, 3, 5, 16, 0, tzinfo=vn)),
        "VP": ({"1.3.1": 30, "1.3.2": 26, "1.3.3": 2, "1.4.1": 350, "1.4.2": 2, "3.1.1": 12, "3.1.2": 4,
                "3.1.3": 297, "3.1.3.a": 186, "3.1.3.b": 111, "3.4.1": 98.5, "3.4.2": 99.2, "7.2": 1, "7.3": 1},
               dt.datetime(2021, 3, 8, 10, 15, tzinfo=vn)),
        "NGO-MAY": ({"1.1.1": 15, "1.1.2": 4, "1.1.3": 2, "3.1.3.b": 111, "3.4.2": 100, "4.2.1": 21, "4.2.2": 20},
                    dt.datetime(2021, 3, 3, 14, 0, tzinfo=vn)),
        "AN-BINH": ({"1.1.1": 14, "1.1.2": 3}, None),
        "VHTT": ({"7.1": 0, "7.4": 85.5, "7.5.2": 1250}, None),
    }
    for code, (values, submitted_at) in samples.items():
        unit = OrgUnit.objects.get(code=code)
        if Report.objects.filter(unit=unit, period=q1).exists():
            continue
        narrative = {"organisation": f"{unit.name} đã quán triệt, triển khai Kế hoạch CCHC năm 2021 và Kế hoạch "
                                     f"tuyên truyền CCHC năm 2021 của UBND thị xã.",
                     "difficulties": "Một số cán bộ kiêm nhiệm nhiều việc.", "proposals": ""}
        report = save_report(unit, q1, values=values, narrative=narrative, by="demo")
        if submitted_at:
            submit_report(report, at=submitted_at, signed_by_name=unit.leader_name or "Lãnh đạo đơn vị")
