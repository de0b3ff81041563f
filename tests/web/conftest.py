import pytest


@pytest.fixture
def q1(period):
    return period("2021-Q1")


@pytest.fixture
def ward_a(unit):
    return unit("NGO-MAY")
