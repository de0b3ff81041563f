"""The words of a report's timeliness category, written once (cchc.reporting.timeliness.LABELS and
label()): the status board, its workbook, the urging letter, the unit's page of the year, the compliance
table and its workbook, the dashboard and `cchc status` all say the same thing of the same report. A
copy of the words in any of them would drift and fail here."""

import io
import json
import re

import time_machine
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from cchc.reporting.actions import receive_report, return_report, save_report, submit_report
from cchc.reporting.timeliness import LABELS, LATE, MISSING, NOT_SENT, ON_TIME, RETURNED, label, sent_label
from tests.conftest import vn

GOOD = {"1.1.1": 15, "1.1.2": 4, "1.1.3": 2, "3.1.3.b": 111, "3.4.2": 100, "4.2.1": 21, "4.2.2": 20}
# 2021-Q1 is due 05/03/2021: ward A on time, ward B three days late, Tư pháp returned and not sent
# again, everyone else never sent.
EXPECTED = {"NGO-MAY": label(ON_TIME), "AN-BINH": label(LATE, 3), "TP": label(RETURNED)}


def _fixture(personas, unit, period):
    q1 = period("2021-Q1")
    for code, who, at in (("NGO-MAY", "a", vn(2021, 3, 4, 10)), ("AN-BINH", "b", vn(2021, 3, 8, 10))):
        report = save_report(unit(code), q1, values=GOOD, by=personas[f"officer_{who}"])
        submit_report(report, by=personas[f"leader_{who}"], at=at)
    received = receive_report(
        unit("TP"), q1, values=GOOD, by=personas["coordinator"], submit=True, submitted_at=vn(2021, 3, 4, 9)
    )
    return_report(received, by=personas["coordinator"], reason="Thiếu số liệu.")


@time_machine.travel(vn(2021, 4, 20, 9, 0), tick=False)
def test_every_page_file_and_command_names_a_category_in_the_same_words(client_as, cchc, personas, unit, period):
    _fixture(personas, unit, period)
    coordinator = client_as("coordinator")

    board = coordinator.get(reverse("board", args=["2021-Q1"])).content.decode()
    for code, words in EXPECTED.items():
        row = board.split(f'data-unit="{code}"')[1].split("</tr>")[0]
        assert f">{words}</span>" in row, code

    ws = load_workbook(io.BytesIO(coordinator.get(reverse("board_xlsx", args=["2021-Q1"])).content)).active
    states = {r[2]: r[4] for r in ws.iter_rows(min_row=5, values_only=True) if r[2]}
    # The workbook has its own column for the days late: the category alone.
    assert {c: states[c] for c in EXPECTED} == {
        "NGO-MAY": LABELS[ON_TIME],
        "AN-BINH": LABELS[LATE],
        "TP": LABELS[RETURNED],
    }

    letter = Document(io.BytesIO(coordinator.get(reverse("board_letter", args=["2021-Q1"])).content))
    cells = {row.cells[1].text: row.cells[2].text for t in letter.tables for row in t.rows if len(row.cells) == 4}
    assert cells["UBND phường An Bình"] == label(LATE, 3) and cells["Phòng Tư pháp"].startswith(LABELS[RETURNED])

    compliance = coordinator.get(reverse("compliance", args=[2021])).content.decode()
    for code, words in EXPECTED.items():
        name = unit(code).name
        row = compliance.split(f"<td>{name}</td>")[1].split("</tr>")[0]
        assert re.search(rf'<td class="cell-\w+">{re.escape(words)}', row), code
    for category in (ON_TIME, LATE, MISSING, RETURNED):
        assert f'<th class="num hide-narrow">{LABELS[category]}</th>' in compliance

    ws = load_workbook(io.BytesIO(coordinator.get(reverse("compliance_xlsx", args=[2021])).content)).active
    by_name = {r[1]: r[2] for r in ws.iter_rows(min_row=5, values_only=True) if r[1]}
    assert {c: by_name[unit(c).name] for c in EXPECTED} == EXPECTED
    assert by_name[unit("KT").name] == LABELS[MISSING]
    head = [c.value for c in ws[4]]
    assert [f"Số kỳ {LABELS[c].lower()}" for c in (ON_TIME, LATE, MISSING, RETURNED)] == head[6:10]

    dashboard = coordinator.get(reverse("dashboard")).content.decode()
    data = json.loads(dashboard.split('<script id="dashboard-data" type="application/json">')[1].split("</script>")[0])
    assert data["progress"]["labels"] == [LABELS[ON_TIME], LABELS[LATE], LABELS[RETURNED], NOT_SENT]
    assert data["rates"]["names"][:2] == [LABELS[ON_TIME], LABELS[LATE]]

    year_b = client_as("leader_b").get(reverse("unit_reports", args=["AN-BINH", 2021])).content.decode()
    assert sent_label(3) in year_b.split('data-period="2021-Q1"')[1].split("</tr>")[0]
    year_tp = client_as("coordinator").get(reverse("unit_reports", args=["TP", 2021])).content.decode()
    assert LABELS[RETURNED] in year_tp.split('data-period="2021-Q1"')[1].split("</tr>")[0]

    text = cchc("status", "--period", "2021-Q1").stdout
    assert f"{sent_label(3).lower()}" in next(line for line in text.splitlines() if line.startswith("AN-BINH"))
    assert f"{sent_label(0).lower()}" in next(line for line in text.splitlines() if line.startswith("NGO-MAY"))
