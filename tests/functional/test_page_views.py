"""Cookieless first-party analytics: page views recorded server-side after the response,
a daily visitor hash instead of a cookie, DNT and Sec-GPC honoured, conversions."""

import logging
import re

import pytest
from sqlalchemy import select

from madfam.models import AnalyticsEvent
from madfam.services.analytics import record_event
from tests.helpers import submit


def load(client, *args, **kwargs):
    """A page as a WSGI server serves it: the response is closed once sent, which is
    when the page view is written."""
    response = client.open(*args, **kwargs)
    response.close()
    return response


BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0"}


def events(db, name=None):
    db.session.expire_all()
    query = select(AnalyticsEvent).order_by(AnalyticsEvent.created_at)
    if name:
        query = query.where(AnalyticsEvent.event == name)
    return list(db.session.scalars(query))


def test_a_full_page_load_is_one_page_view_with_path_referrer_utm_and_language(client, db):
    response = load(
        client,
        "/en/calculator/roi?utm_source=news&utm_campaign=spring&email=x@y.z",
        headers={**BROWSER, "Referer": "https://www.Google.com/search?q=madfam+ai"},
    )
    assert response.status_code == 200
    [view] = events(db, "page.view")
    assert view.properties == {
        "path": "/en/calculator/roi",
        "referrer_host": "google.com",
        "language": "en",
        "utm": {"utm_source": "news", "utm_campaign": "spring"},
    }
    assert re.fullmatch(r"[0-9a-f]{32}", view.session_id)
    assert view.ip_address and "127.0.0.1" not in view.ip_address
    assert "q=madfam" not in (view.referrer or "") and "x@y.z" not in str(view.properties)


def test_one_visitor_keeps_one_session_id_and_another_gets_another(app, db):
    for _ in range(2):
        load(app.test_client(), "/es/", headers=BROWSER)  # no cookie carried over
    load(app.test_client(), "/es/", headers={"User-Agent": BROWSER["User-Agent"] + " Edge"})
    ids = [e.session_id for e in events(db, "page.view")]
    assert len(ids) == 3 and ids[0] == ids[1] != ids[2]
    # one visit.started per visit, with its landing page
    visits = events(db, "visit.started")
    assert sorted(v.session_id for v in visits) == sorted({ids[0], ids[2]})
    assert {v.properties["page"] for v in visits} == {"/es/"}


@pytest.mark.parametrize(
    ("method", "path", "headers"),
    [
        ("GET", "/es/", {"HX-Request": "true"}),
        ("GET", "/es/", {"User-Agent": "Googlebot/2.1 (+http://www.google.com/bot.html)"}),
        ("GET", "/es/", {"User-Agent": ""}),
        ("GET", "/es/", {"DNT": "1"}),
        ("GET", "/es/", {"Sec-GPC": "1"}),
        ("HEAD", "/es/", {}),
        ("GET", "/es/no-such-page", {}),
        ("GET", "/admin/login", {}),
        ("GET", "/healthz", {}),
        ("GET", "/sitemap.xml", {}),
    ],
)
def test_no_page_view_for_fragments_bots_refusals_head_errors_admin(
    client, db, method, path, headers
):
    load(client, path, method=method, headers={**BROWSER, **headers})
    assert events(db) == []


def test_a_failed_recording_never_fails_the_page(client, db, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("database is gone")

    monkeypatch.setattr("madfam.services.analytics.record_page_views", broken)
    with caplog.at_level(logging.ERROR, logger="madfam.pageviews"):
        response = load(client, "/es/", headers=BROWSER)
    assert response.status_code == 200
    assert "page view not recorded" in caplog.text


def test_a_new_lead_is_a_conversion_with_its_page_and_campaign(client, db, instant_form):
    client.environ_base["HTTP_USER_AGENT"] = BROWSER["User-Agent"]
    load(client, "/es/contact?utm_source=li&utm_medium=social&utm_campaign=q3")
    assert submit(client).status_code == 303
    [conversion] = events(db, "conversion.lead")
    assert conversion.properties["page"] == "/es/contact"
    assert conversion.properties["campaign"] == "q3"
    [visit] = events(db, "visit.started")
    assert visit.properties == {"page": "/es/contact", "campaign": "q3", "referrer_host": None}
    assert conversion.session_id == visit.session_id  # the funnel joins on it


def test_do_not_track_records_no_event_but_keeps_the_lead(client, db, instant_form):
    client.environ_base.update(HTTP_USER_AGENT=BROWSER["User-Agent"], HTTP_DNT="1")
    response = submit(client)
    assert response.status_code == 303
    assert events(db) == []


def test_event_names_are_dot_notation(app, db):
    with pytest.raises(ValueError):
        record_event("PageView")
    with pytest.raises(ValueError):
        record_event("lead_created")
    assert record_event("calculator.saved") is not None


def test_batched_views_are_written_together_with_one_visit_start_per_visitor(
    app, client, db, monkeypatch
):
    from madfam.pageviews import Batch

    batch = Batch(app, seconds=3600)
    monkeypatch.setitem(app.extensions, "page_view_batch", batch)
    for path in ("/es/", "/es/about", "/es/contact"):
        load(client, path, headers=BROWSER)
    load(client, "/en/", headers={"User-Agent": BROWSER["User-Agent"] + " Other"})
    assert events(db) == []  # nothing written until the batch is
    batch.flush()
    views = events(db, "page.view")
    assert sorted(v.properties["path"] for v in views) == [
        "/en/",
        "/es/",
        "/es/about",
        "/es/contact",
    ]
    started = events(db, "visit.started")
    assert sorted(s.properties["page"] for s in started) == ["/en/", "/es/"]
    load(client, "/es/privacy", headers=BROWSER)
    batch.flush()
    assert len(events(db, "visit.started")) == 2  # the visit had started already
