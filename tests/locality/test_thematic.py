"""Which unit writes a thematic (chuyên đề) report, on which areas, is the locality's data: one rule
(cchc/reporting/thematic.py) for the report page, its save and the consolidated narrative."""

import json

OTHER_TOWN = {
    "name": "UBND thị xã Sơn Tây",
    "place": "Sơn Tây",
    "superior": "Sở Nội vụ thành phố Hà Nội",
    "coordinator": "NV",
    "recipients": ["Lưu: VT, NV."],
    "signer_title": "CHỦ TỊCH",
    "directive": "",
    "period_rule": "an-khe-2021",
    "thematic": {"TP": [1], "VHTT": [6, 2]},
}


def _import(cchc, tmp_path, words):
    path = tmp_path / "dia-phuong.json"
    path.write_text(json.dumps(words, ensure_ascii=False), encoding="utf-8")
    cchc("locality", "import", str(path))


def test_the_thematic_report_follows_the_data(cchc, ankhe, personas, client_as, tmp_path, unit):
    from cchc.consolidation.narrative import draft_narrative
    from cchc.reporting.actions import save_report, submit_report
    from cchc.reporting.models import Period

    client = client_as("coordinator")
    assert 'name="n-thematic"' in client.get("/bao-cao/VP/2021-Q1/").content.decode()
    _import(cchc, tmp_path, OTHER_TOWN)
    # Văn phòng owes none any more; Văn hóa – Thông tin's covers areas 2 and 6.
    assert 'name="n-thematic"' not in client.get("/bao-cao/VP/2021-Q1/").content.decode()
    page = client.get("/bao-cao/VHTT/2021-Q1/").content.decode()
    assert 'name="n-thematic"' in page and "cải cách thủ tục hành chính; xây dựng và phát triển" in page
    q1 = Period.objects.get(code="2021-Q1")
    for code in ("VP", "VHTT"):
        r = save_report(unit(code), q1, values={}, narrative={"thematic": f"Chuyên đề của {code}."}, by="test")
        submit_report(r, signed_by_name="Người ký")
    n = draft_narrative(q1)
    assert n["results"]["2"].startswith("Phòng Văn hóa và Thông tin (báo cáo chuyên đề về cải cách thủ tục hành chính;")
    assert "Chuyên đề của VHTT." in n["results"]["6"] and "Chuyên đề của VP." not in str(n)


def test_a_unit_without_an_assignment_cannot_slip_one_in_by_post(cchc, ankhe, personas, client_as, tmp_path):
    from cchc.reporting.models import Report

    _import(cchc, tmp_path, OTHER_TOWN)
    client = client_as("coordinator")
    page = client.get("/bao-cao/VP/2021-Q1/").content.decode()
    assert 'name="n-thematic"' not in page
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    client.post(
        "/bao-cao/VP/2021-Q1/",
        {
            "csrfmiddlewaretoken": token,
            "action": "save",
            "revision": "0",
            "n-organisation": "Tổ chức.",
            "n-thematic": "Lén ghi chuyên đề.",
        },
    )
    report = Report.objects.filter(unit__code="VP", period__code="2021-Q1").first()
    assert report is not None and report.narrative["organisation"] == "Tổ chức."
    assert report.narrative.get("thematic", "") == ""
