"""Thematic (chuyên đề) reports: which unit writes one, on which reform areas, under which words.
The assignment is the locality's data (`thematic`: unit code → areas 1–6, cchc/locality); this is
the one rule the report page, its save and the consolidated narrative read it by."""

from cchc.catalog.narrative import AREAS
from cchc.locality.words import current_locality, thematic_areas


def topic(areas):
    """ "cải cách thể chế", or several areas' names joined: what the report is about, in running text."""
    names = [AREAS[a] for a in areas if a in AREAS]
    return "; ".join(n[:1].lower() + n[1:] for n in names)


def assignment(unit_code, locality=None):
    """(areas, topic) of the unit's thematic report, or None if the unit owes none."""
    areas = thematic_areas(locality or current_locality(), unit_code)
    return (areas, topic(areas)) if areas else None


def assignments(locality=None):
    """{unit code: (areas, topic)} of every unit that owes a thematic report."""
    locality = locality or current_locality()
    return {code: assignment(code, locality) for code in (locality.thematic or {})}
