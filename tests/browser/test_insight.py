"""The insight pages in Chromium, the demo office's round and the directorate's national view:
axe and the contrast check pass, the charts are images with names, and at 200 % zoom (a 640 px
wide window) no chart is wider than the page."""

from __future__ import annotations

import re

import pytest

from tests.helpers.axe import assert_accessible
from tests.helpers.browser import login, login_office
from tests.helpers.contrast import assert_contrast

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _open_insight(page) -> None:
    login_office(page, "saksbehandler", "**/saksbehandler/")
    page.get_by_role("link", name=re.compile("Kommunalt rusarbeid 2021")).click()
    page.wait_for_url("**/runde/*")
    page.get_by_role("link", name=re.compile("^Innsikt")).click()
    page.wait_for_url("**/innsikt")


def test_the_demo_rounds_charts_pass_axe_and_the_contrast_check(page, live_server):
    _open_insight(page)
    assert page.locator("h1").inner_text().startswith("Innsikt")
    charts = page.get_by_role("img")
    names = [charts.nth(i).get_attribute("aria-labelledby") for i in range(charts.count())]
    assert len([n for n in names if n and n.startswith("chart-")]) == 5  # the demo has history
    assert page.get_by_role("img", name=re.compile("^Måloppnåelse")).count() == 1
    assert_accessible(page)
    assert_contrast(page)


def test_at_200_percent_zoom_every_chart_fits_the_window(page, live_server):
    page.set_viewport_size({"width": 640, "height": 900})  # a 1280 px window at 200 %
    _open_insight(page)
    widest = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('svg.chart')]"
        ".map((s) => s.getBoundingClientRect().right))"
    )
    assert widest <= page.evaluate("() => document.documentElement.clientWidth")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 640
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, 640])  # 640: a 1280 px window at 200 %
def test_the_national_charts_pass_axe_and_the_contrast_check(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "direktoratet")
    page.goto("/direktoratet/kommunalt_rusarbeid/2021")
    page.get_by_role("link", name="Innsikt", exact=True).click()
    page.wait_for_url("**/innsikt")
    charts = page.locator('svg[role="img"]')
    assert charts.count() >= 3
    assert page.get_by_text("Statsforvalteren i Vestland").first.is_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert_accessible(page)
    assert_contrast(page)
