"""The demo's sample plan (cchc init --demo calls load_demo_plan)."""

from cchc.planning.demo import load_demo_plan
from cchc.planning.models import PlanTask, TaskProgress


def test_it_loads_the_sample_plan_once_across_all_six_areas(ankhe):
    plan = load_demo_plan()
    assert plan.year == 2021 and "2664/QĐ-UBND" in plan.title
    tasks = PlanTask.objects.filter(plan=plan)
    assert tasks.count() >= 20
    assert set(tasks.values_list("area", flat=True)) == {1, 2, 3, 4, 5, 6}
    assert {"NGO-MAY", "AN-BINH", "NV", "TP"} <= set(tasks.values_list("lead__code", flat=True))
    progress = TaskProgress.objects.count()
    assert progress > 0
    load_demo_plan()
    assert PlanTask.objects.count() == tasks.count() and TaskProgress.objects.count() == progress
