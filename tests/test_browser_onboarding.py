"""Onboarding checklists and the role picker in a real browser: ticks survive reloads and
Material's instant navigation, progress and next step update, reset works, the keyboard
alone is enough, and without JavaScript the page is a plain ordered list."""

from __future__ import annotations

import json
import re

import pytest

pytest_plugins = ["browser"]  # the shared browser fixtures: page, page_log, browser, site_url
pytestmark = pytest.mark.browser

PATH_ID = "production-operator"
PATH_URI = f"onboarding/{PATH_ID}/"
STORAGE_KEY = f"qms-onboarding:{PATH_ID}"
STEPS = 10


def tick_box(page, number: int):
    """A step's tick box, found by its accessible name ('Step 3 done Read QP-018 …')."""
    return page.get_by_label(re.compile(rf"^Step {number} done\b"))


def open_path(page, site_url: str) -> None:
    page.goto(site_url + PATH_URI)
    page.locator(".qms-step__tick").first.wait_for()


def state(page) -> dict:
    """What the reader sees: ticked steps, the count, the bar and the next step."""
    return page.evaluate("""() => ({
        ticked: [...document.querySelectorAll('.qms-step__tick')].map(box => box.checked),
        boxes: document.querySelectorAll('.qms-step__tick').length,
        count: document.querySelector('[data-qms-count]').textContent,
        bar: document.querySelector('.qms-onboarding progress').value,
        max: document.querySelector('.qms-onboarding progress').max,
        next: document.querySelector('[data-qms-next]').textContent,
        nextHref: document.querySelector('[data-qms-next] a')?.getAttribute('href') || null,
        doneItems: document.querySelectorAll('li.qms-step--done').length,
        stored: localStorage.getItem('%s'),
    })""" % STORAGE_KEY)


def test_ticks_show_progress_and_survive_a_reload(page, site_url):
    open_path(page, site_url)
    start = state(page)
    assert start["boxes"] == STEPS and not any(start["ticked"])
    assert start["count"] == f"0 of {STEPS} steps done" and start["bar"] == 0 and start["max"] == STEPS
    assert start["next"].startswith("Next: step 1, Read QP-015")
    assert page.locator("[data-qms-progress]").is_visible()

    tick_box(page, 1).check()
    tick_box(page, 3).check()
    ticked = state(page)
    assert ticked["ticked"][:3] == [True, False, True] and sum(ticked["ticked"]) == 2
    assert ticked["count"] == f"2 of {STEPS} steps done" and ticked["bar"] == 2 and ticked["doneItems"] == 2
    assert ticked["next"].startswith("Next: step 2, Meet the Production Manager")
    assert ticked["nextHref"] == "#step-meet-manager"
    assert json.loads(ticked["stored"]) == ["induction", "safety-tour"]

    page.reload()
    page.locator(".qms-step__tick").first.wait_for()
    assert state(page) == ticked


def test_ticks_survive_instant_navigation(page, site_url):
    open_path(page, site_url)
    tick_box(page, 2).check()
    page.evaluate("window.qmsSameDocument = true")  # gone after a full page load
    page.locator("article a[href$='/roles/production-operator/']").first.click()  # Material makes links absolute
    page.wait_for_url("**/roles/production-operator/")
    # the role page's own heading (the onboarding page's heading also starts with "Production Operator")
    page.locator("article.md-content__inner h1#production-operator").wait_for()
    # the onboarding page's list is gone from this page, and the page did not reload
    assert page.locator(".qms-step__tick").count() == 0
    assert page.evaluate("window.qmsSameDocument === true"), "Material's instant navigation is off"

    page.go_back()
    page.wait_for_url(f"**/{PATH_URI}")
    page.locator(f"[data-qms-path='{PATH_ID}'] .qms-step__tick").first.wait_for()
    assert page.evaluate("window.qmsSameDocument === true")
    after = state(page)
    assert after["boxes"] == STEPS  # set up once per visit, never twice
    assert after["ticked"][1] and sum(after["ticked"]) == 1
    assert after["count"] == f"1 of {STEPS} steps done"

    # navigate to another path and back through the menu, still without reloading
    page.locator("nav a[href$='/onboarding/staff/']").first.click()
    page.wait_for_url("**/onboarding/staff/")
    page.locator("[data-qms-path='staff'] .qms-step__tick").first.wait_for()
    assert page.evaluate("document.querySelectorAll('.qms-step__tick:checked').length") == 0  # own ticks
    page.locator(f"nav a[href$='/{PATH_URI}']").first.click()
    page.wait_for_url(f"**/{PATH_URI}")
    page.locator(f"[data-qms-path='{PATH_ID}'] .qms-step__tick").first.wait_for()
    assert state(page)["ticked"][1] and page.evaluate("window.qmsSameDocument === true")


def test_reset_clears_every_tick(page, site_url):
    open_path(page, site_url)
    reset = page.get_by_role("button", name="Clear my ticks")
    assert reset.is_disabled()
    for number in (1, 2, 5):
        tick_box(page, number).check()
    assert state(page)["count"] == f"3 of {STEPS} steps done"
    reset.click()
    cleared = state(page)
    assert not any(cleared["ticked"]) and cleared["bar"] == 0 and cleared["stored"] is None
    assert cleared["count"] == f"0 of {STEPS} steps done" and reset.is_disabled()
    page.reload()
    page.locator(".qms-step__tick").first.wait_for()
    assert not any(state(page)["ticked"])


def test_all_steps_done(page, site_url):
    open_path(page, site_url)
    for number in range(1, STEPS + 1):
        tick_box(page, number).check()
    done = state(page)
    assert done["count"] == f"{STEPS} of {STEPS} steps done" and done["bar"] == STEPS
    assert done["next"].startswith("All steps done")


def tab_until(page, condition: str, key: str = "Tab", limit: int = 400) -> None:
    """Press a key until ``condition`` (JS, about document.activeElement) holds."""
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!({condition}); }})()"):
            return
    raise AssertionError(f"{condition} never got the focus with {key}")


def test_checklist_works_with_the_keyboard_alone(page, site_url):
    open_path(page, site_url)
    tab_until(page, "el.id === 'qms-tick-production-operator-induction'")
    assert page.evaluate("document.activeElement.matches(':focus-visible')")
    page.keyboard.press("Space")
    tab_until(page, "el.id === 'qms-tick-production-operator-meet-manager'")
    page.keyboard.press("Space")
    ticked = state(page)
    assert ticked["ticked"][:3] == [True, True, False] and ticked["count"] == f"2 of {STEPS} steps done"

    # the "next step" link (before the list) takes the focus to that step's tick box
    tab_until(page, "el.closest('[data-qms-next]')", key="Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**#step-safety-tour")
    assert page.evaluate("document.activeElement.id") == "qms-tick-production-operator-safety-tour"
    page.keyboard.press("Space")
    assert state(page)["count"] == f"3 of {STEPS} steps done"

    tab_until(page, "el.matches('[data-qms-reset]')", key="Shift+Tab")
    page.keyboard.press("Enter")
    assert state(page)["count"] == f"0 of {STEPS} steps done"
    assert page.evaluate("document.activeElement.matches('[data-qms-count]')")  # focus stays near


def test_without_javascript_the_path_is_a_readable_ordered_list(browser, site_url):
    from browser import PageLog, watch
    context = browser.new_context(java_script_enabled=False)
    log = PageLog()
    plain = context.new_page()
    watch(plain, log)
    plain.goto(site_url + PATH_URI)
    items = plain.locator("ol.qms-onboarding__steps > li")
    assert items.count() == STEPS
    assert plain.locator("ol.qms-onboarding__steps").evaluate("el => getComputedStyle(el).listStyleType") == "decimal"
    assert all(items.nth(index).is_visible() for index in range(STEPS))
    assert "Read QP-015 Induction of new starters" in items.nth(0).inner_text()
    assert "About 20 min" in items.nth(0).inner_text()
    assert plain.locator(".qms-onboarding input[type=checkbox]").count() == 0
    assert not plain.locator("[data-qms-progress]").is_visible()
    context.close()
    assert not log.problems(), log.problems()


def test_home_page_remembers_the_readers_role(page, site_url):
    page.goto(site_url)
    items = page.locator("[data-qms-role-picker] > li")
    assert items.count() >= 8
    page.locator("[data-qms-role='production-operator'] a", has_text="first weeks").click()
    page.wait_for_url(f"**/{PATH_URI}")
    assert page.evaluate("localStorage.getItem('qms-my-role')") == "production-operator"

    page.goto(site_url)
    first = page.locator("[data-qms-role-picker] > li").first
    assert first.get_attribute("data-qms-role") == "production-operator"
    assert first.inner_text().startswith("Your role")
    page.get_by_role("button", name="Not your role?").click()
    assert page.evaluate("localStorage.getItem('qms-my-role')") is None
    assert "Your role" not in first.inner_text()
