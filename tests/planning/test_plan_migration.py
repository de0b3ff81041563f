"""Plans stored before a year could hold several migrate as the year's CCHC plan, tasks and progress kept."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("planning", "0001_initial")]
AFTER = [("planning", "0002_plan_kinds_and_assigned_tasks")]


@pytest.mark.django_db(transaction=True)
def test_an_existing_plan_becomes_the_cchc_plan_with_nothing_lost(ankhe):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    unit = old.get_model("orgunits", "OrgUnit").objects.get(code="TP")
    plan = old.get_model("planning", "Plan").objects.create(year=2021, title="Kế hoạch CCHC năm 2021")
    task = old.get_model("planning", "PlanTask").objects.create(
        plan=plan,
        position=1,
        area=1,
        title="Rà soát VBQPPL",
        lead=unit,
        deadline_text="Quý I/2021",
        deadline=dt.date(2021, 3, 31),
        status="done",
        done_on=dt.date(2021, 3, 20),
    )
    old.get_model("planning", "TaskProgress").objects.create(
        task=task, status="done", effective_on=dt.date(2021, 3, 20), recorded_at="2021-03-21T02:00:00Z"
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # whatever else depends on it, back to the latest
    from cchc.planning.models import Plan, PlanTask, TaskProgress

    migrated = Plan.objects.get(pk=plan.pk)
    assert (migrated.kind, migrated.year, migrated.title, migrated.number) == (
        "cchc",
        2021,
        "Kế hoạch CCHC năm 2021",
        "",
    )
    kept = PlanTask.objects.get(pk=task.pk)
    assert (kept.area, kept.status, kept.done_on) == (1, "done", dt.date(2021, 3, 20))
    assert TaskProgress.objects.filter(task=kept).count() == 1
