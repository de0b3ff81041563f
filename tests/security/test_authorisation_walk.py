"""Every URL of the system, every persona, GET and POST (and the API's own methods): what each may do.

The URL patterns are discovered from the resolver, so a new page is walked the day it is added — and
the test FAILS until EXPECTED (below) says who may use it: nobody adds a page without a permission
decision. Path parameters are filled with real codes: ward A is NGO-MAY (officer_a and leader_a are
its own people, officer_b and leader_b another unit's), the period 2021-Q1 (a draft that passes every
rule) or 2021-H1 (submitted) where the action needs it, the year 2021.

Outcomes: "ok" — let through (the page, a download, a redirect after success, or a refusal about
the input: 400/422); "deny" — 403 or 404 (404 where even the existence of another unit's report is
not told); "login" — sent to a login page (401 on the API); "na" — the method is not offered (405).
A 409 (the report's state or revision) counts as "ok" only where cchc.reporting.access says the
person may do that action to the report (ACTION_OF below); anywhere else it fails: a 409 must never
hide a refusal of the person (the coordinator "signing" a unit's report got a 409 for a stale
revision on the web and a 200 on the API). A 500 fails at once. Each request runs in a savepoint
rolled back afterwards, so every persona meets the same state.
"""

import re
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

ROLES = ("anon", "officer_a", "leader_a", "officer_b", "leader_b", "coordinator", "viewer")
SIGNED_IN = ROLES[1:]


def only(*roles, other="deny"):
    """Expectations: the named roles "ok", anonymous "login", every other signed-in role `other`."""
    out = {r: ("ok" if r in roles else other) for r in SIGNED_IN}
    out["anon"] = "login"
    return out


def everyone(outcome="ok"):
    return {r: outcome for r in ROLES}


EVERYONE_SIGNED_IN = only(*SIGNED_IN)
OWN_AND_TOWN = only("officer_a", "leader_a", "coordinator", "viewer")  # read ward A's report
OWN_WRITERS = only("officer_a", "leader_a", "coordinator")  # write it (viewer reads only)
TOWN = only("coordinator", "viewer")
COORDINATOR = only("coordinator")
NA = {**everyone("na"), "anon": "login"}  # not offered (405) — after the login check

# --- The web app: URL name → {method: {role: outcome}} -------------------------------------------
EXPECTED = {
    "home": {"GET": EVERYONE_SIGNED_IN, "POST": EVERYONE_SIGNED_IN},
    "favicon": {"GET": everyone("ok"), "POST": everyone("ok")},  # a redirect to the static icon
    "login": {"GET": everyone("ok"), "POST": everyone("ok")},
    "logout": {"GET": everyone("na"), "POST": everyone("login")},  # POST only; then back to the login page
    "password_change": {"GET": EVERYONE_SIGNED_IN, "POST": EVERYONE_SIGNED_IN},
    "password_change_done": {"GET": EVERYONE_SIGNED_IN, "POST": NA},
    "unit_reports": {"GET": OWN_AND_TOWN, "POST": OWN_AND_TOWN},
    "report": {"GET": OWN_AND_TOWN, "POST": OWN_WRITERS},
    "report_submit": {"GET": NA, "POST": only("leader_a")},  # only the unit's leader signs
    "report_accept": {"GET": NA, "POST": COORDINATOR},
    "report_return": {"GET": NA, "POST": COORDINATOR},
    "report_receive": {"GET": NA, "POST": COORDINATOR},  # a paper report entered by Phòng Nội vụ
    "report_history": {"GET": OWN_AND_TOWN, "POST": OWN_AND_TOWN},
    "report_template": {"GET": OWN_AND_TOWN, "POST": NA},
    "report_export": {"GET": OWN_AND_TOWN, "POST": NA},
    "report_upload": {"GET": OWN_WRITERS, "POST": OWN_WRITERS},
    "board_current": {"GET": TOWN, "POST": TOWN},
    "board": {"GET": TOWN, "POST": TOWN},
    "dashboard": {"GET": TOWN, "POST": TOWN},
    "dashboard_unit_search": {"GET": TOWN, "POST": NA},  # the unit picker searching as one types
    "consolidation": {"GET": TOWN, "POST": TOWN},
    "consolidation_narrative": {"GET": NA, "POST": COORDINATOR},
    "consolidation_narrative_part": {"GET": TOWN, "POST": NA},  # the units' texts of one part, to read
    "consolidation_indicator": {"GET": TOWN, "POST": TOWN},
    "consolidated_export": {"GET": TOWN, "POST": NA},
    "compliance": {"GET": TOWN, "POST": TOWN},
    "compliance_xlsx": {"GET": TOWN, "POST": TOWN},
    # The plan's pages show every signed-in user the tasks of their own unit; the workbook is the town's.
    "plan_index": {"GET": EVERYONE_SIGNED_IN, "POST": EVERYONE_SIGNED_IN},
    "plan": {"GET": EVERYONE_SIGNED_IN, "POST": EVERYONE_SIGNED_IN},
    "plan_xlsx": {"GET": TOWN, "POST": TOWN},
    "plan_import": {"GET": NA, "POST": COORDINATOR},
    "plan_task_add": {"GET": COORDINATOR, "POST": COORDINATOR},
    # The task's lead unit is ward A: its people report progress on it.
    "plan_progress": {"GET": OWN_AND_TOWN, "POST": OWN_WRITERS},
    "plan_task_edit": {"GET": COORDINATOR, "POST": COORDINATOR},
    "plan_task_delete": {"GET": NA, "POST": COORDINATOR},
    "plan_of": {"GET": EVERYONE_SIGNED_IN, "POST": EVERYONE_SIGNED_IN},
    "plan_of_xlsx": {"GET": TOWN, "POST": TOWN},
    "plan_of_task_add": {"GET": COORDINATOR, "POST": COORDINATOR},
    # The register of tasks assigned by the superior: read by all (a unit sees its own tasks), kept by
    # the coordinator and the unit responsible for 1.3.1 (Văn phòng: none of these personas).
    "register": {"GET": EVERYONE_SIGNED_IN, "POST": EVERYONE_SIGNED_IN},
    "register_import": {"GET": NA, "POST": COORDINATOR},
    "register_task_add": {"GET": COORDINATOR, "POST": COORDINATOR},
    "register_task": {"GET": COORDINATOR, "POST": COORDINATOR},
    "register_task_delete": {"GET": NA, "POST": COORDINATOR},
    # Digital signatures (ký số): the leader in person signs; signed copies are read like the report.
    "report_signed_upload": {"GET": NA, "POST": only("leader_a")},
    "report_signed": {"GET": OWN_AND_TOWN, "POST": NA},
    "consolidated_signed_upload": {"GET": NA, "POST": COORDINATOR},
    "consolidated_seal": {"GET": NA, "POST": COORDINATOR},
    "consolidated_signed": {"GET": TOWN, "POST": NA},
    # The forms of the years and the periods: Phòng Nội vụ's alone (a refused change is a 400/409).
    "forms": {"GET": COORDINATOR, "POST": COORDINATOR},
    "form_copy": {"GET": NA, "POST": COORDINATOR},
    "form_upload": {"GET": NA, "POST": COORDINATOR},
    "form_upload_confirm": {"GET": NA, "POST": COORDINATOR},
    "form_page": {"GET": COORDINATOR, "POST": COORDINATOR},
    "form_publish": {"GET": NA, "POST": COORDINATOR},
    "form_excel": {"GET": COORDINATOR, "POST": COORDINATOR},
    "form_row_add": {"GET": COORDINATOR, "POST": COORDINATOR},
    "form_row_edit": {"GET": COORDINATOR, "POST": COORDINATOR},
    # 1.1.1 holds figures in the walk's reports: removing it is refused as locked (409).
    "form_row_delete": {"GET": NA, "POST": {**COORDINATOR, "coordinator": "locked"}},
    "form_row_move": {"GET": NA, "POST": COORDINATOR},
    "form_rule_add": {"GET": COORDINATOR, "POST": COORDINATOR},
    "form_rule_edit": {"GET": COORDINATOR, "POST": COORDINATOR},
    "form_rule_delete": {"GET": NA, "POST": COORDINATOR},
    "periods_year": {"GET": COORDINATOR, "POST": COORDINATOR},
    "periods_create": {"GET": NA, "POST": COORDINATOR},
    "period_edit": {"GET": NA, "POST": COORDINATOR},
    # Review and follow-up (issue 14).
    "report_compare": {"GET": OWN_AND_TOWN, "POST": OWN_AND_TOWN},
    "board_xlsx": {"GET": TOWN, "POST": TOWN},
    "board_letter": {"GET": COORDINATOR, "POST": COORDINATOR},  # the town's letters are Phòng Nội vụ's
    "reminder_log": {"GET": COORDINATOR, "POST": COORDINATOR},
    "reminder_send": {"GET": NA, "POST": COORDINATOR},
    # Everyone has their own notifications; the one walked is the coordinator's (of H1's submission).
    "notifications": {"GET": EVERYONE_SIGNED_IN, "POST": EVERYONE_SIGNED_IN},
    "notifications_read_all": {"GET": NA, "POST": EVERYONE_SIGNED_IN},
    "notification_open": {"GET": NA, "POST": COORDINATOR},
}

# --- The API (bearer tokens; anonymous gets 401): URL name → {method: {role: outcome}} ------------
REPORT_API = {"GET": OWN_AND_TOWN, "PUT": OWN_WRITERS}  # one route, two names (get_report, put_report)
EXPECTED_API = {
    "openapi-json": {"GET": everyone("ok")},
    "openapi-view": {"GET": everyone("ok")},
    "api-root": {"GET": everyone("deny")},
    "token": {"GET": everyone("na"), "POST": everyone("login")},  # the door itself: a wrong password is 401
    "units": {"GET": EVERYONE_SIGNED_IN},
    "periods": {"GET": EVERYONE_SIGNED_IN},
    "catalog": {"GET": EVERYONE_SIGNED_IN},
    "get_report": REPORT_API,
    "put_report": REPORT_API,
    "submit": {"POST": only("leader_a"), "GET": everyone("na")},  # the unit's leader, as on the web
    "return_": {"POST": COORDINATOR},
    "accept": {"POST": COORDINATOR},
    "consolidation": {"GET": TOWN, "POST": everyone("na")},
    "status": {"GET": TOWN},
    "post_signed": {"POST": only("leader_a")},
    "get_signed": {"GET": OWN_AND_TOWN},
    "diff": {"GET": OWN_AND_TOWN},
    "notifications": {"GET": EVERYONE_SIGNED_IN},
    "notification_read": {"POST": COORDINATOR, "GET": everyone("na")},
}

# --- The admin (/quan-tri/): only the coordinator (is_staff) gets in; others are sent to its login.
# What the coordinator may do per model: "full" (view, add, change, delete), "view" (read only),
# "none" (not shown). The audit log is read-only for everyone: no add, change or delete.
ADMIN_MODELS = {
    "auth.user": "full",
    "auth.group": "none",
    "orgunits.orgunit": "full",
    "orgunits.membership": "full",
    "axes.accessattempt": "none",
    "catalog.reportform": "full",
    "catalog.indicator": "full",
    "catalog.validationrule": "full",
    "reporting.period": "full",
    "reporting.report": "none",
    "audit.auditentry": "view",
    "planning.plantask": "view",  # edited on the plan's own pages, where every change is audited
    "planning.assignedtask": "view",  # edited on the register's own pages, where every change is audited
    # README: the reminders sent are in the admin ("Nhắc hạn"), read only, as is the saved narrative.
    "consolidation.reminderlog": "view",
    "consolidation.consolidatedreport": "view",
    "api.token": "none",
    "signatures.signedpdf": "view",  # written by the signing pages only
    "locality.locality": "single",  # one record per installation: edited, never added again or deleted
}
# Admin pages about no model: the coordinator's outcome per method.
ADMIN_PAGES = {
    "index": {"GET": "ok", "POST": "ok"},
    "password_change": {"GET": "ok", "POST": "ok"},
    "password_change_done": {"GET": "ok", "POST": "na"},
    "jsi18n": {"GET": "ok", "POST": "na"},
    "autocomplete": {"GET": "deny", "POST": "na"},  # 403 without a field to complete
    "view_on_site": {"GET": "deny", "POST": "deny"},  # units have no public page
    "app_list": {"GET": "ok", "POST": "ok"},
    "<catch-all>": {"GET": "deny", "POST": "deny"},
}


def admin_expectations(name, world):
    """{method: {role: outcome}} for an admin URL name."""
    outside = {"anon": "login", **{r: "login" for r in SIGNED_IN if r != "coordinator"}}
    if name == "login":
        return {"GET": everyone("ok"), "POST": everyone("ok")}
    if name == "logout":  # POST only (Django 5); outsiders are simply shown the page
        return {"GET": {**everyone("ok"), "coordinator": "na"}, "POST": {**everyone("ok"), "coordinator": "login"}}
    if name.startswith("<") and name.endswith("<path:object_id>/>"):
        return {m: {**outside, "coordinator": "ok"} for m in ("GET", "POST")}  # redirects to the change page
    if name in ADMIN_PAGES:
        return {m: {**outside, "coordinator": ADMIN_PAGES[name][m]} for m in ("GET", "POST")}
    match = re.match(r"\w+_(changelist|add|change|delete|history|password_change)$", name)
    model = admin_model(name)
    assert match and model, f"admin URL {name!r} is neither a model page nor listed in ADMIN_PAGES"
    assert model in ADMIN_MODELS, f"the admin of {model} has no entry in ADMIN_MODELS"
    rights, page = ADMIN_MODELS[model], match.group(1)
    if rights == "none":
        coordinator = {"GET": "deny", "POST": "deny"}
        if page == "history" and model not in world["admin_objects"]:
            # Django looks the object up before the permission here: "no such object" redirects.
            coordinator = {"GET": "ok", "POST": "ok"}
    elif rights == "full":
        coordinator = {"GET": "ok", "POST": "ok"}
    elif rights == "single":
        allowed = "ok" if page in ("changelist", "change", "history") else "deny"
        coordinator = {"GET": allowed, "POST": allowed}
    else:  # view only: the list, read-only pages and history; no add, change or delete
        coordinator = {
            "GET": "ok" if page in ("changelist", "change", "history") else "deny",
            "POST": "ok" if page in ("changelist", "history") else "deny",
        }
    return {m: {**outside, "coordinator": coordinator[m]} for m in ("GET", "POST")}


ADMIN_MODEL_KEYS = []  # (app_label, model_name), longest first, filled by the fixture


@dataclass
class Route:
    key: str  # URL name ("report", "admin:index", "api:submit") or "<pattern>" for unnamed ones
    namespace: str
    name: str
    pattern: str  # the full pattern, prefixes included


def walk(patterns=None, prefix="", namespace=""):
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace)
        elif isinstance(p, URLPattern):
            pattern = prefix + str(p.pattern)
            name = p.name or ("<catch-all>" if pattern.endswith("(?P<url>.*)$") else f"<{pattern}>")
            key = f"{namespace}:{name}" if namespace else name
            yield Route(key, namespace, name, pattern)


PARAMS = {
    "unit_code": "NGO-MAY",
    "unit": "NGO-MAY",
    "period_code": "2021-Q1",
    "period": "2021-Q1",
    "year": "2021",
    "key": "cchc",
    "code": "1.1.1",
    "fmt": "xlsx",
    "app_label": "orgunits",
    "url": "khong-co/",
    "rule": "hoan-thanh-le-de-ra",
    "direction": "len",
    "part": "kho-khan",
}
# The report must be in the state where the action exists at all, or the refusal would be about
# the state, not the person.
PERIOD_FOR = {
    "report_accept": "2021-H1",
    "report_return": "2021-H1",
    "accept": "2021-H1",
    "return_": "2021-H1",
    "report_history": "2021-H1",
    "report_signed": "2021-H1",
    "get_signed": "2021-H1",
}


# The access action behind each report write: a 409 there is a pass only for a person allowed it.
ACTION_OF = {
    ("report", "POST"): "edit",
    ("report_submit", "POST"): "submit",
    ("report_accept", "POST"): "accept",
    ("report_return", "POST"): "return",
    ("report_receive", "POST"): "receive",
    ("report_upload", "POST"): "edit",
    ("put_report", "PUT"): "edit",
    ("get_report", "PUT"): "edit",
    ("submit", "POST"): "submit",
    ("accept", "POST"): "accept",
    ("return_", "POST"): "return",
}


def allowed_person(personas, role, route, method):
    """Whether the person may do the route's action to ward A's report whatever its state."""
    from cchc.orgunits.models import OrgUnit
    from cchc.reporting import access

    action = ACTION_OF.get((route.name, method))
    if action is None or role == "anon":
        return False
    return access.decide(personas[role], action, OrgUnit.objects.get(code="NGO-MAY"), mind_state=False).allowed


def build_path(route, world):
    pattern = route.pattern
    values = dict(PARAMS)
    if route.name in PERIOD_FOR:
        values["period_code"] = values["period"] = PERIOD_FOR[route.name]
    values["pk"] = str(world["assigned"].pk if route.name.startswith("register_task") else world["task"].pk)
    values["notification_id"] = str(world["notification"].pk)
    if route.namespace == "admin":
        model = admin_model(route.name)
        values["object_id"] = values["id"] = str(world["admin_objects"].get(model, 1))
        values["content_type_id"] = str(world["content_type"])
        values["object_id"] = values["object_id"] if model else str(world["task"].pk)
    pattern = re.sub(r"^\^|\$$", "", pattern.replace("$", "").replace("^", ""))
    pattern = re.sub(r"\(\?P<app_label>[^)]*\)", values["app_label"], pattern)
    pattern = re.sub(r"\(\?P<url>\.\*\)", values["url"], pattern)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], pattern)
    return "/" + path


def admin_model(name):
    for app, model in ADMIN_MODEL_KEYS:
        if name.startswith(f"{app}_{model}_"):
            return f"{app}.{model}"
    return None


def outcome(response):
    status = response.status_code
    assert status < 500, f"{status}: {response.content[:500]!r}"
    if status == 401:
        return "login"
    if status in (301, 302) and re.search(r"/(dang-nhap|quan-tri/login)/", response.get("Location", "")):
        return "login"
    if status in (403, 404):
        return "deny"
    if status == 409:
        return "locked"
    if status == 405:
        return "na"
    return "ok"


@pytest.fixture
def world(personas, good_values):
    """The state every request meets: ward A's 2021-Q1 a valid draft, its 2021-H1 submitted, a plan
    task led by ward A, and one object of each admin model."""
    from axes.models import AccessAttempt
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from cchc.api.models import Token
    from cchc.audit.models import AuditEntry
    from cchc.orgunits.models import OrgUnit
    from cchc.planning.actions import ensure_plan, save_task
    from cchc.planning.register import save_assigned_task
    from cchc.reporting.actions import save_report, submit_report
    from cchc.reporting.models import Period

    ward = OrgUnit.objects.get(code="NGO-MAY")
    save_report(ward, Period.objects.get(code="2021-Q1"), values=good_values, by=personas["officer_a"])
    h1 = save_report(ward, Period.objects.get(code="2021-H1"), values=good_values, by=personas["officer_a"])
    h1 = submit_report(h1, by=personas["leader_a"])
    _signed_copies(ward, h1)
    task = save_task(
        ensure_plan(2021), area=1, stt="1", title="Ban hành kế hoạch CCHC", lead=ward, deadline_text="Quý I"
    )
    assigned = save_assigned_task(
        2021,
        title="Báo cáo rà soát TTHC",
        document="Công văn 1/UBND ngày 5/1/2021",
        advisor=ward,
        deadline_text="31/3/2021",
    )
    tokens = {r: Token.issue(personas[r])[1] for r in SIGNED_IN}
    AccessAttempt.objects.create(
        username="ai-do",
        ip_address="10.0.0.9",
        user_agent="",
        get_data="",
        post_data="",
        http_accept="",
        path_info="/dang-nhap/",
        failures_since_start=1,
        attempt_time=timezone.now(),
    )
    ADMIN_MODEL_KEYS[:] = sorted(
        ((m._meta.app_label, m._meta.model_name) for m in apps.get_models()), key=lambda am: -len(am[0] + am[1])
    )
    objects = {}
    for app, model in ADMIN_MODEL_KEYS:
        first = apps.get_model(app, model).objects.order_by("pk").first()
        if first is not None:
            objects[f"{app}.{model}"] = first.pk
    assert AuditEntry.objects.exists()
    from cchc.notifications.models import Notification

    return {
        "task": task,
        "assigned": assigned,
        "tokens": tokens,
        "admin_objects": objects,
        "values": good_values,
        "notification": Notification.objects.get(user=personas["coordinator"], kind="submitted"),
        "content_type": ContentType.objects.get_for_model(OrgUnit).pk,
    }


def _signed_copies(ward, h1):
    """A signed copy of ward A's 2021-H1 report and of the town's 2021-Q1 report, to download (their
    bytes are never verified on the way out)."""
    from django.utils import timezone

    from cchc.orgunits.models import OrgUnit
    from cchc.reporting.models import Period
    from cchc.signatures.models import SignedPdf

    common = {
        "digest": "sha256:0",
        "content": b"%PDF-1.7",
        "size": 8,
        "sha256": "0",
        "signer_name": "Người ký",
        "uploaded_at": timezone.now(),
    }
    SignedPdf.objects.create(kind="report", unit=ward, period=h1.period, report=h1, revision=1, version=1, **common)
    SignedPdf.objects.create(
        kind="consolidated", unit=OrgUnit.objects.get(code="ANKHE"), period=Period.objects.get(code="2021-Q1"), **common
    )


def request(client, personas, world, role, method, path, api):
    client.logout()
    headers = {}
    if api:
        if role != "anon":
            headers["HTTP_AUTHORIZATION"] = f"Bearer {world['tokens'][role]}"
    elif role != "anon":
        client.force_login(personas[role])
    body = {}
    kwargs = {}
    if not api and method == "POST":
        # What the report page posts: its figures and the revision it was opened at, so that a person
        # who may save or sign gets through (a stale revision would answer 409 to anyone).
        found = re.match(r"/bao-cao/NGO-MAY/(\d{4}-\w+)/", path)
        if found:
            from cchc.reporting.models import Report

            report = Report.objects.filter(unit__code="NGO-MAY", period__code=found.group(1)).first()
            body = {f"v-{code}": str(value) for code, value in world["values"].items()}
            body.update(
                {
                    "reason": "Kiểm tra quyền.",
                    "received_at": "28/02/2021 10:00",
                    "revision": str(report.revision if report else 0),
                }
            )
    if api and method in ("POST", "PUT"):
        body = '{"values": {}, "reason": "Kiểm tra quyền.", "username": "x", "password": "y"}'
        kwargs["content_type"] = "application/json"
    with transaction.atomic():
        response = getattr(client, method.lower())(path, body, **kwargs, **headers)
        transaction.set_rollback(True)
    return outcome(response)


def test_it_lets_each_persona_do_exactly_what_the_table_says(client, personas, world):
    routes = list(walk())
    missing = [r.key for r in routes if r.namespace == "" and r.name not in EXPECTED]
    missing += [r.key for r in routes if r.namespace == "api" and r.name not in EXPECTED_API]
    missing += [r.key for r in routes if r.namespace not in ("", "api", "admin")]
    assert not missing, f"URLs without a permission decision in this test's tables: {missing}"
    stale = set(EXPECTED) - {r.name for r in routes if r.namespace == ""}
    assert not stale, f"table entries for URLs that no longer exist: {stale}"

    wrong = []
    seen = locked = 0
    for route in routes:
        api = route.namespace == "api"
        if route.namespace == "admin":
            table = admin_expectations(route.name, world)
        else:
            table = (EXPECTED_API if api else EXPECTED)[route.name]
        path = build_path(route, world)
        for method, by_role in table.items():
            for role in ROLES:
                wanted = by_role.get(role, "deny")
                got = request(client, personas, world, role, method, path, api)
                seen += 1
                if got == "locked" and wanted == "ok" and allowed_person(personas, role, route, method):
                    locked += 1
                    continue
                if got != wanted:
                    wrong.append(f"{method} {path} as {role}: {got}, expected {wanted}  [{route.key}]")
    assert seen > 500
    assert not wrong, "\n" + "\n".join(wrong)


def test_it_gives_nobody_a_way_to_edit_the_audit_log_in_the_admin(client, personas):
    """Not even a superuser: the log is append-only (the ORM refuses too, but that would be a 500)."""
    from django.contrib.auth import get_user_model

    from cchc.audit.log import record

    entry = record("save", user=personas["officer_a"], unit="NGO-MAY", period="2021-Q1")
    root = get_user_model().objects.create_superuser("root.test", "root@example.vn", None)
    for who in (personas["coordinator"], root):
        client.force_login(who)
        base = f"/quan-tri/audit/auditentry/{entry.pk}"
        assert client.get("/quan-tri/audit/auditentry/").status_code == 200
        assert client.get("/quan-tri/audit/auditentry/add/").status_code == 403
        assert client.post(f"{base}/change/", {"action": "forged"}).status_code == 403
        assert client.get(f"{base}/delete/").status_code == 403
        assert client.post(f"{base}/delete/", {"post": "yes"}).status_code == 403
        r = client.post("/quan-tri/audit/auditentry/", {"action": "delete_selected", "_selected_action": [entry.pk]})
        assert r.status_code in (200, 302)
    from cchc.audit.models import AuditEntry

    assert AuditEntry.objects.get(pk=entry.pk).action == "save"


def test_it_fails_for_a_page_nobody_decided_about(monkeypatch):
    """The guard itself: a URL name missing from the table is reported, not silently skipped."""
    names = {r.name for r in walk() if r.namespace == ""}
    monkeypatch.delitem(EXPECTED, "report")
    assert "report" in names and "report" not in EXPECTED
    missing = [r.key for r in walk() if r.namespace == "" and r.name not in EXPECTED]
    assert missing == ["report"]
