"""The deadline phrases of plan appendices, read with the plan's year as context."""

import datetime as dt

import pytest

from cchc.planning.deadlines import DeadlineError, parse_deadline

D = dt.date


@pytest.mark.parametrize(
    "phrase, expected",
    [
        ("Quý I/2021", D(2021, 3, 31)),
        ("Quý II/2021", D(2021, 6, 30)),
        ("Quý III/2021", D(2021, 9, 30)),
        ("Quý IV/2021", D(2021, 12, 31)),
        ("quý 1", D(2021, 3, 31)),
        ("Quý I năm 2021", D(2021, 3, 31)),
        ("trong quý II", D(2021, 6, 30)),
        ("QUÝ IV NĂM 2021", D(2021, 12, 31)),
        ("Hoàn thành trong Quý III/2021", D(2021, 9, 30)),
        ("Tháng 9/2021", D(2021, 9, 30)),
        ("Tháng 9", D(2021, 9, 30)),
        ("tháng 02/2021", D(2021, 2, 28)),
        ("Tháng 9 - 10/2021", D(2021, 10, 31)),
        ("Trước ngày 15/3/2021", D(2021, 3, 15)),
        ("trước 30/6", D(2021, 6, 30)),
        ("6 tháng đầu năm", D(2021, 6, 30)),
        ("6 tháng đầu năm 2021", D(2021, 6, 30)),
        ("6 tháng cuối năm", D(2021, 12, 31)),
        ("Năm 2021", D(2021, 12, 31)),
        ("Cả năm", D(2021, 12, 31)),
        ("Trong năm 2021", D(2021, 12, 31)),
        ("15/3/2021", D(2021, 3, 15)),
        ("15-03-2021", D(2021, 3, 15)),
        ("2021-03-15", D(2021, 3, 15)),
        ("15/3", D(2021, 3, 15)),
        ("ngày 15 tháng 3 năm 2021", D(2021, 3, 15)),
        (dt.datetime(2021, 3, 15, 0, 0), D(2021, 3, 15)),
        (D(2021, 3, 15), D(2021, 3, 15)),
        (44270, D(2021, 3, 15)),
        ("Quý I/2022", D(2022, 3, 31)),
        ("Thường xuyên", None),
        ("THƯỜNG XUYÊN", None),
        ("Thường xuyên, liên tục", None),
        ("Hàng quý", None),
    ],
)
def test_it_reads_the_phrase(phrase, expected):
    assert parse_deadline(phrase, 2021) == expected


def test_the_year_comes_from_the_plan_when_the_phrase_has_none():
    assert parse_deadline("Quý I", 2024) == D(2024, 3, 31)
    assert parse_deadline("Tháng 2", 2024) == D(2024, 2, 29)
    assert parse_deadline("6 tháng đầu năm", 2022) == D(2022, 6, 30)


@pytest.mark.parametrize("phrase", ["", None, "Sớm", "Quý V/2021", "Tháng 13/2021", "31/2/2021", "Quý I/1850", "12"])
def test_it_refuses_what_it_cannot_read(phrase):
    with pytest.raises(DeadlineError):
        parse_deadline(phrase, 2021)
