"""The coordinator's status board: every unit × status, counts, filters, pages — and a fixed number
of queries whatever the number of units."""

import pytest
import time_machine
from django.urls import reverse

from cchc.orgunits.models import OrgUnit
from cchc.reporting.actions import accept_report, return_report, save_report, submit_report
from tests.conftest import vn

# Session, user, membership, period, the category counts (two), the matching units' count and page,
# their reports, the periods for the switcher, the header's unread notifications — plus the savepoint
# and its release of the request's transaction (ATOMIC_REQUESTS inside the test's). Counted and paged
# in SQL: flat in the number of units.
BOARD_QUERIES = 14  # with the locality's words of the footer, read once per request
REPORT_PAGE_QUERIES_MAX = 17


def _many_units(n):
    town = OrgUnit.objects.get(code="ANKHE")
    OrgUnit.objects.bulk_create(
        OrgUnit(code=f"XA-{i:04d}", name=f"UBND xã Thử {i:04d}", kind="commune", parent=town, position=1000 + i)
        for i in range(n)
    )


def _statuses(personas, unit, q1):
    with time_machine.travel(vn(2021, 3, 4, 9, 0), tick=False):
        save_report(unit("AN-BINH"), q1, values={"1.1.1": 1})  # draft
        submit_report(save_report(unit("NGO-MAY"), q1, values={"1.1.1": 1}), by=personas["leader_a"])  # on time
        accept_report(submit_report(save_report(unit("NV"), q1, values={}), by=None), by=personas["coordinator"])
        r = submit_report(save_report(unit("TP"), q1, values={}), by=None)
        return_report(r, by=personas["coordinator"], reason="Thiếu chuyên đề.")
    with time_machine.travel(vn(2021, 3, 9, 9, 0), tick=False):
        submit_report(save_report(unit("VP"), q1, values={}), by=None)  # 4 days late


def _count(page, key):
    block = page.split(f'data-category="{key}"')[1]
    return int(block.split('<span class="count">')[1].split("<")[0].replace(".", ""))


@time_machine.travel(vn(2021, 3, 10, 9, 0), tick=False)
def test_it_counts_and_shows_every_unit_by_category(client_as, personas, unit, q1):
    _statuses(personas, unit, q1)
    page = client_as("coordinator").get(reverse("board", args=["2021-Q1"])).content.decode()
    total = OrgUnit.objects.filter(reports=True, active=True).count()
    counts = {k: _count(page, k) for k in ("not_started", "draft", "on_time", "late", "returned", "accepted")}
    assert counts == {"not_started": total - 5, "draft": 1, "on_time": 1, "late": 1, "returned": 1, "accepted": 1}
    assert "Trễ hạn 4 ngày" in page and "Thiếu chuyên đề." in page
    assert 'data-unit="XUAN-AN" data-category="not_started"' in page
    assert 'data-unit="ANKHE"' not in page  # the town consolidates, it does not report to itself


@time_machine.travel(vn(2021, 3, 10, 9, 0), tick=False)
def test_it_filters_by_category_and_kind(client_as, personas, unit, q1):
    _statuses(personas, unit, q1)
    client = client_as("coordinator")
    page = client.get(reverse("board", args=["2021-Q1"]), {"trang-thai": "late"}).content.decode()
    assert page.count("<tr data-unit=") == 1 and 'data-unit="VP"' in page
    page = client.get(reverse("board", args=["2021-Q1"]), {"loai": "ward"}).content.decode()
    assert page.count("<tr data-unit=") == 6 and 'data-unit="TP"' not in page
    page = client.get(reverse("board", args=["2021-Q1"]), {"loai": "ward", "trang-thai": "on_time"}).content.decode()
    assert page.count("<tr data-unit=") == 1 and 'data-unit="NGO-MAY"' in page


@time_machine.travel(vn(2021, 3, 10, 9, 0), tick=False)
def test_it_pages_a_thousand_units_in_a_fixed_number_of_queries(
    client_as, personas, unit, q1, django_assert_num_queries
):
    _statuses(personas, unit, q1)
    client = client_as("coordinator")
    url = reverse("board", args=["2021-Q1"])
    with django_assert_num_queries(BOARD_QUERIES):
        client.get(url)
    _many_units(1000)
    with django_assert_num_queries(BOARD_QUERIES):
        page = client.get(url, {"trang": "3"}).content.decode()
    assert page.count("<tr data-unit=") == 50
    assert "Trang 3 / 21" in page
    last = client.get(url, {"trang": "21"}).content.decode()
    assert last.count("<tr data-unit=") == (1000 + 24) - 20 * 50


@time_machine.travel(vn(2021, 3, 1, 9, 0), tick=False)
def test_it_renders_the_report_page_in_a_fixed_number_of_queries(
    client_as, personas, unit, q1, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as("officer_a")
    url = reverse("report", args=["NGO-MAY", "2021-Q1"])
    client.get(url)  # the form's spec is read once per process
    with CaptureQueriesContext(connection) as empty:
        client.get(url)
    save_report(unit("NGO-MAY"), q1, values={"1.1.1": 10, "1.1.2": 4, "3.4.1": 90, "4.2.1": 12, "1.4.2": 1})
    with CaptureQueriesContext(connection) as filled:
        client.get(url)
    _many_units(300)
    with django_assert_max_num_queries(REPORT_PAGE_QUERIES_MAX):
        client.get(url)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    # More values or more units do not add queries (an empty report skips validation).
    assert len(many) == len(filled) and len(empty) <= len(filled)


def test_it_opens_the_board_of_the_period_picked(client_as, personas):
    response = client_as("coordinator").get(reverse("board_current"), {"ky": "2021-H1"})
    assert response["Location"] == reverse("board", args=["2021-H1"])


def test_it_lists_a_units_year_in_a_fixed_number_of_queries(client_as, personas, unit, period):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as("officer_a")
    url = reverse("unit_reports", args=["NGO-MAY", 2021])
    with CaptureQueriesContext(connection) as none:
        client.get(url)
    for code in ("2021-Q1", "2021-H1", "2021-Q3"):
        submit_report(save_report(unit("NGO-MAY"), period(code), values={"1.1.1": 2}), by=personas["leader_a"])
    with CaptureQueriesContext(connection) as three:
        page = client.get(url).content.decode()
    assert len(three) == len(none)
    assert page.count('class="badge badge-submitted"') == 3


@time_machine.travel(vn(2021, 3, 10, 9, 0), tick=False)
def test_its_search_ignores_case_and_diacritics(client_as, personas, unit, q1):
    client = client_as("coordinator")
    url = reverse("board", args=["2021-Q1"])
    for query in ("ngo may", "NGÔ MÂY", "  Ngo   Mây ", "ngo-may", "phuong ngo"):
        page = client.get(url, {"q": query}).content.decode()
        assert page.count("<tr data-unit=") == 1 and 'data-unit="NGO-MAY"' in page, query
    page = client.get(url, {"q": "an binh"}).content.decode()
    assert 'data-unit="NGO-MAY"' not in page and 'data-unit="AN-BINH"' in page
    # A unit renamed (save) or imported (bulk) is found by its new name.
    renamed = unit("AN-BINH")
    renamed.name = "UBND phường Đống Đa"
    renamed.save()
    page = client.get(url, {"q": "dong da"}).content.decode()
    assert page.count("<tr data-unit=") == 1 and 'data-unit="AN-BINH"' in page
    from cchc.orgunits.importing import import_units

    import_units("code,name,kind,parent\nXA-MOI,UBND xã Ia Pết,commune,ANKHE\n".encode())
    page = client.get(url, {"q": "ia pet"}).content.decode()
    assert 'data-unit="XA-MOI"' in page


def test_admin_searches_ignore_case_and_diacritics(client, personas, ankhe):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("quantri", "qt@example.vn", "x")
    client.force_login(admin)
    page = client.get("/quan-tri/orgunits/orgunit/", {"q": "ngo may"}).content.decode()
    assert "UBND phường Ngô Mây" in page and "An Bình" not in page
    found = client.get(
        "/quan-tri/autocomplete/",
        {"app_label": "orgunits", "model_name": "orgunit", "field_name": "parent", "term": "AN KHE"},
    ).json()["results"]
    assert [r["text"] for r in found] == ["UBND thị xã An Khê"]
    page = client.get("/quan-tri/catalog/indicator/", {"q": "thu tuc hanh chinh"}).content.decode()
    assert "thủ tục hành chính" in page.lower()


@pytest.mark.parametrize(
    "url",
    [
        "/quan-tri/catalog/indicator/",
        "/quan-tri/catalog/indicator/{indicator}/change/",
        "/quan-tri/planning/plantask/",
        "/quan-tri/planning/assignedtask/",
        "/quan-tri/orgunits/orgunit/{unit}/change/",
        "/quan-tri/orgunits/membership/add/",
    ],
)
def test_admin_pages_never_list_every_unit(client, ankhe, unit, url):
    """A filter or a select of every unit puts a province's or a nation's thousands of names on one
    admin page (1 MiB at 10,000 units): units are searched (autocomplete) and filters list only the
    units that appear in the list."""
    from django.contrib.auth import get_user_model

    from cchc.catalog.models import Indicator
    from cchc.orgunits.models import OrgUnit

    OrgUnit.objects.bulk_create(
        OrgUnit(
            code=f"XA-{n}", name=f"UBND xã Không Liên Quan {n}", kind="commune", parent=unit("ANKHE"), position=500 + n
        )
        for n in range(40)
    )
    client.force_login(get_user_model().objects.create_superuser("quantri", "qt@example.vn", "x"))
    url = url.format(indicator=Indicator.objects.filter(responsible__isnull=False).first().pk, unit=unit("NGO-MAY").pk)
    page = client.get(url).content.decode()
    assert "Không Liên Quan" not in page
