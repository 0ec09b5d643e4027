"""The assessment in a real browser: htmx walk, history, resume, no-JS walk, language switch."""

from __future__ import annotations

import re

import pytest

from madfam.rules import assessment as rules

pytestmark = pytest.mark.browser

KEYS = [q.key for q in rules.QUESTIONS]
CHOICES = [5, 4, 4, 3, 1, 2, 4, 4, 1, 2]  # step 5 is changed to 3 on the way
FINAL = dict(zip(KEYS, CHOICES, strict=True)) | {KEYS[4]: 3}
SECTION = "section#assessment"


def current_step(page) -> str:
    return page.locator(SECTION).get_attribute("data-step")


def wait_for_step(page, step) -> None:
    page.wait_for_selector(f'{SECTION}[data-step="{step}"]')


def choose(page, value: int) -> None:
    page.locator(f'{SECTION} label[for="answer-{value}"]').click()


def answer(page, n: int, value: int) -> None:
    """Answer the step on screen (``n``) and wait for the next one."""
    assert current_step(page) == str(n)
    choose(page, value)
    page.locator(f"{SECTION} button[type=submit]").click()
    wait_for_step(page, n + 1 if n < 10 else "finish")


def marker_survives(page) -> bool:
    return page.evaluate("() => window.__marker === 1")


def set_marker(page) -> None:
    page.evaluate("() => { window.__marker = 1; }")


def start(page, lang: str = "es") -> None:
    page.goto(f"/{lang}/assessment/")
    page.locator(f'{SECTION} form[action$="/assessment/start"] button').click()
    wait_for_step(page, 1)


def finish(page, email: str = "walker@example.com") -> None:
    page.fill("#email", email)
    page.fill("#first_name", "Walker")
    page.locator(f"{SECTION} button[type=submit]").click()
    page.wait_for_selector("#score")


def shown_score(page) -> int:
    return int(page.locator("#score").inner_text())


def test_htmx_walk_with_back_reload_and_resume(page):
    page.goto("/es/assessment/")
    page.wait_for_function("() => window.htmx !== undefined")
    set_marker(page)
    page.locator(f'{SECTION} form[action$="/assessment/start"] button').click()
    wait_for_step(page, 1)
    assert page.url.endswith("/es/assessment/step/1")
    assert page.locator(f"{SECTION} progress").get_attribute("value") == "1"

    for n in range(1, 6):
        answer(page, n, CHOICES[n - 1])
        assert page.url.endswith(f"/es/assessment/step/{n + 1}")
        assert page.locator(f"{SECTION} progress").get_attribute("value") == str(n + 1)
    assert marker_survives(page), "a full page load happened between steps"

    # Back (the button) to step 5, whose answer is shown, and change it
    page.locator(f"{SECTION} a.button[hx-get]").click()
    wait_for_step(page, 5)
    assert page.url.endswith("/es/assessment/step/5")
    assert page.locator(f"{SECTION} input[value='1']").is_checked()
    answer(page, 5, 3)
    assert marker_survives(page)

    # The browser's back button restores the previous step's URL and content
    page.go_back()
    page.wait_for_url(re.compile(r"/es/assessment/step/5$"))
    wait_for_step(page, 5)
    assert page.locator(f"{SECTION} input[value='3']").is_checked()
    page.go_forward()
    page.wait_for_url(re.compile(r"/es/assessment/step/6$"))
    wait_for_step(page, 6)

    answer(page, 6, CHOICES[5])
    assert marker_survives(page)

    # Reload mid-way: the pushed URL is a full page, and the start page resumes at step 7
    page.reload()
    wait_for_step(page, 7)
    assert not marker_survives(page)
    page.goto("/es/assessment/")
    page.wait_for_function("() => window.htmx !== undefined")
    set_marker(page)
    page.locator(f'{SECTION} a.button.primary[href$="/es/assessment/step/7"]').click()
    wait_for_step(page, 7)

    for n in range(7, 11):
        answer(page, n, CHOICES[n - 1])
    assert page.url.endswith("/es/assessment/finish")
    finish(page)
    assert marker_survives(page), "a full page load happened before the results"
    assert "/es/assessment/results/" in page.url
    assert shown_score(page) == rules.score(FINAL)
    assert page.console_errors == []

    # the pushed results URL is a full page of its own
    page.reload()
    assert shown_score(page) == rules.score(FINAL)


def test_walk_without_javascript_gives_same_score(browser, live_server, db):
    context = browser.new_context(
        java_script_enabled=False, base_url=live_server.url, locale="es-MX"
    )
    page = context.new_page()
    try:
        start(page)
        for n in range(1, 6):
            answer(page, n, CHOICES[n - 1])
            assert page.url.endswith(f"/es/assessment/step/{n + 1}")
        page.locator(f"{SECTION} a.button[hx-get]").click()  # Back: a plain link
        wait_for_step(page, 5)
        assert page.locator(f"{SECTION} input[value='1']").is_checked()
        answer(page, 5, 3)
        for n in range(6, 11):
            answer(page, n, CHOICES[n - 1])
        finish(page, email="nojs@example.com")
        assert "/es/assessment/results/" in page.url
        assert shown_score(page) == rules.score(FINAL)
    finally:
        context.close()


def test_language_switch_mid_assessment_keeps_answers(page):
    start(page)
    for n in range(1, 4):
        answer(page, n, CHOICES[n - 1])
    assert current_step(page) == "4"

    page.locator(".lang-switch a[hreflang='en']").click()
    page.wait_for_url(re.compile(r"/en/assessment/step/4$"))
    wait_for_step(page, 4)
    assert "Step 4 of 10" in page.locator(SECTION).inner_text()

    page.locator(f"{SECTION} a.button[hx-get]").click()  # Back to step 3
    wait_for_step(page, 3)
    assert page.url.endswith("/en/assessment/step/3")
    assert page.locator(f"{SECTION} input[value='{CHOICES[2]}']").is_checked()

    answer(page, 3, CHOICES[2])
    answer(page, 4, CHOICES[3])
    answer(page, 5, 3)
    for n in range(6, 11):
        answer(page, n, CHOICES[n - 1])
    finish(page, email="switcher@example.com")
    assert "/en/assessment/results/" in page.url
    assert shown_score(page) == rules.score(FINAL)
    assert page.console_errors == []


def test_start_over_asks_before_discarding_the_answers(page):
    start(page, "en")
    answer(page, 1, 4)
    answer(page, 2, 4)
    page.goto("/en/assessment/")
    messages = []

    def dismiss(dialog):
        messages.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.get_by_role("button", name="Start over").click()
    assert messages and "discarded" in messages[0]
    assert "You have answered 2 of 10 questions." in page.locator(SECTION).inner_text()
    page.get_by_role("link", name="Continue").click()
    wait_for_step(page, 3)

    page.goto("/en/assessment/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Start over").click()
    wait_for_step(page, 1)
    assert page.locator(f"{SECTION} input[name=answer]:checked").count() == 0
    assert page.console_errors == []
