"""The outline of a report's text, written once (cchc.catalog.narrative): the report page, the review box,
the Word report, the Word import and its preview, the consolidated page and the plan write the same parts
under the same headings. A copy of a heading on any face drifts and fails here; so does a Word export the
Word import cannot read back."""

import io
import re

import time_machine
from django.urls import reverse
from docx import Document

from cchc.catalog import narrative as outline
from cchc.reporting.actions import receive_report, return_report, save_report
from cchc.reporting.docx_in import read_report_docx
from tests.conftest import vn

TEXT = {
    "organisation": "Đã ban hành kế hoạch CCHC năm 2021.",
    "results": {a: f"Kết quả của lĩnh vực {a} trong quý." for a in outline.AREAS},
    "difficulties": "Thiếu công chức pháp chế.",
    "proposals": "Đề nghị bổ sung biên chế.",
    "thematic": "Báo cáo chuyên đề về rà soát văn bản quy phạm pháp luật.",
}
EVERY_HEADING = [outline.HEADINGS[k] for k in outline.KEYS] + [outline.area_heading(a) for a in outline.AREAS]


def _text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@time_machine.travel(vn(2021, 3, 10, 9, 0), tick=False)
def test_every_face_writes_the_parts_under_the_same_headings(cchc, client_as, personas, unit, period, tmp_path):
    tp, q1 = unit("TP"), period("2021-Q1")  # Tư pháp owes a thematic report (the locality's words)
    save_report(tp, q1, values={}, narrative=TEXT, by=personas["coordinator"])

    # The Word report, and the Word import reading it back part by part.
    out = tmp_path / "tu-phap.docx"
    cchc("export", "--unit", "TP", "--period", "2021-Q1", "--format", "docx", "-o", str(out))
    body = [p.text for p in Document(out).paragraphs]
    assert [h for h in EVERY_HEADING if h not in body] == []
    payload = read_report_docx(out.read_bytes(), out.name, unit="TP", period="2021-Q1")
    assert payload.narrative == TEXT

    # The report page.
    coordinator = client_as("coordinator")
    page = _text(coordinator.get(reverse("report", args=["TP", "2021-Q1"])).content.decode())
    assert [h for h in EVERY_HEADING if h not in page] == []

    # The preview of that Word report uploaded on the page, part by part.
    preview = _text(
        coordinator.post(reverse("report_upload", args=["TP", "2021-Q1"]), {"file": _named(out)}).content.decode()
    )
    titles = [outline.HEADINGS[k] for k in ("organisation", "difficulties", "proposals", "thematic")]
    titles += [f"{outline.HEADINGS['results']} — {outline.area_heading(a)}" for a in outline.AREAS]
    assert [t for t in titles if t not in preview] == []

    # The review box: a part changed since the report was returned, named by its own heading.
    report = receive_report(
        tp, q1, values={}, narrative=TEXT, by=personas["coordinator"], submit=True, submitted_at=vn(2021, 3, 5, 9, 0)
    )
    return_report(report, by=personas["coordinator"], reason="Bổ sung kết quả cải cách TTHC.")
    receive_report(
        tp,
        q1,
        values={},
        narrative=TEXT | {"results": TEXT["results"] | {"2": "Đã bổ sung."}},
        by=personas["coordinator"],
        submit=True,
        submitted_at=vn(2021, 3, 9, 9, 0),
    )
    review = _text(coordinator.get(reverse("report", args=["TP", "2021-Q1"])).content.decode())
    assert outline.heading("results.2") in review

    # The consolidated page.
    consolidated = _text(coordinator.get(reverse("consolidation", args=["2021-Q1"])).content.decode())
    expected = [outline.HEADINGS[k] for k in ("organisation", "difficulties", "proposals")]
    expected += [outline.heading(f"results.{a}") for a in outline.AREAS]
    assert [h for h in expected if h not in consolidated] == []


def _named(path):
    data = io.BytesIO(path.read_bytes())
    data.name = path.name
    return data


def test_the_plan_is_laid_out_by_the_same_six_areas():
    from cchc.planning.models import AREAS

    assert {str(n): name for n, name in AREAS.items()} == outline.AREAS
