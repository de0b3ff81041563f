"""Units (the embedded default and `cchc units import`) and `cchc user add`."""

from django.http import HttpRequest

from cchc.orgunits.models import Membership, OrgUnit

WARDS = {
    "AN-BINH": "UBND phường An Bình",
    "AN-PHU": "UBND phường An Phú",
    "AN-PHUOC": "UBND phường An Phước",
    "AN-TAN": "UBND phường An Tân",
    "NGO-MAY": "UBND phường Ngô Mây",
    "TAY-SON": "UBND phường Tây Sơn",
}
COMMUNES = {
    "CUU-AN": "UBND xã Cửu An",
    "SONG-AN": "UBND xã Song An",
    "THANH-AN": "UBND xã Thành An",
    "TU-AN": "UBND xã Tú An",
    "XUAN-AN": "UBND xã Xuân An",
}


def test_the_embedded_default_is_an_khe_in_2021(cchc, ankhe):
    units = {u["code"]: u for u in cchc("units", "--format", "json").json()}
    assert units["ANKHE"] == {"code": "ANKHE", "name": "UBND thị xã An Khê", "kind": "town", "parent": None}
    assert {c: u["name"] for c, u in units.items() if u["kind"] == "ward"} == WARDS
    assert {c: u["name"] for c, u in units.items() if u["kind"] == "commune"} == COMMUNES
    departments = {u["name"] for u in units.values() if u["kind"] == "department"}
    for name in (
        "Văn phòng HĐND và UBND thị xã",
        "Phòng Nội vụ",
        "Phòng Tư pháp",
        "Phòng Tài chính – Kế hoạch",
        "Phòng Văn hóa và Thông tin",
        "Phòng Kinh tế",
        "Phòng Tài nguyên và Môi trường",
        "Phòng Lao động – Thương binh và Xã hội",
        "Phòng Giáo dục và Đào tạo",
        "Phòng Y tế",
        "Phòng Quản lý đô thị",
        "Thanh tra thị xã",
    ):
        assert name in departments
    assert all(u["parent"] == "ANKHE" for c, u in units.items() if c != "ANKHE")
    assert not OrgUnit.objects.get(code="ANKHE").reports  # the town consolidates, it does not report to itself


def test_a_province_over_its_communes_loads_at_once_without_code_changes(cchc, ankhe, tmp_path):
    lines = ["code,name,kind,parent", "GIALAI,UBND tỉnh Gia Lai,province,"]
    lines += ["SNV,Sở Nội vụ,department,GIALAI"]
    lines += [f"XA-{n:03d},UBND xã Thứ {n},commune,GIALAI" for n in range(1, 301)]
    lines += ["THON-1,Thôn 1 (tổ dân phố),service,XA-001"]  # any depth
    path = tmp_path / "gialai.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert cchc("units", "import", str(path), "--format", "json").json() == {"created": 303, "updated": 0}
    assert OrgUnit.objects.get(code="THON-1").parent.parent.code == "GIALAI"
    assert not OrgUnit.objects.get(code="GIALAI").reports
    # Idempotent: loading again updates, creates nothing.
    assert cchc("units", "import", str(path), "--format", "json").json() == {"created": 0, "updated": 303}


def test_units_import_takes_children_before_their_parents_and_rewrites_only_what_changed(cchc, ankhe, tmp_path):
    from cchc.audit.models import AuditEntry

    path = tmp_path / "dao-nguoc.csv"
    path.write_text(
        "code,name,kind,parent\nTHON-9,Thôn 9,service,XA-9\nXA-9,UBND xã Chín,commune,TINH-9\n"
        "TINH-9,UBND tỉnh Chín,province,\n",
        encoding="utf-8",
    )
    assert cchc("units", "import", str(path), "--format", "json").json() == {"created": 3, "updated": 0}
    assert OrgUnit.objects.get(code="THON-9").parent.parent.code == "TINH-9"
    cchc("units", "import", str(path))
    assert AuditEntry.objects.filter(action="units.import").latest("at").detail["changed"] == 0
    path.write_text("code,name,kind,parent\nXA-9,UBND xã Chín Mới,commune,ANKHE\n", encoding="utf-8")
    assert cchc("units", "import", str(path), "--format", "json").json() == {"created": 0, "updated": 1}
    moved = OrgUnit.objects.get(code="XA-9")
    assert (moved.name, moved.parent.code) == ("UBND xã Chín Mới", "ANKHE")
    assert AuditEntry.objects.filter(action="units.import").latest("at").detail["changed"] == 1


def test_units_import_is_all_or_nothing_and_names_each_bad_row(cchc, ankhe, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "code,name,kind,parent\nXA-1,UBND xã Một,commune,ANKHE\nxa 2,UBND xã Hai,commune,ANKHE\n"
        "XA-3,,village,KHONG\nXA-1,Trùng,commune,ANKHE\n",
        encoding="utf-8",
    )
    out = cchc("units", "import", str(path), expect=1)
    for fragment in (
        "Dòng 3: mã đơn vị «xa 2» không hợp lệ",
        "Dòng 4: thiếu tên đơn vị",
        "Dòng 4: loại đơn vị «village» không hợp lệ",
        "Dòng 4: đơn vị cấp trên «KHONG» không tồn tại",
        "Dòng 5: mã đơn vị «XA-1» trùng với dòng 2",
    ):
        assert fragment in out.stderr
    assert not OrgUnit.objects.filter(code="XA-1").exists()


def test_units_import_refuses_cycles_and_bad_headers(cchc, ankhe, tmp_path):
    path = tmp_path / "cycle.csv"
    path.write_text("code,name,kind,parent\nA,A,service,B\nB,B,service,A\n", encoding="utf-8")
    assert "không thể là cấp trên của chính nó" in cchc("units", "import", str(path), expect=1).stderr
    path.write_text("ma,ten\nA,B\n", encoding="utf-8")
    assert "Thiếu cột" in cchc("units", "import", str(path), expect=1).stderr
    path.write_bytes(b"\xff\xfe\x00code")
    assert "UTF-8" in cchc("units", "import", str(path), expect=1).stderr
    assert cchc("units", "import", str(tmp_path / "none.csv"), expect=2)


def test_user_add_with_password_from_stdin(cchc, ankhe, client):
    cchc(
        "user",
        "add",
        "cv.tayson",
        "--unit",
        "TAY-SON",
        "--role",
        "staff",
        "--password-stdin",
        stdin="Mat-khau-rat-dai-2021\n",
    )
    m = Membership.objects.get(user__username="cv.tayson")
    assert (m.unit.code, m.role) == ("TAY-SON", "staff")
    assert client.login(request=HttpRequest(), username="cv.tayson", password="Mat-khau-rat-dai-2021")
    assert not m.user.is_staff


def test_user_add_refuses_weak_passwords_unknown_units_and_roles(cchc, ankhe):
    assert (
        "quá ngắn"
        in cchc(
            "user", "add", "x", "--unit", "NV", "--role", "staff", "--password-stdin", stdin="123\n", expect=1
        ).stderr
    )
    assert "Không có đơn vị mã «ZZ»" in cchc("user", "add", "x", "--unit", "ZZ", "--role", "staff", expect=1).stderr
    assert cchc("user", "add", "x", "--unit", "NV", "--role", "boss", expect=2)


def test_a_coordinator_gets_the_admin(cchc, ankhe):
    cchc("user", "add", "nv2", "--unit", "NV", "--role", "coordinator")
    m = Membership.objects.get(user__username="nv2")
    assert m.user.is_staff and m.user.has_perm("orgunits.change_orgunit")
    assert not m.user.has_perm("audit.delete_auditentry")


def test_units_import_updates_existing_units(cchc, ankhe, tmp_path):
    path = tmp_path / "rename.csv"
    path.write_text(
        "code,name,kind,parent,emails\nNGO-MAY,UBND phường Ngô Mây (mới),commune,ANKHE,a@b.vn\n"
        "XA-MOI,UBND xã Mới,commune,NGO-MAY,\n",
        encoding="utf-8",
    )
    assert cchc("units", "import", str(path), "--format", "json").json() == {"created": 1, "updated": 1}
    unit = OrgUnit.objects.get(code="NGO-MAY")
    assert (unit.name, unit.kind, unit.emails, unit.parent.code) == (
        "UBND phường Ngô Mây (mới)",
        "commune",
        "a@b.vn",
        "ANKHE",
    )
    assert OrgUnit.objects.get(code="XA-MOI").parent == unit
