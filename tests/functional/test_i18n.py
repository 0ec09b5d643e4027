"""Languages: URL prefix, Accept-Language redirects, switcher, hreflang, formatting, emails."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from flask import render_template_string
from flask_babel import format_date

from madfam.enums import UserRole
from tests.helpers import login


def _location(response) -> str:
    assert response.status_code == 302, response.status_code
    return response.headers["Location"]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ({"Accept-Language": "pt-BR,pt;q=0.9"}, "/pt/"),
        ({"Accept-Language": "en-US,en;q=0.8"}, "/en/"),
        ({"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"}, "/es/"),
        ({"Accept-Language": "fr"}, "/es/"),
        ({"Accept-Language": "de-DE,fr;q=0.7"}, "/es/"),
        ({}, "/es/"),
    ],
)
def test_root_redirects_to_best_accept_language(client, header, expected):
    response = client.get("/", headers=header)
    assert _location(response) == expected
    assert "Accept-Language" in response.headers.get("Vary", "")


def test_unprefixed_page_redirects_keeping_path_and_query(client):
    response = client.get("/assessment/?ref=mail", headers={"Accept-Language": "en"})
    assert _location(response) == "/en/assessment/?ref=mail"


def test_unprefixed_contact_keeps_the_tier(app, client):
    if "public.contact" not in app.view_functions:
        pytest.skip("the contact page (public.contact) is not built yet")
    response = client.get(
        "/contact?tier=L3_CONSULTING", headers={"Accept-Language": "pt-BR,pt;q=0.9"}
    )
    location = _location(response)
    assert location.startswith("/pt/contact")
    assert location.endswith("?tier=L3_CONSULTING")
    # And the target page exists in that language.
    assert client.get(location).status_code == 200


def test_unknown_language_prefix_is_not_a_page(client):
    assert client.get("/fr/").status_code == 404


def _switcher_links(html: str) -> dict[str, str]:
    block = re.search(r'<ul class="lang-switch".*?</ul>', html, re.S)
    assert block, "page has no language switcher"
    links = re.findall(r'<a href="([^"]+)" hreflang="([a-z]+)"', block.group(0))
    return {lang: href.replace("&amp;", "&") for href, lang in links}


@pytest.mark.parametrize("lang", ["es", "en", "pt"])
def test_html_lang_matches_the_url(client, lang):
    html = client.get(f"/{lang}/").get_data(as_text=True)
    assert f'<html lang="{lang}">' in html


def test_switcher_keeps_page_and_query_string(client):
    html = client.get("/en/assessment/?ref=mail&x=1").get_data(as_text=True)
    links = _switcher_links(html)
    assert links == {
        "es": "/es/assessment/?ref=mail&x=1",
        "en": "/en/assessment/?ref=mail&x=1",
        "pt": "/pt/assessment/?ref=mail&x=1",
    }
    assert re.search(r'hreflang="en" lang="en"\s+aria-current="true"', html)


def test_switcher_from_english_contact_goes_to_spanish_contact(app, client):
    if "public.contact" not in app.view_functions:
        pytest.skip("the contact page (public.contact) is not built yet")
    response = client.get("/en/contact?tier=L3_CONSULTING")
    assert response.status_code == 200
    links = _switcher_links(response.get_data(as_text=True))
    assert links["es"] == "/es/contact?tier=L3_CONSULTING"


def test_following_the_switcher_lands_on_the_same_page(client):
    html = client.get("/en/calculator/").get_data(as_text=True)
    target = _switcher_links(html)["pt"]
    response = client.get(target)
    assert response.status_code == 200
    assert '<html lang="pt">' in response.get_data(as_text=True)


def test_hreflang_alternates_are_absolute(client):
    html = client.get("/pt/assessment/").get_data(as_text=True)
    alternates = dict(
        re.findall(r'<link rel="alternate" hreflang="([a-zA-Z-]+)" href="([^"]+)"', html)
    )
    assert alternates == {
        "es": "http://localhost/es/assessment/",
        "en": "http://localhost/en/assessment/",
        "pt": "http://localhost/pt/assessment/",
        "x-default": "http://localhost/es/assessment/",
    }


def test_admin_login_has_no_public_language_switcher(client):
    html = client.get("/admin/login").get_data(as_text=True)
    assert 'class="lang-switch"' not in html
    assert 'hreflang="pt"' not in html


@pytest.mark.parametrize(("locale", "lang"), [("en", "en"), ("es", "es")])
def test_admin_stays_in_the_users_language(app, make_user, locale, lang):
    user = make_user(UserRole.ADMIN, locale=locale)
    client = app.test_client()
    assert login(client, user.email).status_code == 303
    html = client.get("/admin/", headers={"Accept-Language": "pt-BR"}).get_data(as_text=True)
    assert f'<html lang="{lang}">' in html


# --- Formatting by locale ---------------------------------------------------------------


def _in_request(app, lang: str, source: str, **context) -> str:
    with app.test_request_context(f"/{lang}/"):
        app.preprocess_request()
        return render_template_string(source, **context).replace("\xa0", " ")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("es", "$1,234,567.50"), ("en", "MXN 1,234,567.50"), ("pt", "MXN 1.234.567,50")],
)
def test_money_follows_the_regional_locale(app, db, lang, expected):
    assert _in_request(app, lang, "{{ v|money }}", v=Decimal("1234567.5")) == expected


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("es", "$1,234,567.50"), ("en", "MXN 1,234,567.50"), ("pt", "MXN 1.234.567,50")],
)
def test_emails_format_money_for_the_region(app, db, locale, expected):
    # Emails render under force_locale(<language>), outside any /<lang>/ request.
    from flask_babel import force_locale

    with force_locale(locale):
        amount = render_template_string("{{ v|money }}", v=1234567.5).replace("\xa0", " ")
        number = render_template_string("{{ v|number(2) }}", v=1234567.5)
    assert amount == expected
    assert number == expected.split("$")[-1].removeprefix("MXN").strip()


def test_money_takes_another_currency(app, db):
    assert _in_request(app, "en", "{{ v|money('USD') }}", v=Decimal("99.9")) == "USD 99.90"
    assert _in_request(app, "es", "{{ v|money('USD') }}", v=Decimal("99.9")) == "USD 99.90"


@pytest.mark.parametrize(
    ("lang", "value", "expected"),
    [
        ("es", "250000", "$250,000"),
        ("es", "250000.00", "$250,000"),
        ("es", "250000.5", "$250,000.50"),
        ("en", "0.00", "MXN 0"),
        ("pt", "29050.00", "MXN 29.050"),
        ("pt", "210612.5", "MXN 210.612,50"),
    ],
)
def test_round_amounts_show_no_cents(app, db, lang, value, expected):
    assert _in_request(app, lang, "{{ v|money }}", v=Decimal(value)) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("es", "1,234,567.50"), ("en", "1,234,567.50"), ("pt", "1.234.567,50")],
)
def test_numbers_follow_the_regional_locale(app, db, lang, expected):
    assert _in_request(app, lang, "{{ v|number(2) }}", v=Decimal("1234567.5")) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("es", "9 de marzo de 2025"), ("en", "March 9, 2025"), ("pt", "9 de março de 2025")],
)
def test_dates_follow_the_regional_locale(app, db, lang, expected):
    with app.test_request_context(f"/{lang}/"):
        app.preprocess_request()
        assert format_date(date(2025, 3, 9), "long") == expected


@pytest.mark.parametrize(("lang", "locale"), [("es", "es_MX"), ("en", "en"), ("pt", "pt_BR")])
def test_each_language_uses_its_regional_locale(app, db, lang, locale):
    from flask_babel import get_locale

    with app.test_request_context(f"/{lang}/"):
        app.preprocess_request()
        assert str(get_locale()) == locale


# --- Emails in the visitor's language --------------------------------------------------


def _queue_welcome(locale: str):
    from madfam import jobs
    from madfam.services.outbox import queue_email

    row = queue_email("welcome", "ana@example.com", {"first_name": "Ana"}, locale=locale)
    jobs.commit()
    return row


@pytest.mark.parametrize(
    ("locale", "subject", "greeting"),
    [
        ("pt", "Obrigado por entrar em contato com a MADFAM", "Olá, Ana!"),
        ("es", "Gracias por contactar a MADFAM", "¡Hola, Ana!"),
        ("en", "Thank you for contacting MADFAM", "Hello Ana,"),
    ],
)
def test_email_renders_in_the_language_it_was_queued_in(
    app, db, run_jobs, locale, subject, greeting
):
    from madfam.mail import render_email
    from madfam.models import EmailQueue

    row_id = _queue_welcome(locale).id
    run_jobs()
    db.session.expire_all()
    row = db.session.get(EmailQueue, row_id)
    assert row.data["locale"] == locale
    assert row.subject == subject
    message = render_email(row)
    assert greeting in message.text
    assert greeting in message.html
    assert f'<html lang="{locale}">' in message.html
