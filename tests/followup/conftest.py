import pytest


@pytest.fixture
def good_values():
    """A Quý I report of a ward that passes every rule of the 2021 form."""
    return {"1.1.1": 15, "1.1.2": 4, "1.1.3": 2, "3.1.3.b": 111, "3.4.2": 100, "4.2.1": 21, "4.2.2": 20}


@pytest.fixture
def submitted(personas, unit, period, good_values):
    """Ngô Mây's Quý I, saved by its officer and signed by its leader on 04/03/2021."""
    from cchc.reporting.actions import save_report, submit_report
    from tests.conftest import vn

    def make(values=None, code="2021-Q1", at=None):
        report = save_report(
            unit("NGO-MAY"),
            period(code),
            values=values or good_values,
            narrative={"organisation": "Đã ban hành kế hoạch."},
            by=personas["officer_a"],
        )
        return submit_report(report, by=personas["leader_a"], at=at or vn(2021, 3, 4, 10, 0))

    return make
