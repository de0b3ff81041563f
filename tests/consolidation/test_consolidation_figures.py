"""`cchc consolidate` and the figures behind the consolidation page (INTERFACES.md semantics)."""

from cchc.consolidation.figures import consolidate, consolidation_table, indicator_breakdown
from tests.conftest import vn
from tests.consolidation.conftest import file_report

COUNTED = {"TP", "VP", "NGO-MAY", "AN-TAN", "NV"}


def test_it_gives_the_interfaces_values_for_a_mixed_quarter(quarter, cchc):
    data = cchc("consolidate", "--period", "2021-Q1", "--format", "json").json()
    assert data["period"] == "2021-Q1"
    ind = data["indicators"]
    # Town figure from the responsible unit (TP); roll-up over counted reports only: TP 5 + Ngô Mây 1
    # + An Tân 4 — An Bình's draft (50) and An Phú's returned report (7) are left out.
    assert ind["2.1"] == {"value": 5, "source": "TP", "rollup": 10, "reported_by": 3}
    # Percentages: the arithmetic mean of the units' figures (80, 90, 100).
    assert ind["3.3.3"] == {"value": 90, "source": "VP", "rollup": 90.0, "reported_by": 3}
    # Choices: no roll-up, but who answered is counted.
    assert ind["1.4.2"] == {"value": 2, "source": "VP", "rollup": None, "reported_by": 2}
    assert ind["3.1.3.b"] == {"value": 100, "source": "VP", "rollup": 295, "reported_by": 3}
    # Nobody reported: blank, not zero.
    assert ind["2.2"] == {"value": None, "source": "TP", "rollup": None, "reported_by": 0}
    assert ind["1.1.1"]["value"] == 30 and ind["1.1.1"]["source"] == "NV"
    from cchc.orgunits.models import OrgUnit

    expected_missing = [u.code for u in OrgUnit.objects.reporting() if u.code not in COUNTED]
    assert data["missing_units"] == expected_missing
    assert "AN-BINH" in data["missing_units"] and "AN-PHU" in data["missing_units"]
    assert "ANKHE" not in data["missing_units"]  # the town consolidates, it does not report


def test_it_judges_lateness_in_vietnam_time_from_the_first_submission(quarter, cchc):
    data = cchc("status", "--period", "2021-Q1", "--format", "json").json()
    units = data["units"]
    assert data["deadline"] == "2021-03-05"
    assert units["TP"]["late_days"] == 0 and units["TP"]["submitted_at"] == "2021-03-05T23:30:00+07:00"
    assert units["VP"]["late_days"] == 0 and units["VP"]["submitted_at"] == "2021-03-05T23:30:00+07:00"
    assert units["NGO-MAY"]["late_days"] == 1
    assert units["AN-TAN"] == {
        "status": "submitted",
        "submitted_at": "2021-03-04T08:00:00+07:00",
        "last_submitted_at": "2021-03-12T10:00:00+07:00",
        "late_days": 0,
    }
    assert units["AN-PHU"]["status"] == "returned"
    assert units["AN-BINH"] == {"status": "draft", "submitted_at": None, "last_submitted_at": None, "late_days": None}
    assert units["TCKH"]["status"] == "not_started" and units["TCKH"]["late_days"] is None
    assert units["NV"]["status"] == "accepted"


def test_it_flags_a_ward_disagreeing_with_the_town_on_commune_procedures(quarter):
    rows, figures, flags = consolidation_table(quarter)
    assert list(flags) == ["3.1.3.b"]
    [message] = flags["3.1.3.b"]
    assert "UBND phường An Tân: 95" in message and "1 đơn vị" in message
    assert "Ngô Mây" not in message  # it agrees with Văn phòng's 100


def test_it_flags_a_town_total_below_the_units_own_sum(quarter, unit):
    # Tư pháp's town figure (5 VBQPPL) cannot be below the wards' own (1 + 4 + 9 = 14).
    file_report(unit("TAY-SON"), quarter, {"2.1": 9}, at=vn(2021, 3, 3, 9, 0))
    _, _, flags = consolidation_table(quarter)
    assert any("nhỏ hơn tổng 14" in m for m in flags["2.1"])


def test_it_flags_a_sum_that_must_match_only_once_every_unit_reported(quarter, unit):
    from cchc.consolidation.figures import flags as find_flags
    from cchc.consolidation.figures import indicators_of

    inds = indicators_of(quarter)
    check = {"code": "4.2.2", "compare": "sum", "op": "==", "scope": ["commune"]}
    communes = ["CUU-AN", "SONG-AN", "THANH-AN", "TU-AN", "XUAN-AN"]
    for code in communes[:4]:
        file_report(unit(code), quarter, {"4.2.2": 20}, at=vn(2021, 3, 4, 9, 0))
    # Nội vụ's 110 against 80 with a commune still missing: only a lower bound, no discrepancy.
    assert find_flags(quarter, consolidate(quarter, inds), inds, checks=[check]) == {}
    file_report(unit(communes[4]), quarter, {"4.2.2": 20}, at=vn(2021, 3, 4, 9, 0))
    found = find_flags(quarter, consolidate(quarter, inds), inds, checks=[check])
    assert found == {"4.2.2": ["Phòng Nội vụ báo cáo 110, tổng của các xã là 100 — hai số phải bằng nhau."]}


def test_it_flags_a_town_figure_that_jumps_against_the_previous_period(quarter, period, unit):
    h1 = period("2021-H1")
    file_report(unit("VP"), h1, {"3.1.3": 1200, "3.1.3.a": 1100, "3.1.3.b": 100}, at=vn(2021, 6, 4, 9, 0))
    _, _, flags = consolidation_table(h1)
    assert "3.1.3" in flags and "1.200 so với 300 ở Quý I năm 2021" in flags["3.1.3"][0]
    assert "3.1.3.b" not in flags  # 100 → 100


def test_it_lists_every_units_value_for_an_indicator(quarter, unit):
    ind = quarter.form().indicators.get(code="2.1")
    rows = {r["unit"].code: r for r in indicator_breakdown(quarter, ind)}
    assert rows["TP"]["value"] == 5 and rows["TP"]["counted"] and rows["TP"]["is_source"]
    assert rows["AN-BINH"]["value"] == 50 and not rows["AN-BINH"]["counted"] and rows["AN-BINH"]["status"] == "draft"
    assert rows["AN-PHU"]["value"] == 7 and not rows["AN-PHU"]["counted"]
    assert rows["TCKH"]["value"] is None and rows["TCKH"]["status"] == "not_started"


def test_it_refuses_an_unknown_period(ankhe, cchc):
    result = cchc("consolidate", "--period", "2099-Q1", "--format", "json", expect=2)
    assert "2099-Q1" in result.stderr
