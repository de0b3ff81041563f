"""The kept figures of consolidation (cchc.reporting.totals) always equal a recount from the values,
whatever sequence of saves, submissions, returns, acceptances, receipts and unit edits led there —
a hypothesis state machine, on SQLite and on PostgreSQL alike."""

import json

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

UNITS = ["NGO-MAY", "AN-BINH", "TP", "VP", "AN-PHU"]
SAVES = {"stored": 0}
# Figures that pass every rule of the 2021 form whatever their size (no part-of-whole pairs).
# 1.4.2 is a coded answer (0, 1, 2): a random count there was refused as a whole save, and most
# explorations then never stored anything (the cause of the empty runs once seen after
# tests/catalog/test_form_pages.py).
FREE = {"2.1": "count", "2.2": "count", "1.4.2": "choice", "3.3.3": "percent", "3.4.2": "percent"}


def figures():
    def one(kind):
        if kind == "percent":
            return st.decimals(min_value=0, max_value=100, places=1, allow_nan=False, allow_infinity=False)
        if kind == "choice":
            return st.sampled_from([0, 1, 2])
        return st.integers(min_value=0, max_value=10_000)

    return st.fixed_dictionaries({}, optional={code: one(kind) for code, kind in FREE.items()})


def run_machine(people):
    from cchc.consolidation.figures import consolidate
    from cchc.orgunits.models import OrgUnit
    from cchc.reporting import actions, totals
    from cchc.reporting.models import Period, Report

    period = Period.objects.get(code="2021-Q1")
    coordinator = people["coordinator"]
    seen = {"counted": 0}

    class KeptFigures(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            # Each example runs in a savepoint rolled back at its end: the next starts afresh.
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            # Every run starts with one counted report, so the invariant always compares non-empty
            # figures (a random exploration alone reached none in some test orders on SQLite).
            start = actions.save_report(OrgUnit.objects.get(code="AN-PHU"), period, values={"2.1": "7"})
            actions.submit_report(start, signed_by_name="Thủ trưởng")

        def teardown(self):
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)

        def report(self, code):
            return Report.objects.filter(unit__code=code, period=period).first()

        @rule(code=st.sampled_from(UNITS), values=figures())
        def save(self, code, values):
            try:
                actions.save_report(
                    OrgUnit.objects.get(code=code), period, values={c: str(v) for c, v in values.items()}
                )
            except actions.WrongState:
                pass  # a counted report cannot be edited: nothing changes
            else:
                SAVES["stored"] += 1
            # Any other refusal (figures the form refuses) fails the test: the figures drawn must be
            # ones the form accepts, or the machine explores nothing.

        @rule(code=st.sampled_from(UNITS))
        def submit(self, code):
            report = self.report(code)
            if report is not None:
                try:
                    actions.submit_report(report, signed_by_name="Thủ trưởng")
                except actions.ReportError:
                    pass

        @rule(code=st.sampled_from(UNITS))
        def return_it(self, code):
            report = self.report(code)
            if report is not None:
                try:
                    actions.return_report(report, by=coordinator, reason="Kiểm tra lại.")
                except actions.ReportError:
                    pass

        @rule(code=st.sampled_from(UNITS))
        def accept(self, code):
            report = self.report(code)
            if report is not None:
                try:
                    actions.accept_report(report, by=coordinator)
                except actions.ReportError:
                    pass

        @rule(code=st.sampled_from(UNITS), values=figures())
        def receive(self, code, values):
            try:
                actions.receive_report(
                    OrgUnit.objects.get(code=code),
                    period,
                    by=coordinator,
                    submit=True,
                    values={c: str(v) for c, v in values.items()},
                )
            except actions.ReportError:
                pass

        @rule(
            code=st.sampled_from(UNITS), kind=st.sampled_from(["ward", "commune", "department"]), active=st.booleans()
        )
        def edit_unit(self, code, kind, active):
            unit = OrgUnit.objects.get(code=code)
            unit.kind, unit.active = kind, active
            unit.save()

        @invariant()
        def kept_equals_recount(self):
            kept = totals.kept(period)
            seen["counted"] += bool(kept)
            assert kept == totals.recount(period)
            kept, recounted = consolidate(period), consolidate(period, recount=True)
            assert json.dumps(kept, sort_keys=True) == json.dumps(recounted, sort_keys=True)

    # derandomize: the same exploration every run, so the coverage check below cannot flake (it failed
    # one run in three with a random seed); the property itself still runs 25 machines of 12 steps.
    KeptFigures.TestCase.settings = settings(
        max_examples=25,
        stateful_step_count=12,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    KeptFigures.seen = seen
    return KeptFigures


def test_kept_figures_always_equal_the_recount(personas):
    from hypothesis.stateful import run_state_machine_as_test

    machine = run_machine(personas)
    run_state_machine_as_test(machine, settings=machine.TestCase.settings)
    assert machine.seen["counted"] > 0  # the invariant was checked on states with counted reports
    assert SAVES["stored"] > 0


def test_a_submission_shows_at_once_and_a_return_takes_it_away(personas, unit, period):
    """No batch step: the roll-up moves in the transaction of the action."""
    from cchc.consolidation.figures import consolidate
    from cchc.reporting.actions import return_report, save_report, submit_report

    q1 = period("2021-Q1")
    report = save_report(unit("NGO-MAY"), q1, values={"2.1": 4, "3.3.3": "90,5"})
    assert consolidate(q1)["indicators"]["2.1"]["reported_by"] == 0
    submit_report(report, signed_by_name="Thủ trưởng")
    save_report(unit("AN-BINH"), q1, values={"2.1": 6, "3.3.3": 80})
    submit_report(unit("AN-BINH").reports_made.get(period=q1), signed_by_name="Thủ trưởng")
    figures = consolidate(q1)["indicators"]
    assert figures["2.1"]["rollup"] == 10 and figures["2.1"]["reported_by"] == 2
    assert figures["3.3.3"]["rollup"] == pytest.approx(85.25)
    return_report(report, by=personas["coordinator"], reason="Kiểm tra lại.")
    figures = consolidate(q1)["indicators"]
    assert figures["2.1"]["rollup"] == 6 and figures["2.1"]["reported_by"] == 1


def test_consolidate_recount_and_rebuild_on_the_command_line(personas, unit, period, capsys):
    from django.core.management import call_command

    from cchc.reporting.actions import save_report, submit_report
    from cchc.reporting.models import FigureTotal

    q1 = period("2021-Q1")
    submit_report(save_report(unit("TP"), q1, values={"2.1": 3}), signed_by_name="Thủ trưởng")
    FigureTotal.objects.filter(period=q1).update(n=99)  # damage the kept figures
    call_command("consolidate", "--period", "2021-Q1", "--recount")
    assert json.loads(capsys.readouterr().out)["indicators"]["2.1"]["reported_by"] == 1
    call_command("consolidate", "--period", "2021-Q1")
    assert json.loads(capsys.readouterr().out)["indicators"]["2.1"]["reported_by"] == 99
    call_command("consolidate", "--period", "2021-Q1", "--rebuild")
    assert json.loads(capsys.readouterr().out)["indicators"]["2.1"]["reported_by"] == 1
