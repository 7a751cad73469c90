"""A work instruction's picture and a form's download in a real browser, on a phone's width."""

from __future__ import annotations

import pytest

pytest_plugins = ["browser"]  # the shared browser fixtures: page, page_log, browser, site_url
pytestmark = pytest.mark.browser


def test_a_work_instruction_picture_fits_a_phone_and_the_form_downloads(page, site_url, demo_site):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url + "work-instructions/WI-001/", wait_until="networkidle")
    picture = page.locator("article img.qms-picture").first
    picture.scroll_into_view_if_needed()
    assert picture.get_attribute("alt") == "A torque wrench with a green calibration label below it."
    natural, shown = picture.evaluate("img => [img.naturalWidth, img.getBoundingClientRect().width]")
    assert natural == 640 and 0 < shown <= 390  # loaded, and scaled down to the phone's width
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")

    page.goto(site_url + "forms/FRM-001/", wait_until="networkidle")
    link = page.get_by_role("link", name="Download FRM-001-rev-2.docx")
    response = page.request.get(link.evaluate("a => a.href"))
    assert response.ok
    assert response.body() == (demo_site.parent / "data" / "forms" / "files" / "FRM-001.docx").read_bytes()
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
