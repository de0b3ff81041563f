"""`cchc backup FILE` / `cchc restore FILE`: a restore into an empty database gives back every
report exactly — values, narrative, status, revisions, submitted versions — and the accounts."""


def test_it_restores_every_report_into_an_empty_database(scratch, tmp_path):
    source = scratch.new()
    scratch.cchc(source, "init", "--demo")
    # A returned report has two histories (versions, returned reason) worth checking too.
    scratch.cchc(
        source,
        "shell",
        "-c",
        (
            "from cchc.reporting.actions import return_report;"
            "from cchc.reporting.models import Report;"
            "return_report(Report.objects.get(unit__code='TP', period__code='2021-Q1'), by=None, reason='Thiếu số liệu.')"
        ),
    )
    before = scratch.dump(source)
    assert len(before["reports"]) >= 5 and any(r["versions"] for r in before["reports"].values())
    assert before["reports"]["TP 2021-Q1"]["status"] == "returned"

    backup = tmp_path / "cchc.backup"
    scratch.cchc(source, "backup", str(backup))
    assert backup.stat().st_size > 0
    assert not list(tmp_path.glob("*.partial"))

    target = scratch.new()
    done = scratch.cchc(target, "restore", str(backup))
    assert "Đã khôi phục" in done.stderr
    assert scratch.dump(target) == before
    # The restored database works: the API's token endpoint and a command read it.
    assert "NGO-MAY" in scratch.cchc(target, "units", "--format", "json").stdout


def test_it_refuses_a_file_that_is_no_backup(scratch, tmp_path):
    junk = tmp_path / "junk.bak"
    junk.write_bytes(b"not a backup at all")
    target = scratch.new()
    done = scratch.cchc(target, "restore", str(junk), expect=2)
    assert "không phải là tệp sao lưu" in done.stderr
    done = scratch.cchc(target, "restore", str(tmp_path / "missing.bak"), expect=2)
    assert "Không đọc được" in done.stderr
