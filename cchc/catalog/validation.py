"""Checking a report's figures against its form: each value's kind and range, then the form's
cross-row rules (stored with the form as data). Errors block submission; warnings are shown."""

from dataclasses import dataclass, field
from decimal import Decimal

from cchc.office.numbers import NotANumber, format_number, parse_number
from cchc.prebuilt import Prebuilt

from .models import Indicator, ReportForm, ValidationRule

# Read on every save (cchc.prebuilt): the form's version and load time key the spec cache below.
_PUBLISHED_FORM = Prebuilt(lambda year: ReportForm.objects.filter(year=year, published=True), year=int)

MAX_COUNT = Decimal(10) ** 12
ERROR, WARNING = ValidationRule.Severity.ERROR, ValidationRule.Severity.WARNING


@dataclass(frozen=True)
class Issue:
    code: str
    message: str
    severity: str = ERROR
    rule: str = ""  # the cross-row rule that raised it; empty for a problem of one value

    def as_dict(self):
        out = {"code": self.code, "message": self.message}
        if self.rule:
            out["rule"] = self.rule
        return out


@dataclass
class Result:
    values: dict = field(default_factory=dict)  # code -> Decimal, blanks left out
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors

    @property
    def value_errors(self):
        """Errors of single values (not a number, out of range, unknown code): nothing with
        such an error can be stored."""
        return [i for i in self.errors if not i.rule]

    def add(self, issue):
        (self.errors if issue.severity == ERROR else self.warnings).append(issue)

    def as_dict(self):
        return {"errors": [i.as_dict() for i in self.errors], "warnings": [i.as_dict() for i in self.warnings]}

    def by_code(self):
        """{code: [issues]} for showing each message beside its row."""
        out = {}
        for issue in self.errors + self.warnings:
            out.setdefault(issue.code, []).append(issue)
        return out


class FormSpec:
    """What validation needs of a form, read once and kept (the form changes only on reload)."""

    _cache = {}

    def __init__(self, form):
        self.form = form
        self.indicators = {i.code: i for i in form.indicators.select_related("responsible").order_by("position")}
        self.rules = list(form.rules.order_by("position"))

    @classmethod
    def of(cls, form):
        key = (form.pk, form.version, form.loaded_at)
        spec = cls._cache.get(key)
        if spec is None:
            spec = cls._cache[key] = cls(form)
        return spec

    @classmethod
    def for_year(cls, year):
        """The year's form for reporting: a draft (being edited by the coordinator) is not one yet."""
        form = _PUBLISHED_FORM.first(year=year)
        return cls.of(form) if form is not None else None


def check_values(spec, raw_values):
    """Parse and check each value on its own: known code, not a heading, kind and range."""
    result = Result()
    if not isinstance(raw_values, dict):
        result.add(Issue("", "Số liệu phải là một bảng mã chỉ tiêu → giá trị."))
        return result
    for code, raw in raw_values.items():
        code = str(code).strip().rstrip(".")
        ind = spec.indicators.get(code)
        if ind is None:
            result.add(Issue(code, f"Mã chỉ tiêu «{code}» không có trong biểu mẫu năm {spec.form.year}."))
            continue
        if isinstance(raw, str) and raw.strip() == "":
            raw = None
        if ind.kind == Indicator.Kind.HEADING:
            if raw is not None:
                result.add(Issue(code, f"{ind.label} là dòng tiêu đề, không nhập số liệu."))
            continue
        try:
            value = parse_number(raw)
        except NotANumber as exc:
            result.add(Issue(code, f"{ind.label}: {exc}."))
            continue
        if value is None:
            continue
        message = _kind_problem(ind, value)
        if message:
            result.add(Issue(code, f"{ind.label}: {message}"))
            continue
        result.values[code] = value
    return result


def _kind_problem(ind, value):
    if ind.kind == Indicator.Kind.COUNT:
        if value != value.to_integral_value():
            return f"phải là số nguyên (đã nhập {format_number(value)})."
        if value < 0:
            return f"không được âm (đã nhập {format_number(value)})."
        if value > MAX_COUNT:
            return "số quá lớn."
    elif ind.kind == Indicator.Kind.PERCENT:
        if value < 0 or value > 100:
            return f"tỷ lệ phải từ 0 đến 100 (đã nhập {format_number(value)})."
        if value != round(value, 4):
            return "tỷ lệ chỉ lấy tối đa 4 chữ số thập phân."
    elif ind.kind == Indicator.Kind.CHOICE:
        if value != value.to_integral_value() or str(int(value)) not in (ind.choices or {}):
            codes = "; ".join(f"{k} = {v}" for k, v in (ind.choices or {}).items())
            return f"mã «{format_number(value)}» không hợp lệ, chọn một trong: {codes}."
    return None


_OPS = {
    "<=": (lambda a, b: a <= b, "không được lớn hơn"),
    "<": (lambda a, b: a < b, "phải nhỏ hơn"),
    "==": (lambda a, b: a == b, "phải bằng"),
    ">=": (lambda a, b: a >= b, "không được nhỏ hơn"),
    ">": (lambda a, b: a > b, "phải lớn hơn"),
}


def _side(spec, codes, values):
    present = [values[c] for c in codes if c in values]
    if not present:
        return None, ""
    names = " + ".join(spec.indicators[c].label for c in codes)
    return sum(present, Decimal(0)), names


def check_rules(spec, values, previous=None):
    """Apply the form's cross-row rules to parsed values. A rule with a blank side is skipped:
    blank means "not this unit's competence", which no rule can contradict."""
    result = Result(values=values)
    for rule in spec.rules:
        if rule.kind == "jump":
            if previous:
                _check_jump(spec, rule, values, previous, result)
            continue
        left, left_names = _side(spec, rule.left, values)
        if left is None:
            continue
        if rule.constant is not None:
            right, right_names = rule.constant, format_number(rule.constant)
        else:
            right, right_names = _side(spec, rule.right or [], values)
            if right is None:
                continue
        test, words = _OPS[rule.op]
        if test(left, right):
            continue
        if rule.message:
            message = rule.message.format(left=format_number(left), right=format_number(right))
        else:
            message = f"{left_names} ({format_number(left)}) {words} {right_names} ({format_number(right)})."
        result.add(Issue(rule.left[0], message, rule.severity, rule.code))
    return result


def _check_jump(spec, rule, values, previous, result):
    factor = rule.factor or Decimal(3)
    for code in rule.left:
        now, before = values.get(code), previous.get(code)
        if now is None or before is None:
            continue
        now, before = Decimal(now), Decimal(before)
        # Small figures move by large ratios for ordinary reasons (2 → 7 procedures); only
        # flag jumps where at least one side is substantial.
        if max(now, before) < 10:
            continue
        if before == 0 or now == 0 or now > before * factor or now * factor < before:
            ind = spec.indicators[code]
            result.add(
                Issue(
                    code,
                    f"{ind.label}: {format_number(now)} so với {format_number(before)} ở kỳ báo cáo "
                    f"trước — thay đổi bất thường, đề nghị kiểm tra lại.",
                    rule.severity,
                    rule.code,
                )
            )


def validate(spec, raw_values, previous=None):
    """The whole check: values one by one, then the rules on those that parsed."""
    result = check_values(spec, raw_values)
    rules = check_rules(spec, result.values, previous)
    for issue in rules.errors + rules.warnings:
        result.add(issue)
    return result
