"""Indicators 1.1.1 and 1.1.2 of Phòng Nội vụ's report, computed from the plan as of the data end."""

from cchc.planning.computed import plan_figures
from cchc.reporting.prefill import offered_values


def test_it_offers_the_plan_counts_to_phong_noi_vu_as_of_the_data_end(progressed, unit, period):
    nv = unit("NV")
    # Q1's data run to 28/02: nothing done yet. H1's to 31/05: A (20/3), C (25/3, reported 10/4), E (5/5).
    assert plan_figures(nv, period("2021-Q1")) == {"1.1.1": 6, "1.1.2": 0}
    assert plan_figures(nv, period("2021-H1")) == {"1.1.1": 6, "1.1.2": 3}
    offered = offered_values(nv, period("2021-H1"))
    assert offered["1.1.1"] == (6, "plan") and offered["1.1.2"] == (3, "plan")


def test_other_units_and_years_without_a_plan_get_nothing(progressed, unit, period):
    assert plan_figures(unit("NGO-MAY"), period("2021-H1")) == {}
    assert plan_figures(unit("TP"), period("2021-Y")) == {}
    assert "1.1.1" not in offered_values(unit("TP"), period("2021-Y"))


def test_the_unit_is_the_one_the_form_makes_responsible_for_1_1_1(progressed, unit, period):
    from cchc.catalog.models import Indicator

    Indicator.objects.filter(form__year=2021, code="1.1.1").update(responsible=unit("VP"))
    assert plan_figures(unit("NV"), period("2021-H1")) == {}
    assert plan_figures(unit("VP"), period("2021-H1")) == {"1.1.1": 6, "1.1.2": 3}


def test_no_plan_no_offer(ankhe, unit, period):
    assert plan_figures(unit("NV"), period("2021-Q1")) == {}
