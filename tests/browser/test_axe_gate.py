"""The accessibility gate: axe-core finds nothing, of any impact, on any page.

Every public page in es, en and pt (the walk of the URL map the i18n test uses, plus
the states a visitor reaches by posting: form errors, every assessment state), and
every GET page of the admin area as an ADMIN (walked from the URL map, so a new page
is checked without being listed here), each in the light and the dark colour scheme.
One browser context per scheme is shared by the module's tests and signed in once.
Set ``AXE_GATE=skip`` to leave this module out of a run (CI runs it in one pass).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import pytest
from axe_playwright_python.sync_playwright import Axe

from madfam import create_app
from madfam.blueprints.admin import PUBLIC_ENDPOINTS
from madfam.enums import UserRole
from madfam.extensions import db as _db
from madfam.models import Availability, Meeting, User
from madfam.seo import LEVELS
from madfam.services.booking.tokens import manage_token
from tests.admin_world import build_world, case_url
from tests.conftest import CSP_LISTENER, _truncate
from tests.factories import make_meeting
from tests.helpers import PASSWORD
from tests.site_pages import public_urls

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(os.environ.get("AXE_GATE") == "skip", reason="AXE_GATE=skip"),
]

SCHEMES = ("light", "dark")
LANGS = ("es", "en", "pt")
AXE = Axe()
# Admin pages that are files, not pages.
NOT_PAGES = {"admin.leads_export", "admin.lead_export"}
STATEFUL = (  # pages reached by posting, in the order a visitor meets them
    "contact-errors",
    "arco-errors",
    "assessment-step",
    "assessment-step-error",
    "assessment-finish",
    "assessment-finish-errors",
    "assessment-results",
    "estimate-errors",
    "book-manage",  # a booked call's emailed link, and the pages it leads to
    "book-move",
    "book-cancel",
    "book-cancelled",
    "book-link-invalid",
)

_APP = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


def _admin_endpoints() -> list[str]:
    endpoints = {
        rule.endpoint
        for rule in _APP.url_map.iter_rules()
        if rule.endpoint.startswith("admin.")
        and "GET" in rule.methods
        and rule.endpoint not in PUBLIC_ENDPOINTS | NOT_PAGES
    }
    return sorted(endpoints)


def _public_pages() -> list[str]:
    urls = public_urls(_APP)
    urls += [f"/{{lang}}/services/{slug}" for slug in LEVELS]
    urls += ["/{lang}/calculator/estimate?project_type=design_3d"]
    return sorted(set(urls))


def _cases() -> list:
    cases = []
    for scheme in SCHEMES:
        cases.append(pytest.param(scheme, "anonymous", "/admin/login", id=f"{scheme}-admin-login"))
        for lang in LANGS:
            for url in _public_pages():
                path = url.format(lang=lang)
                cases.append(pytest.param(scheme, "url", path, id=f"{scheme}-{path}"))
            for state in STATEFUL:
                path = f"/{lang}/{state}"
                cases.append(pytest.param(scheme, "state", path, id=f"{scheme}-{lang}-{state}"))
        for endpoint in _admin_endpoints():
            cases.append(pytest.param(scheme, "admin", endpoint, id=f"{scheme}-{endpoint}"))
    return cases


@dataclass
class Session:
    """A signed-in browser context in one colour scheme, and what its visitor has done."""

    context: object
    page: object
    memo: dict = field(default_factory=dict)


@pytest.fixture(scope="module")
def world(app):
    with app.app_context():
        ids = build_world()
        admin = _db.session.get(User, ids[f"user:{UserRole.ADMIN.value}"])
        ids["admin_email"] = admin.email
        weekly = [[d, 9 * 60, 17 * 60] for d in range(7)]
        _db.session.add(Availability(user_id=admin.id, weekly=weekly, first_calls=True))
        lead = _db.session.get(Meeting, ids["meeting_id"]).lead
        cancelled = make_meeting(lead, admin, status="cancelled")
        with app.test_request_context():
            ids["manage_token"] = manage_token(_db.session.get(Meeting, ids["meeting_id"]))
            ids["cancelled_token"] = manage_token(cancelled)
        _db.session.commit()
    yield ids
    _truncate(app)


@pytest.fixture(scope="module")
def sessions(browser, live_server, world):
    opened = {}

    def get(scheme: str) -> Session:
        if scheme not in opened:
            context = browser.new_context(
                base_url=live_server.url, locale="es-MX", color_scheme=scheme
            )
            context.add_init_script(CSP_LISTENER)
            page = context.new_page()
            page.emulate_media(color_scheme=scheme)
            page.on("dialog", lambda dialog: dialog.accept())  # "Start over?"
            opened[scheme] = Session(context, page)
        return opened[scheme]

    yield get
    for session in opened.values():
        session.context.close()


def _sign_in(session: Session, email: str) -> None:
    if session.memo.get("signed_in"):
        return
    page = session.page
    page.goto("/admin/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/admin/")
    session.memo["signed_in"] = True


def _submit_empty(page, form: str) -> None:
    """Send ``form`` as it is, past the browser's own validation; wait for the errors."""
    page.locator(form).evaluate("f => { f.noValidate = true; f.requestSubmit(); }")
    page.locator(".field-error, [role=alert]").first.wait_for()


def _begin_assessment(page, lang: str) -> None:
    page.goto(f"/{lang}/assessment/")
    page.locator("form[action$='/assessment/start'] button[type=submit]").last.click()
    page.locator("#assessment[data-step='1']").wait_for()


def _ready_to_finish(session: Session, lang: str) -> None:
    """An assessment with every step answered and not yet sent (one per context)."""
    page = session.page
    if not session.memo.get("answered"):
        _begin_assessment(page, lang)
        for n in range(1, 11):
            page.locator("#assessment").locator("input[name=answer]").first.check()
            page.locator("#assessment button[type=submit]").click()
            nxt = f"#assessment[data-step='{n + 1}']" if n < 10 else "input[name=email]"
            page.locator(nxt).wait_for()
        session.memo["answered"] = True
    page.goto(f"/{lang}/assessment/finish")


def _results(session: Session, lang: str) -> None:
    page = session.page
    if "results" not in session.memo:
        _ready_to_finish(session, lang)
        page.locator("input[name=email]").fill("ana@acme.mx")
        page.locator("#assessment button[type=submit]").click()
        page.wait_for_url("**/assessment/results/*")
        session.memo["results"] = page.url.split("/assessment/", 1)[1]
        session.memo.pop("answered")
    page.goto(f"/{lang}/assessment/{session.memo['results']}")


def _open_booking_state(page, lang: str, state: str, world: dict) -> None:
    manage = f"/{lang}/book/manage/{world['manage_token']}"
    if state == "book-manage":
        page.goto(manage)
    elif state == "book-move":
        page.goto(manage)
        page.locator(".book-slots a").first.click()
        page.wait_for_url("**/move/**")
    elif state == "book-cancel":
        page.goto(manage + "/cancel")
    elif state == "book-cancelled":
        page.goto(f"/{lang}/book/manage/{world['cancelled_token']}")
    else:
        page.goto(f"/{lang}/book/manage/no-such-link")


def _open_state(session: Session, lang: str, state: str, world: dict) -> None:
    page = session.page
    if state.startswith("book-"):
        _open_booking_state(page, lang, state, world)
    elif state == "contact-errors":
        page.goto(f"/{lang}/contact")
        _submit_empty(page, "#contact-form")
    elif state == "arco-errors":
        page.goto(f"/{lang}/privacy/request")
        _submit_empty(page, "#arco-form")
    elif state == "assessment-step":
        _begin_assessment(page, lang)
        session.memo.pop("answered", None)
    elif state == "assessment-step-error":
        _begin_assessment(page, lang)
        session.memo.pop("answered", None)
        _submit_empty(page, "#assessment form")
    elif state == "assessment-finish":
        _ready_to_finish(session, lang)
    elif state == "assessment-finish-errors":
        _ready_to_finish(session, lang)
        _submit_empty(page, "#assessment form")
    elif state == "assessment-results":
        _results(session, lang)
    elif state == "estimate-errors":
        page.goto(f"/{lang}/calculator/estimate?project_type=no-such-project&complexity=x")
    else:
        raise AssertionError(state)


@pytest.mark.parametrize(("scheme", "kind", "target"), _cases())
def test_no_axe_violations(app, sessions, world, scheme, kind, target):
    session = sessions(scheme)
    page = session.page
    if kind == "anonymous":
        if session.memo.get("signed_in"):
            pytest.skip("checked before signing in")
        page.goto(target)
    elif kind == "url":
        page.goto(target)
    elif kind == "state":
        lang, state = target.strip("/").split("/", 1)
        _open_state(session, lang, state, world)
    else:
        _sign_in(session, world["admin_email"])
        url, resolved = case_url(app, target, world)
        assert resolved, f"{target}: no row for {url}"
        response = page.goto(url)
        assert response.status == 200, url
    page.wait_for_load_state()
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    results = AXE.run(page)
    assert results.violations_count == 0, (
        f"{page.url}\n"
        + results.generate_report()
        + "\n"
        + str([n["target"] for v in results.response["violations"] for n in v["nodes"]][:10])
    )
