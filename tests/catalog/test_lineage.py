"""A renumbered indicator is the same indicator: its series across two years, the jump check against
last year's figure and the pre-fill of its stock figure follow "Mã năm trước"."""

import pytest

from cchc.catalog import editing, lineage
from cchc.catalog.models import ReportForm
from tests.conftest import vn


@pytest.fixture
def renumbered(ankhe):
    """2022's form: 2021's with 6.1 (a stock figure of Tài chính – Kế hoạch) moved to 6.6, and a new
    6.1 that did not exist before."""
    from cchc.reporting.periods import ensure_periods

    editing.copy_form(2021, 2022, by="test")
    draft = editing.draft_of(ReportForm.objects.get(year=2022))
    rows = draft.rows
    old = next(r for r in rows if r.code == "6.1")
    old.code, old.stt, old.previous_code = "6.6", "6.6.", "6.1"
    rows.remove(old)
    rows.insert([r.code for r in rows].index("6.5") + 1, old)
    new = editing.Row(
        code="6.1",
        stt="6.1.",
        name="Số đơn vị SNCL được giao tự chủ mới trong kỳ",
        measure="Cơ quan, đơn vị",
        kind="count",
        responsible="TCKH",
        previous_code="-",
    )
    rows.insert([r.code for r in rows].index("6.2"), new)
    for rule in draft.rules:
        rule["left"] = ["6.6" if c == "6.1" else c for c in rule["left"]]
    editing.apply(2022, draft, by="test")
    ensure_periods(2022)
    return ReportForm.objects.get(year=2022)


def _send(unit, period, values, day):
    from cchc.reporting.actions import save_report, submit_report

    report = save_report(unit, period, values=values, by="test")
    return submit_report(report, at=vn(*day, 9, 0), signed_by_name="Thủ trưởng")


def test_lineage_maps_codes_across_the_renumbering(renumbered):
    assert lineage.code_in_year("6.6", 2022, 2021) == "6.1"
    assert lineage.code_in_year("6.1", 2022, 2021) is None  # new in 2022
    assert lineage.code_in_year("6.1", 2021, 2022) == "6.6"
    assert lineage.code_in_year("4.2.1", 2022, 2021) == "4.2.1"
    assert lineage.carry_forward({"6.1": 40, "4.2.1": 9}, 2021, 2022) == {"6.6": 40, "4.2.1": 9}


def test_series_jump_check_and_prefill_follow_the_renumbered_indicator(renumbered, unit, period):
    from cchc.consolidation.figures import consolidation_table, town_series
    from cchc.reporting.actions import prefill_from_previous

    tckh = unit("TCKH")
    _send(tckh, period("2021-Y"), {"6.1": 40, "6.2": 3}, (2021, 12, 3))
    # Stock figures offered for 2022-Q1: last year's 6.1 under its new number.
    offered = prefill_from_previous(tckh, period("2022-Q1"))
    assert offered.get("6.6") == 40 and "6.1" not in offered
    from cchc.reporting.actions import check

    # The unit's own check warns of the jump 40 → 200 on the renumbered row.
    result = check(tckh, period("2022-Q1"), {"6.6": 200, "6.1": 1, "6.2": 3})
    jumps = [w for w in result.warnings if w.rule == "tang-giam-dot-bien"]
    assert [w.code for w in jumps] == ["6.6"] and "40" in jumps[0].message
    _send(tckh, period("2022-Q1"), {"6.6": 200, "6.1": 1, "6.2": 3}, (2022, 3, 2))
    # The consolidated report flags it too.
    _, _, found = consolidation_table(period("2022-Q1"))
    assert any("40" in m for m in found.get("6.6", [])) and "6.1" not in found
    # The dashboard's series of 6.6 shows 2021's 6.1 before it.
    series = town_series("6.6", [period("2021-Y"), period("2022-Q1")], ["TCKH"], year=2022)
    assert series["town"] == [40, 200]
    assert series["units"]["TCKH"]["values"] == [40, 200]
    # And the new 6.1 has no past.
    assert town_series("6.1", [period("2021-Y"), period("2022-Q1")], year=2022)["town"] == [None, 1]
