"""`cchc init --province NAME`: a province under the two-level model in one command, from the
official list of the `vietnam-provinces` package."""

import time_machine
from vietnam_provinces import Province, Ward

from cchc.catalog.models import Indicator
from cchc.locality.models import Locality
from cchc.orgunits.models import OrgUnit
from cchc.reporting.models import Period
from tests.conftest import vn


def _package_wards(name):
    province = next(p for p in Province.iter_all() if p.name == name)
    return province, list(Ward.iter_by_province(province.code))


@time_machine.travel(vn(2026, 1, 10, 9, 0), tick=False)
def test_gia_lai_gets_every_commune_and_ward_of_the_package(cchc, client):
    province, wards = _package_wards("Gia Lai")
    result = cchc("init", "--province", "gia lai", "--demo")
    assert f"{len(wards)} xã, phường" in result.stderr
    root = OrgUnit.objects.get(code="T52")
    assert (root.name, root.kind, root.reports) == ("UBND tỉnh Gia Lai", "province", False)
    local = OrgUnit.objects.filter(kind__in=["ward", "commune"])
    assert local.count() == len(wards) == 135
    # Stable codes: the official 5-digit code of each commune and ward.
    assert set(local.values_list("code", flat=True)) == {f"{int(w.code):05d}" for w in wards}
    first = wards[0]
    unit = OrgUnit.objects.get(code=f"{int(first.code):05d}")
    assert unit.name == "UBND " + first.name[0].lower() + first.name[1:] and unit.parent == root
    assert unit.kind == {"phường": "ward", "xã": "commune", "đặc khu": "commune"}[first.division_type.value]
    # Sở Nội vụ coordinates; the departments of the bundled list report to the People's Committee.
    assert OrgUnit.objects.get(code="SNV").name == "Sở Nội vụ"
    assert OrgUnit.objects.get(code="VP").name == "Văn phòng UBND tỉnh"
    assert OrgUnit.objects.filter(kind="department", parent=root).count() == 13
    words = cchc("locality", "export").json()
    assert (words["name"], words["place"], words["coordinator"], words["period_rule"]) == (
        "UBND tỉnh Gia Lai",
        "Gia Lai",
        "SNV",
        "bnv",
    )
    # The current year's form, its responsible units mapped to the province's departments.
    responsible = set(
        Indicator.objects.filter(form__year=2026).exclude(responsible=None).values_list("responsible__code", flat=True)
    )
    assert responsible == {"SNV", "VP", "STP", "STC", "SKHCN"}
    assert Indicator.objects.filter(form__year=2026).count() == 108
    # The Ministry's rule: cut-off on the 14th, due on the 20th.
    q1 = Period.objects.get(code="2026-Q1")
    assert (q1.data_to.isoformat(), q1.deadline.isoformat()) == ("2026-03-14", "2026-03-20")
    assert client.login(username="noivu", password="cchc2021")
    assert client.get("/theo-doi/2026-Q1/").status_code == 200
    assert client.login(username="xa.cv", password="cchc2021")
    # Running it again changes nothing; `cchc init` alone only migrates a province's database.
    counts = (OrgUnit.objects.count(), Indicator.objects.count(), Period.objects.count(), Locality.objects.count())
    cchc("init", "--province", "Gia Lai")
    cchc("init")
    assert (
        OrgUnit.objects.count(),
        Indicator.objects.count(),
        Period.objects.count(),
        Locality.objects.count(),
    ) == counts
    assert not OrgUnit.objects.filter(code="ANKHE").exists()


def test_a_city_is_named_as_a_city(cchc):
    _, wards = _package_wards("Thành phố Huế")
    cchc("init", "--province", "HUE")
    assert OrgUnit.objects.get(code="T46").name == "UBND thành phố Huế"
    assert OrgUnit.objects.get(code="TTR").name == "Thanh tra thành phố"
    assert OrgUnit.objects.filter(kind__in=["ward", "commune"]).count() == len(wards)
    assert cchc("locality", "export").json()["recipients"][0] == "Thường trực Thành ủy (b/c);"


def test_an_unknown_province_lists_the_closest_names(cchc):
    result = cchc("init", "--province", "Quang", expect=2)
    assert "Không có tỉnh, thành phố «Quang»" in result.stderr
    assert "Quảng Ninh" in result.stderr and "Quảng Ngãi" in result.stderr and "Quảng Trị" in result.stderr
    assert "Gần nhất" in cchc("init", "--province", "dak lac", expect=2).stderr
    assert not OrgUnit.objects.exists()


def test_another_localitys_database_is_refused(cchc, ankhe):
    result = cchc("init", "--province", "Gia Lai", expect=1)
    assert "đã khởi tạo cho UBND thị xã An Khê" in result.stderr
    assert not OrgUnit.objects.filter(code="T52").exists()


def test_an_edited_departments_file_is_used(cchc, tmp_path):
    path = tmp_path / "so.csv"
    path.write_text(
        "code,name,kind,leader_title\nSNV,Sở Nội vụ,department,Giám đốc\n"
        "VP,Văn phòng UBND {tier},department,Chánh Văn phòng\nSTP,Sở Tư pháp,department,Giám đốc\n"
        "STC,Sở Tài chính,department,Giám đốc\nSKHCN,Sở Khoa học và Công nghệ,department,Giám đốc\n",
        encoding="utf-8",
    )
    cchc("init", "--province", "Cà Mau", "--departments", str(path))
    assert OrgUnit.objects.filter(kind="department").count() == 5
    path.write_text("code,name,kind,leader_title\nsnv thường,Sở Nội vụ,department,\n", encoding="utf-8")
    assert "không hợp lệ" in cchc("init", "--province", "Cà Mau", "--departments", str(path), expect=1).stderr
