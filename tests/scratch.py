"""Scratch databases of a test's own, beside the test database: SQLite files in a temporary folder,
or, when the suite runs on PostgreSQL (DATABASE_URL), databases created on the same server and dropped
afterwards. For tests that run `cchc` or a bench script as a subprocess against a real database."""

import json
import os
import subprocess
import sys
import uuid

import dj_database_url

REPORTS_DUMP = r"""
import json, django
django.setup()
from cchc.reporting.models import Report
from cchc.audit.models import AuditEntry
from django.contrib.auth import get_user_model
out = {"reports": {}, "audit": AuditEntry.objects.count(), "users": sorted(get_user_model().objects.values_list("username", flat=True))}
for r in Report.objects.select_related("unit", "period").order_by("unit__code", "period__code"):
    out["reports"][r.unit.code + " " + r.period.code] = {
        "status": r.status, "revision": r.revision, "narrative": r.narrative,
        "values": {c: str(v) for c, v in r.values.values_list("indicator__code", "value")},
        "first_submitted_at": r.first_submitted_at, "submitted_at": r.submitted_at, "signed_by": r.signed_by_name,
        "versions": [[v.number, v.values, v.narrative, v.submitted_at] for v in r.versions.order_by("number")]}
print(json.dumps(out, default=str, sort_keys=True))
"""


def on_postgresql():
    return os.environ.get("DATABASE_URL", "").startswith("postgres")


class Scratch:
    """Fresh empty databases for one test; `env(url)` is the environment a `cchc` process needs."""

    def __init__(self, tmp_path):
        self.tmp_path = tmp_path
        self.created = []

    def new(self):
        if not on_postgresql():
            return f"sqlite:///{self.tmp_path / f'db-{len(self.created)}.sqlite3'}"
        import psycopg

        base = dj_database_url.parse(os.environ["DATABASE_URL"])
        name = f"{os.environ.get('CCHC_TEST_DB_NAME', 'test')}_scratch_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(self._admin_url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        userinfo = base["USER"] + (f":{base['PASSWORD']}" if base.get("PASSWORD") else "")
        return f"postgresql://{userinfo}@{base['HOST']}:{base['PORT'] or 5432}/{name}"

    def _admin_url(self):
        base = dj_database_url.parse(os.environ["DATABASE_URL"])
        userinfo = base["USER"] + (f":{base['PASSWORD']}" if base.get("PASSWORD") else "")
        return f"postgresql://{userinfo}@{base['HOST']}:{base['PORT'] or 5432}/postgres"

    def drop_all(self):
        if not self.created:
            return
        import psycopg

        with psycopg.connect(self._admin_url(), autocommit=True) as conn:
            for name in self.created:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def env(self, url, **extra):
        env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)}
        env.update(
            DATABASE_URL=url,
            CCHC_VAR_DIR=str(self.tmp_path / "var"),
            CCHC_SECRET_KEY="test-" + "k" * 50,
            DJANGO_SETTINGS_MODULE="cchc.settings",
            PYTHONUNBUFFERED="1",
            **extra,
        )
        return env

    def cchc(self, url, *argv, expect=0, timeout=120):
        done = subprocess.run(
            [sys.executable, "-c", "import sys; from cchc.cli import main; sys.exit(main())", *argv],
            env=self.env(url),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert done.returncode == expect, f"cchc {' '.join(argv)} → {done.returncode}\n{done.stdout}\n{done.stderr}"
        return done

    def dump(self, url):
        """Every report of the database with its values, narrative, status and versions, as JSON."""
        done = subprocess.run(
            [sys.executable, "-c", REPORTS_DUMP], env=self.env(url), capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)
