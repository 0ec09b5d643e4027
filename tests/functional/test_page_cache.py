"""Public pages kept in the process (madfam.pagecache): a kept page is the page a fresh
render gives — the visitor's language, the release's prices, the flags as this visitor
sees them — with the visitor's own working CSRF token; staff and the admin area are
never served from it, and every view is still counted."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from madfam.models import AnalyticsEvent, Lead
from tests.factories import make_flag
from tests.helpers import VALID, csrf_from, open_form, submit

BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0"}
ON = dict(enabled=True, enabled_dev=True, enabled_staging=True, enabled_prod=True)


@pytest.fixture
def cached(app):
    app.config["PAGE_CACHE_SECONDS"] = 60
    app.extensions["page_cache"].clear()
    yield app.extensions["page_cache"]
    app.config["PAGE_CACHE_SECONDS"] = 0
    app.extensions["page_cache"].clear()


def without_token(html: str) -> str:
    return re.sub(
        r"(csrf_token\"[^>]*value=\"|X-CSRFToken&#34;: &#34;|\"X-CSRFToken\": \")[^\"&]+",
        r"\1",
        html,
    )


def fresh(app, url: str) -> str:
    """The page as rendered with no cache at all."""
    seconds, app.config["PAGE_CACHE_SECONDS"] = app.config["PAGE_CACHE_SECONDS"], 0
    try:
        return app.test_client().get(url).get_data(as_text=True)
    finally:
        app.config["PAGE_CACHE_SECONDS"] = seconds


@pytest.mark.parametrize(
    "url",
    [
        "/es/",
        "/en/",
        "/pt/",
        "/en/services/l3-consulting",
        "/pt/about",
        "/es/privacy",
        "/en/terms",
        "/en/assessment/",
        "/en/calculator/roi?employees=20&salary=300000&lost_pct=30&recovery_pct=60",
        "/pt/calculator/estimate",
    ],
)
def test_a_kept_page_is_the_fresh_page_in_the_visitors_language(app, db, cached, url):
    first = app.test_client().get(url)  # renders and keeps the page
    second = app.test_client().get(url)  # another visitor: served from the cache
    assert len(cached._pages) == 1
    html = second.get_data(as_text=True)
    assert second.status_code == 200
    assert f'lang="{url[1:3]}"' in html
    assert without_token(html) == without_token(fresh(app, url))
    assert csrf_from(second) != csrf_from(first)  # each visitor's own token


def test_the_landing_keeps_each_languages_prices(app, db, cached):
    pages = {
        lang: app.test_client().get(f"/{lang}/").get_data(as_text=True)
        for lang in ["es", "en", "pt"]
    }
    again = {lang: app.test_client().get(f"/{lang}/").get_data(as_text=True) for lang in pages}
    for lang, html in again.items():
        prices = re.findall(r'<p class="price">([^<]+)</p>', html)
        assert prices and prices == re.findall(
            r'<p class="price">([^<]+)</p>', fresh(app, f"/{lang}/")
        )
    assert again["es"] != again["en"]


def test_the_token_on_a_kept_page_posts_for_its_visitor(app, db, cached):
    app.test_client().get("/es/calculator/estimate")  # kept by another visitor
    visitor = app.test_client()
    page = visitor.get("/es/calculator/estimate")
    token = csrf_from(page)
    headers = {"HX-Request": "true", "X-CSRFToken": token}
    answer = visitor.post("/es/contact/field/email", data={"email": "a@b.mx"}, headers=headers)
    assert answer.status_code == 200
    stranger = app.test_client()
    answer = stranger.post("/es/contact/field/email", data={"email": "a@b.mx"}, headers=headers)
    assert answer.status_code == 400


def test_a_flag_switched_on_shows_at_once_on_a_kept_page(app, db, cached):
    assert "talk-panel" not in app.test_client().get("/es/").get_data(as_text=True)
    make_flag("CHAT_SUPPORT", **ON, rollout_percentage=100)
    db.session.commit()
    assert "talk-panel" in app.test_client().get("/es/").get_data(as_text=True)


def test_every_view_of_a_kept_page_is_counted(app, db, cached):
    for _ in range(3):
        app.test_client().get("/en/about", headers=BROWSER).close()
    db.session.expire_all()
    views = db.session.scalar(
        select(func.count()).select_from(AnalyticsEvent).where(AnalyticsEvent.event == "page.view")
    )
    assert views == 3


def test_staff_and_the_admin_area_are_never_served_from_it(app, db, cached, admin_client):
    make_flag("CHAT_SUPPORT", **ON, rollout_percentage=0, user_groups=["staff"])
    db.session.commit()
    assert "talk-panel" not in app.test_client().get("/es/").get_data(as_text=True)
    kept = dict(cached._pages)
    assert admin_client.get("/admin/").status_code == 200
    staff_page = admin_client.get("/es/")
    assert "talk-panel" in staff_page.get_data(as_text=True)  # the staff's own render
    assert admin_client.get("/es/about").status_code == 200
    assert dict(cached._pages).keys() == kept.keys()  # nothing a signed-in visit kept
    assert all(not key[0].startswith("/admin") for key in cached._pages)


def test_a_visitor_with_an_assessment_gets_their_own_start_page(app, db, cached):
    first = app.test_client().get("/es/assessment/")  # kept: nobody has begun
    assert len(cached._pages) == 1
    first_key = next(iter(cached._pages))
    visitor = app.test_client()
    page = visitor.get("/es/assessment/")
    visitor.post("/es/assessment/start", data={"csrf_token": csrf_from(page)})
    step = visitor.get("/es/assessment/step/1")
    visitor.post(
        "/es/assessment/step/1",
        data={"csrf_token": csrf_from(step), "question": "tech_data", "answer": "3"},
    )
    own = visitor.get("/es/assessment/").get_data(as_text=True)
    assert 'href="/es/assessment/step/2"' in own  # resume where they left off
    assert 'href="/es/assessment/step/2"' not in first.get_data(as_text=True)
    assert [key for key in cached._pages if key[0] != "view"] == [first_key]  # not their own


def _begin(app):
    visitor = app.test_client()
    page = visitor.get("/es/assessment/")
    visitor.post("/es/assessment/start", data={"csrf_token": csrf_from(page)})
    return visitor


def test_a_kept_step_shows_each_visitors_own_answer_and_token(app, db, cached):
    first, second = _begin(app), _begin(app)
    step = first.get("/es/assessment/step/1")
    answer = {"csrf_token": csrf_from(step), "question": "tech_data", "answer": "3"}
    assert first.post("/es/assessment/step/1", data=answer).status_code == 303
    again = first.get("/es/assessment/step/1")  # their answer, kept under it
    assert first.get("/es/assessment/step/1").get_data(as_text=True).count("checked") == 1
    other = second.get("/es/assessment/step/1")  # served from the one first kept
    assert second.get("/es/assessment/step/1").get_data(as_text=True).count("checked") == 0
    assert csrf_from(other) != csrf_from(step)
    assert without_token(other.get_data(as_text=True)) == without_token(step.get_data(as_text=True))
    assert "checked" in again.get_data(as_text=True)
    answer = {"csrf_token": csrf_from(other), "question": "tech_data", "answer": "2"}
    assert second.post("/es/assessment/step/1", data=answer).status_code == 303  # token posts
    assert second.get("/es/assessment/step/2").status_code == 200
    stranger = _begin(app)
    assert stranger.post("/es/assessment/step/1", data=answer).status_code == 400


def test_a_kept_contact_page_carries_each_visitors_own_stamp(app, db, cached, instant_form):
    assert submit(app.test_client(), email="first@acme.mx").status_code == 303  # keeps it
    visitor = app.test_client()
    page, hidden = open_form(visitor, "/es/contact")
    assert len(cached._pages) == 1  # served from the cache
    _, again = open_form(visitor, "/es/contact")
    assert again["started"] != hidden["started"]
    payload = {**VALID, "email": "second@acme.mx", **hidden}
    assert visitor.post("/es/contact", data=payload).status_code == 303
    assert visitor.post("/es/contact", data=payload).status_code == 422  # sent once only
    stranger = app.test_client()
    open_form(stranger, "/es/contact")
    stolen = {
        **VALID,
        "email": "third@acme.mx",
        **again,
        "csrf_token": csrf_from(stranger.get("/es/contact")),
    }
    stranger.post("/es/contact", data=stolen)  # another session's stamp: not stored
    db.session.expire_all()
    emails = set(db.session.scalars(select(Lead.email)))
    assert emails == {"first@acme.mx", "second@acme.mx"}
