"""Every .xlsx the system writes keeps people's text as text (OWASP "CSV injection"): a unit or a
task named like a formula must reach the reader as that name, never as a live formula. The
compliance workbook once wrote unit names as formulas; every export now goes out through
cchc.office.xlsx.workbook_bytes."""

import ast
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse

from cchc.office.xlsx import new_workbook, workbook_bytes
from cchc.orgunits.models import OrgUnit

PAYLOADS = ['=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0"]
SOURCE = Path(__file__).resolve().parents[2] / "cchc"


def assert_no_formula(content, *expected_texts):
    """No sheet holds a formula, and each expected text is in a cell as a plain string."""
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        assert sheets
        for name in sheets:
            assert b"<f>" not in zf.read(name) and b"<f " not in zf.read(name), name
    wb = openpyxl.load_workbook(io.BytesIO(content))
    texts = [
        c.value
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.data_type == "s"
    ]
    for text in expected_texts:
        assert any(text in t for t in texts), f"{text!r} is not a text cell"


@pytest.fixture
def hostile_names(ankhe):
    """Ward A and Ward B renamed by someone with admin access (or in a units CSV)."""
    OrgUnit.objects.filter(code="NGO-MAY").update(name=PAYLOADS[0])
    OrgUnit.objects.filter(code="AN-BINH").update(name=PAYLOADS[1])
    return PAYLOADS


def test_the_compliance_workbook_keeps_unit_names_as_text(client_as, hostile_names, cchc, tmp_path):
    response = client_as("coordinator").get(reverse("compliance_xlsx", args=[2021]))
    assert response.status_code == 200
    assert_no_formula(response.content, *hostile_names)
    out = tmp_path / "thi-dua.xlsx"
    cchc("compliance", "--year", "2021", "--format", "xlsx", "-o", str(out))
    assert_no_formula(out.read_bytes(), *hostile_names)


def test_the_report_template_and_export_keep_the_unit_name_as_text(client_as, hostile_names, unit, period):
    from cchc.reporting.actions import save_report

    save_report(unit("NGO-MAY"), period("2021-Q1"), values={"1.1.1": 3})
    client = client_as("officer_a")
    for url in (
        reverse("report_template", args=["NGO-MAY", "2021-Q1"]),
        reverse("report_export", args=["NGO-MAY", "2021-Q1", "xlsx"]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_formula(response.content, hostile_names[0])


def test_the_consolidated_workbook_keeps_missing_units_names_as_text(client_as, hostile_names):
    response = client_as("coordinator").get(reverse("consolidated_export", args=["2021-Q1", "xlsx"]))
    assert response.status_code == 200
    assert_no_formula(response.content, *hostile_names)


def test_the_plan_workbook_keeps_task_and_unit_names_as_text(client_as, hostile_names, unit):
    from cchc.planning.actions import ensure_plan, save_task

    save_task(
        ensure_plan(2021),
        area=1,
        stt="1",
        title=PAYLOADS[1],
        lead=unit("NGO-MAY"),
        deadline_text="Quý I",
        product="=1+1",
    )
    response = client_as("coordinator").get(reverse("plan_xlsx", args=[2021]))
    assert response.status_code == 200
    assert_no_formula(response.content, PAYLOADS[1], PAYLOADS[0], "=1+1")


def test_the_one_writer_makes_any_formula_text_whatever_the_builder_did():
    wb = new_workbook()
    wb.active["A1"] = PAYLOADS[0]  # assigned raw: openpyxl would store a formula
    wb.active.cell(2, 1, value="@SUM(1)")
    assert wb.active["A1"].data_type == "f"
    assert_no_formula(workbook_bytes(wb), PAYLOADS[0], "@SUM(1)")


def test_no_module_builds_or_saves_a_workbook_around_the_one_writer():
    """openpyxl's Workbook is created only in cchc/office/xlsx.py (new_workbook) and saved only by
    workbook_bytes there; a second path would skip the formula check."""
    writer = SOURCE / "office" / "xlsx.py"
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        if path == writer:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.ImportFrom)
                and (node.module or "").startswith("openpyxl")
                and any(a.name == "Workbook" for a in node.names)
            ):
                found.append(f"{path.relative_to(SOURCE.parent)}:{node.lineno}: imports openpyxl's Workbook")
            if isinstance(node, ast.Attribute) and node.attr == "Workbook":
                found.append(f"{path.relative_to(SOURCE.parent)}:{node.lineno}: uses openpyxl.Workbook")
    assert not found, "\n".join(found)
