"""Each worker keeps its database connection between requests (CCHC_CONN_MAX_AGE): opening one per
request — dj-database-url's own default — cost a PostgreSQL backend per request on the 5th."""

import os
import subprocess
import sys

import pytest

READ = "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['CONN_MAX_AGE'])"


def _settings(tmp_path, **env):
    full = {k: v for k, v in os.environ.items() if k != "CCHC_CONN_MAX_AGE"}
    full.update(DJANGO_SETTINGS_MODULE="cchc.settings", CCHC_VAR_DIR=str(tmp_path), **env)
    return subprocess.run([sys.executable, "-c", READ], env=full, capture_output=True, text=True)


def test_connections_are_kept_ten_minutes_by_default(tmp_path):
    done = _settings(tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "600"


@pytest.mark.parametrize("value", ["0", "60"])
def test_the_time_is_configurable(tmp_path, value):
    assert _settings(tmp_path, CCHC_CONN_MAX_AGE=value).stdout.strip() == value


def test_a_bad_value_stops_start_up_naming_the_variable(tmp_path):
    done = _settings(tmp_path, CCHC_CONN_MAX_AGE="mãi mãi")
    assert done.returncode != 0
    assert "CCHC_CONN_MAX_AGE" in done.stderr and "số nguyên" in done.stderr
