"""Driving the report page as a browser would: read its hidden fields, post the form back."""

import html
import re

from django.urls import reverse

HIDDEN = re.compile(r'<input type="hidden" name="(revision|loaded-values|loaded-narrative)" value="([^"]*)">')


def report_url(unit="NGO-MAY", period="2021-Q1", name="report"):
    return reverse(name, args=[unit, period])


def page_state(client, unit="NGO-MAY", period="2021-Q1"):
    """The hidden fields of the report page as the user loaded it."""
    response = client.get(report_url(unit, period))
    assert response.status_code == 200, response.status_code
    return {name: html.unescape(value) for name, value in HIDDEN.findall(response.content.decode())}


def post_report(
    client,
    values=None,
    narrative=None,
    *,
    unit="NGO-MAY",
    period="2021-Q1",
    action="save",
    state=None,
    url_name="report",
    extra=None,
):
    """Post the page with `values` ({code: text}) and `narrative` ({"organisation": …, "results": {…}})."""
    state = page_state(client, unit, period) if state is None else state
    data = dict(state)
    data["action"] = action
    for code, text in (values or {}).items():
        data[f"v-{code}"] = text
    for key, text in (narrative or {}).items():
        if key == "results":
            for area, t in text.items():
                data[f"n-results-{area}"] = t
        else:
            data[f"n-{key}"] = text
    data.update(extra or {})
    return client.post(report_url(unit, period, url_name), data)


def row_html(page, code):
    """The whole <tr> of one indicator on the report page."""
    start = page.index(f'<tr id="row-{code}"')
    return page[start : page.index("</tr>", start)]
