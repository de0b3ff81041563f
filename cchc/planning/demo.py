"""The sample plan of the demo (`cchc init --demo`): data/ke-hoach-2021.json, with some progress."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.db import transaction

from cchc.office.dates import VN
from cchc.orgunits.models import OrgUnit

from .actions import record_progress, store_plan
from .deadlines import parse_deadline
from .models import Plan
from .workbook import TaskRow

DEMO_FILE = Path(__file__).resolve().parent / "data" / "ke-hoach-2021.json"


@transaction.atomic
def load_demo_plan(path: str | Path = DEMO_FILE) -> Plan:
    """Load the sample plan unless the year already has one (idempotent). Returns the Plan."""
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    year = doc["year"]
    existing = Plan.objects.filter(year=year).first()
    if existing is not None and existing.tasks.exists():
        return existing
    units = {u.code: u for u in OrgUnit.objects.all()}
    rows = [
        TaskRow(
            row=n,
            area=t["area"],
            stt=t["stt"],
            title=t["title"],
            lead=units[t["lead"]],
            partners=t.get("partners", ""),
            deadline_text=t["deadline"],
            deadline=parse_deadline(t["deadline"], year),
            product=t.get("product", ""),
        )
        for n, t in enumerate(doc["tasks"], start=1)
    ]
    plan, *_ = store_plan(rows, year, title=doc["title"], by="demo", source=path.name)
    tasks = {(t.area, t.title): t for t in plan.tasks.all()}
    for t in doc["tasks"]:
        for p in t.get("progress", []):
            on = dt.date.fromisoformat(p["on"])
            record_progress(
                tasks[(t["area"], t["title"])],
                p["status"],
                on=on,
                note=p.get("note", ""),
                by="demo",
                at=dt.datetime.combine(on, dt.time(16, 0), tzinfo=VN),
            )
    return plan
