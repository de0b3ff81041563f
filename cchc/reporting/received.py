"""When a report that reached Phòng Nội vụ on paper or through the document system was received — its
submission time for lateness (công văn 158 §2.2). One parser for what people and scripts type (the
receive form on the report page, `cchc import --submitted-at`) and one limit on how far ahead of now it
may be, which actions.receive_report applies to every receipt whatever face it came through."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cchc.office.dates import VN

# Typed as everywhere else in the app (dd/mm/yyyy, 24-hour clock), never the browser's date picker,
# whose format follows the browser's language; ISO 8601 for scripts and the command line.
FORMATS = ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y")
INPUT_FORMAT = "%d/%m/%Y %H:%M"
# The document system's clock and the server's may differ a little, and times are typed to the minute:
# up to a minute ahead of now is now; later than that is a mistake, never a receipt.
FUTURE_TOLERANCE = dt.timedelta(minutes=1)


class ReceivedAtError(ValueError):
    """A receipt time that cannot be read, or lies in the future; `message` in Vietnamese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def parse_received_at(text: str | None) -> dt.datetime:
    """An aware instant from "05/03/2021 16:45" (or with seconds, or a day alone: its first minute) or
    ISO 8601 ("2021-03-05T16:45:00+07:00"); a time written without a zone is Vietnam time, the
    office's clock. Raises ReceivedAtError."""
    raw = " ".join((text or "").split())
    at = None
    for fmt in FORMATS:
        try:
            at = dt.datetime.strptime(raw, fmt)
            break
        except ValueError:
            continue
    if at is None:
        try:
            at = dt.datetime.fromisoformat(raw)
        except ValueError:
            raise ReceivedAtError(
                f"Thời điểm nhận văn bản «{raw}» không hợp lệ; hãy ghi theo dạng ngày/tháng/năm giờ:phút, "
                "ví dụ 05/03/2021 16:45 (hoặc ISO 8601, ví dụ 2021-03-05T16:45:00+07:00)."
            ) from None
    return at if at.tzinfo is not None else at.replace(tzinfo=VN)


def check_received_at(at: dt.datetime, now: dt.datetime | None = None) -> None:
    """ReceivedAtError unless `at` is at most FUTURE_TOLERANCE ahead of `now`."""
    if at > (now or timezone.now()) + FUTURE_TOLERANCE:
        raise ReceivedAtError(
            f"Thời điểm nhận văn bản {at.astimezone(VN):%d/%m/%Y %H:%M} còn ở tương lai; "
            "hãy ghi đúng lúc đã nhận văn bản."
        )


def now_typed() -> str:
    """Now as the receive form shows it to be typed over."""
    return timezone.now().astimezone(VN).strftime(INPUT_FORMAT)
