from datetime import date

import pytest

from directives.deadlines import (
    MONTHLY,
    QUARTERLY,
    YEARLY,
    DeadlineError,
    Period,
    parse_deadline,
    parse_recurrence,
    period_containing,
    periods_between,
)


@pytest.mark.parametrize(
    ("wording", "expected"),
    [
        ("Hoàn thành trong tháng 9 năm 2022", date(2022, 9, 30)),
        ("(Hoàn thành trong tháng 10 năm 2022).", date(2022, 10, 31)),
        ("hoan thanh trong thang 9 nam 2022", date(2022, 9, 30)),
        ("HOÀN THÀNH TRONG THÁNG 2 NĂM 2024", date(2024, 2, 29)),
        ("tháng 2/2023", date(2023, 2, 28)),
        ("tháng 12 năm 2022", date(2022, 12, 31)),
        ("trước ngày 31/10/2022", date(2022, 10, 31)),
        ("Báo cáo trước ngày 5/1/2023", date(2023, 1, 5)),
        ("ngày 15.09.2022", date(2022, 9, 15)),
        ("ngày 15 tháng 9 năm 2022", date(2022, 9, 15)),
        ("quý III năm 2022", date(2022, 9, 30)),
        ("trong quý IV/2022", date(2022, 12, 31)),
        ("quý 1 năm 2023", date(2023, 3, 31)),
        ("6 tháng đầu năm 2023", date(2023, 6, 30)),
        ("6 tháng cuối năm 2023", date(2023, 12, 31)),
        ("trong năm 2024", date(2024, 12, 31)),
    ],
)
def test_deadline_wording_becomes_the_last_day_it_allows(wording, expected):
    assert parse_deadline(wording) == expected


@pytest.mark.parametrize("wording", ["", "Thường xuyên", "Định kỳ", "khi có yêu cầu"])
def test_wording_without_a_date_gives_none(wording):
    assert parse_deadline(wording) is None


@pytest.mark.parametrize("wording", ["trước ngày 31/02/2022", "tháng 13 năm 2022", "30/13/2022"])
def test_impossible_dates_are_refused_with_a_vietnamese_message(wording):
    with pytest.raises(DeadlineError, match="không tồn tại"):
        parse_deadline(wording)


@pytest.mark.parametrize(
    ("wording", "recurrence"),
    [
        ("Định kỳ hằng tháng báo cáo", MONTHLY),
        ("báo cáo hàng quý", QUARTERLY),
        ("mỗi năm một lần", YEARLY),
        ("Hoàn thành trong tháng 9 năm 2022", None),
    ],
)
def test_recurrence_wording(wording, recurrence):
    assert parse_recurrence(wording) == recurrence


def test_periods_and_their_labels():
    assert period_containing(MONTHLY, date(2022, 2, 14)) == Period(
        date(2022, 2, 1), date(2022, 2, 28), MONTHLY
    )
    quarter = period_containing(QUARTERLY, date(2022, 8, 1))
    assert (quarter.start, quarter.end, quarter.label) == (
        date(2022, 7, 1),
        date(2022, 9, 30),
        "Quý III/2022",
    )
    assert period_containing(YEARLY, date(2022, 8, 1)).label == "Năm 2022"
    assert period_containing(MONTHLY, date(2022, 9, 3)).label == "Tháng 09/2022"


def test_periods_between_cover_the_range_without_gaps():
    periods = periods_between(MONTHLY, date(2022, 11, 15), date(2023, 2, 1))
    assert [p.label for p in periods] == [
        "Tháng 11/2022",
        "Tháng 12/2022",
        "Tháng 01/2023",
        "Tháng 02/2023",
    ]
    for before, after in zip(periods, periods[1:], strict=False):
        assert (after.start - before.end).days == 1


def test_unknown_recurrence_is_an_error():
    with pytest.raises(ValueError):
        period_containing("weekly", date(2022, 1, 1))
