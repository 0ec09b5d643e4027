"""The footer, the privacy notice and the terms: company details and retention periods
from the settings, the real cookie, and the notice linked from every personal-data form."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from madfam.i18n import LANGUAGES
from madfam.rules.assessment import QUESTIONS
from tests.helpers import csrf_from


def public_urls(app) -> list[str]:
    """Every public GET page without arguments other than the language, and a 404."""
    urls = {
        re.sub(r"^/<[^>]*:lang>", "/{lang}", rule.rule)
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and rule.arguments == {"lang"}
    }
    return sorted(urls) + ["/{lang}/no-such-page"]


NOTICE_TITLES = {
    "es": "Aviso de privacidad integral",
    "en": "Privacy notice",
    "pt": "Política de Privacidade",
}
TERMS_TITLES = {"es": "Términos de uso", "en": "Terms of use", "pt": "Termos de uso"}


@pytest.fixture
def company(app, monkeypatch):
    """Recognisable company details, so the pages can be seen to render the settings."""
    values = {
        "CONTACT_EMAIL": "hola@empresa-prueba.mx",
        "CONTACT_PHONE": "+52 33 9876 5432",
        "WHATSAPP_NUMBER": "5213398765432",
        "COMPANY_ADDRESS": "Av. Vallarta 77, Guadalajara, Jalisco",
        "COMPANY_LEGAL_NAME": "Prueba Legal S.A.P.I. de C.V.",
        "COMPANY_TAX_ID": "PLE010203AB4",
        "PRIVACY_OFFICER_EMAIL": "datos@empresa-prueba.mx",
        "ANALYTICS_RETENTION_DAYS": 123,
        "ABANDONED_RETENTION_DAYS": 45,
        "PRIVACY_REQUEST_DUE_BUSINESS_DAYS": 17,
    }
    for key, value in values.items():
        monkeypatch.setitem(app.config, key, value)
    return values


def _footer(page: str) -> str:
    match = re.search(r'<footer class="site-footer">.*?</footer>', page, re.S)
    assert match, "no site footer"
    return match.group(0)


def test_the_footer_shows_the_company_on_every_public_page(app, client, company):
    urls = public_urls(app)
    assert "/{lang}/privacy" in urls and "/{lang}/privacy/request" in urls
    for template in urls:
        for lang in LANGUAGES:
            url = template.format(lang=lang)
            response = client.get(url, follow_redirects=True)
            footer = _footer(response.get_data(as_text=True))
            assert 'href="mailto:hola@empresa-prueba.mx"' in footer, url
            assert 'href="tel:+523398765432"' in footer, url
            assert "Av. Vallarta 77, Guadalajara, Jalisco" in footer, url
            assert "Prueba Legal S.A.P.I. de C.V." in footer and "PLE010203AB4" in footer, url
            for endpoint in ("privacy", "terms", "privacy/request"):
                assert f'href="/{lang}/{endpoint}"' in footer, (url, endpoint)
            for code in LANGUAGES:
                assert f'hreflang="{code}"' in footer, url


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_whatsapp_link_opens_a_chat_with_a_translated_greeting(client, company, lang):
    footer = _footer(client.get(f"/{lang}/").get_data(as_text=True))
    href = re.search(r'href="(https://wa\.me/[^"]+)"', footer).group(1).replace("&amp;", "&")
    parts = urlsplit(href)
    assert parts.path == "/5213398765432"
    text = parse_qs(parts.query)["text"][0]
    greeting = {"es": "Hola MADFAM", "en": "Hello MADFAM", "pt": "Olá MADFAM"}[lang]
    assert unquote(text).startswith(greeting)


def test_staff_pages_keep_a_plain_footer(admin_client):
    page = admin_client.get("/admin/").get_data(as_text=True)
    assert "site-footer--admin" in page and "wa.me" not in page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_privacy_notice_renders_the_settings_and_the_real_cookie(app, client, company, lang):
    response = client.get(f"/{lang}/privacy")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert NOTICE_TITLES[lang] in page
    for key in ("COMPANY_LEGAL_NAME", "COMPANY_TAX_ID", "COMPANY_ADDRESS"):
        assert company[key] in page, key
    assert 'href="mailto:datos@empresa-prueba.mx"' in page
    assert f'href="/{lang}/privacy/request"' in page
    # retention periods and the deadline are the settings' values
    assert re.search(r"\b123\b", page) and re.search(r"\b45\b", page)
    assert re.search(r"\b17\b", page)
    # the one cookie the site sets is named, with the CSRF token's lifetime
    cookie = app.config.get("SESSION_COOKIE_NAME") or "session"
    assert f"<code>{cookie}</code>" in page
    assert str(app.config["WTF_CSRF_TIME_LIMIT"] // 3600) in page
    # the real email provider
    assert "Resend" in page and "n8n" in page and "Slack" in page


def test_the_notice_names_the_provider_in_use(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "smtp")
    page = client.get("/es/privacy").get_data(as_text=True)
    assert "SMTP" in page and "Resend" not in page
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "resend")
    page = client.get("/en/privacy").get_data(as_text=True)
    assert "Resend (United States)" in page


def test_the_portuguese_policy_follows_the_lgpd(client, company):
    page = client.get("/pt/privacy").get_data(as_text=True)
    for phrase in ("LGPD", "Encarregado", "art. 18", "art. 33", "ANPD", "Base legal"):
        assert phrase in page, phrase


def test_the_cookie_the_notice_names_is_the_only_one_set(app, client):
    """Every public page and form flow sets at most the session cookie."""
    cookie = app.config.get("SESSION_COOKIE_NAME") or "session"
    names = set()
    for template in public_urls(app):
        for lang in LANGUAGES:
            response = client.get(template.format(lang=lang))
            for header in response.headers.getlist("Set-Cookie"):
                names.add(header.split("=", 1)[0])
    response = client.get("/es/?utm_source=news&utm_campaign=launch")
    names.update(h.split("=", 1)[0] for h in response.headers.getlist("Set-Cookie"))
    assert names == {cookie}
    header = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in header and "Expires" not in header and "Max-Age" not in header


def test_the_assessment_keeps_the_cookie_as_long_as_the_notice_says(app, client, db):
    days = app.permanent_session_lifetime.days
    token = csrf_from(client.get("/es/assessment/"))
    response = client.post("/es/assessment/start", data={"csrf_token": token})
    (header,) = response.headers.getlist("Set-Cookie")
    expires = parsedate_to_datetime(re.search(r"Expires=([^;]+)", header).group(1))
    assert abs(expires - datetime.now(UTC) - timedelta(days=days)) < timedelta(minutes=5)
    for lang, words in (("es", "días"), ("en", "days"), ("pt", "dias")):
        page = client.get(f"/{lang}/privacy").get_data(as_text=True)
        assert f"{days} {words}" in page, lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_terms_are_honest(client, company, lang):
    response = client.get(f"/{lang}/terms")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert TERMS_TITLES[lang] in page
    assert company["COMPANY_LEGAL_NAME"] in page and company["COMPANY_TAX_ID"] in page
    expected = {
        "es": ("indicativos y no vinculantes", "más IVA", "Estados Unidos Mexicanos"),
        "en": ("indicative and non-binding", "plus VAT", "United Mexican States"),
        "pt": ("indicativos e não vinculantes", "mais impostos", "Estados Unidos Mexicanos"),
    }[lang]
    for phrase in expected:
        assert phrase in page, phrase


# --- Every form that collects personal data links the notice -------------------------

NOTICE_LINK = {
    "es": 'conforme al <a href="/es/privacy">Aviso de privacidad</a>',
    "en": 'under the <a href="/en/privacy">Privacy notice</a>',
    "pt": 'conforme a <a href="/pt/privacy">Política de Privacidade</a>',
}


def _near_consent(page: str, consent_id: str, lang: str) -> bool:
    """The notice link follows the consent box within its form."""
    start = page.find(f'id="{consent_id}"')
    end = page.find("</form>", start)
    return start != -1 and NOTICE_LINK[lang] in page[start:end]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_contact_form_links_the_notice(client, lang):
    page = client.get(f"/{lang}/contact").get_data(as_text=True)
    assert _near_consent(page, "marketing_consent", lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_arco_form_links_the_notice(client, lang):
    page = client.get(f"/{lang}/privacy/request").get_data(as_text=True)
    assert _near_consent(page, "consent", lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_calculator_save_form_links_the_notice(client, lang):
    url = (
        f"/{lang}/calculator/roi?employees=20&salary=300000&lost_pct=30&recovery_pct=60"
        "&investment=&tier=L2_ADVANCED"
    )
    page = client.get(url).get_data(as_text=True)
    assert _near_consent(page, "consent", lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_assessment_finish_step_links_the_notice(client, db, lang):
    token = _start_assessment(client, lang)
    for n, question in enumerate(QUESTIONS, start=1):
        data = {"csrf_token": token, "question": question.key, "answer": "3"}
        response = client.post(f"/{lang}/assessment/step/{n}", data=data)
        assert response.status_code == 303
    page = client.get(f"/{lang}/assessment/finish").get_data(as_text=True)
    assert _near_consent(page, "marketing_consent", lang)


def _start_assessment(client, lang: str) -> str:
    token = csrf_from(client.get(f"/{lang}/assessment/"))
    response = client.post(f"/{lang}/assessment/start", data={"csrf_token": token})
    assert response.status_code == 303
    return token
