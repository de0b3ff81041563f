import pytest


@pytest.fixture
def q1(period):
    return period("2021-Q1")


@pytest.fixture
def ward_a(unit):
    return unit("NGO-MAY")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Personas log in with a real password in a few tests; the default hasher would make each
    # login cost ~0.3 s.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
