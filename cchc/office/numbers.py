"""Numbers as Vietnamese people write them: "1.234" is 1234, "95,5" and "95,5%" are 95.5."""

import re
from decimal import Decimal, InvalidOperation

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_DOT_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
_SPACE_THOUSANDS = re.compile(r"^[+-]?\d{1,3}( \d{3})+(,\d+)?$")
_PLAIN = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


class NotANumber(ValueError):
    pass


def parse_number(raw):
    """A Decimal from what a person typed, or None for a blank. Raises NotANumber.

    The dot groups thousands and the comma marks decimals (Vietnamese practice); a lone dot that
    does not group thousands ("95.5", as a computer writes it) is a decimal point. A trailing "%"
    is allowed; the figure is read as written ("95,5%" is 95.5, not 0.955).
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise NotANumber("giá trị đúng/sai không phải là số")
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise NotANumber("không phải là số hữu hạn")
        return Decimal(repr(raw))
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise NotANumber("không phải là số hữu hạn")
        return raw
    text = str(raw).strip().replace("\u2212", "-")
    text = _SPACES.sub(" ", text)
    if text.endswith("%"):
        text = text[:-1].rstrip()
    if text == "":
        return None
    if _SPACE_THOUSANDS.match(text):
        text = text.replace(" ", "")
    if " " in text:
        raise NotANumber(f"«{raw}» không phải là số")
    if _DOT_THOUSANDS.match(text):
        text = text.replace(".", "").replace(",", ".")
    elif _PLAIN.match(text):
        text = text.replace(",", ".")
    else:
        raise NotANumber(f"«{raw}» không phải là số")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise NotANumber(f"«{raw}» không phải là số") from None
    return value


def format_number(value, decimals=None):
    """Vietnamese display: 1234 → "1.234", 95.5 → "95,5". None → ""."""
    if value is None:
        return ""
    value = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if decimals is not None:
        value = round(value, decimals)
    sign = "-" if value < 0 else ""
    value = abs(value)
    normal = value.normalize() if value == value.to_integral_value() else value
    # format(…, "f") writes an integral value out in full ("1E+2" → "100"); quantize() would raise
    # beyond the context's 28 digits (-1e28 typed into a count).
    text = format(normal, "f")
    whole, _, frac = text.partition(".")
    frac = frac.rstrip("0")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = ".".join(groups)
    return sign + out + ("," + frac if frac else "")


def format_percent(value, decimals=2):
    return "" if value is None else format_number(value, decimals) + "%"


def format_megabytes(size):
    """A byte count in megabytes to one decimal, as people read file sizes: 5242880 → "5", 5452595 → "5,2"."""
    return format_number(Decimal(size) / Decimal(1024 * 1024), 1)
