"""What a native reader asked of the copy beyond the catalogues: plural payback months, a
phone hint that matches its validator, meeting times in the lead's named time zone, and
message contexts for short words that mean two things."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from flask_babel import force_locale, ngettext
from sqlalchemy import select

from madfam.blueprints.public.forms import PHONE_PATTERN
from madfam.enums import UserRole
from madfam.i18n import regional_locale
from madfam.labels import ROLE_LABELS
from madfam.local_time import DEFAULT_TIME_ZONE, local_moment
from madfam.mail import render_email
from madfam.models import EmailQueue, Lead
from tests.factories import make_calculation, make_email, make_lead
from tests.helpers import csrf_from, login, submit


def _client(app, make_user, role: UserRole, locale: str):
    client = app.test_client()
    user = make_user(role, locale=locale)
    assert login(client, user.email).status_code == 303
    return client


# --- Payback in months: one month, not "1 meses" -------------------------------------


@pytest.mark.parametrize(
    ("lang", "months", "expected"),
    [
        ("es", 1, "recuperación en 1 mes"),
        ("es", 3, "recuperación en 3 meses"),
        ("en", 1, "payback 1 month"),
        ("en", 3, "payback 3 months"),
        ("pt", 1, "payback em 1 mês"),
        ("pt", 3, "payback em 3 meses"),
    ],
)
def test_payback_months_agree_with_the_number(app, lang, months, expected):
    with app.test_request_context(), force_locale(regional_locale(lang)):
        text = ngettext("payback %(num)d month", "payback %(num)d months", months)
    assert text == expected


@pytest.mark.parametrize(
    ("locale", "heading", "payback"),
    [("es", "Historial", "recuperación en 1 mes"), ("en", "Timeline", "payback 1 month")],
)
def test_lead_history_heading_and_payback_in_the_admin(
    app, db, make_user, locale, heading, payback
):
    lead = make_lead(email="ana@acme.mx")
    make_calculation(lead, roi=900, payback_months=1)
    client = _client(app, make_user, UserRole.VIEWER, locale)
    html = client.get(f"/admin/leads/{lead.id}").get_data(as_text=True)
    assert f'<h2 id="h-timeline">{heading}</h2>' in html
    assert payback in html
    assert "1 meses" not in html and "1 months" not in html


# --- The phone hint's example passes the validator ------------------------------------


@pytest.mark.parametrize("lang", ["es", "en", "pt"])
def test_phone_hint_example_is_a_number_the_form_accepts(app, db, client, instant_form, lang):
    response = submit(client, url=f"/{lang}/contact", phone="call me maybe")
    html = response.get_data(as_text=True)
    assert response.status_code in (200, 422)
    examples = re.findall(r"\+\d[\d \-]{6,}\d", html)
    assert examples, "the error names no example number"
    example = examples[0]
    assert re.fullmatch(PHONE_PATTERN, example)
    # The hint asks for a valid number, not for "digits only" (its example has + and spaces).
    assert "digits only" not in html and "solo con dígitos" not in html
    assert "só com dígitos" not in html

    accepted = submit(app.test_client(), url=f"/{lang}/contact", phone=example)
    assert accepted.status_code == 303
    assert db.session.scalar(select(Lead)).phone == example


# --- Meeting times in the lead's time zone, named -------------------------------------


@pytest.mark.parametrize(
    ("locale", "time", "zone"),
    [
        ("es", "10:30", "hora del centro de México"),
        ("en", "10:30\u202fAM", "Mexico City time"),
        ("pt", "10:30", "horário da Cidade do México"),
    ],
)
def test_meeting_reminder_gives_the_time_in_the_leads_named_zone(
    app, db, make_user, run_jobs, locale, time, zone
):
    lead = make_lead(email="carla@beta.io", locale=locale)
    editor = _client(app, make_user, UserRole.EDITOR, "es")
    token = csrf_from(editor.get(f"/admin/leads/{lead.id}"))
    response = editor.post(
        f"/admin/leads/{lead.id}/log",
        data={
            "kind": "meeting_scheduled",
            "description": "Kick-off",
            "meeting_at": "2025-04-02T10:30",
            "send_reminder": "y",
            "csrf_token": token,
        },
    )  # fmt: skip  (entered in the editor's zone, Mexico City's: 16:30 UTC)
    assert response.status_code == 303
    run_jobs()
    email = db.session.scalar(select(EmailQueue).where(EmailQueue.template == "meeting_reminder"))
    # The lead has no time zone of its own: the site's market zone, recorded with the email.
    assert email.data["time_zone"] == DEFAULT_TIME_ZONE == "America/Mexico_City"
    with app.test_request_context():
        message = render_email(email)
    for body in (message.text, message.html):
        # 16:30 UTC is 10:30 in Mexico City (UTC-6, no daylight saving time since 2022).
        assert time in body and zone in body
        assert "UTC" not in body and "16:30" not in body
        assert "2025" in body


def test_a_reminder_queued_without_a_time_zone_uses_the_market_zone(app, db):
    row = make_email(
        "ana@example.com", subject="S", template="meeting_reminder", save=False,
        data={"locale": "es", "meeting_at": "2030-01-02T15:00:00+00:00"},
    )  # fmt: skip
    with app.test_request_context():
        text = render_email(row).text
    assert "miércoles, 2 de enero de 2030" in text
    assert "9:00" in text and "hora del centro de México" in text and "UTC" not in text


def test_local_moment_follows_the_zone_it_is_given(app):
    moment = datetime(2026, 12, 3, 13, 0, tzinfo=UTC)
    with app.test_request_context(), force_locale("pt_BR"):
        parts = local_moment(moment, "America/Sao_Paulo")
    assert parts["date"] == "quinta-feira, 3 de dezembro de 2026"
    assert parts["time"] == "10:00"
    assert "São Paulo" in parts["zone"]


# --- Contexts: one English word, two meanings ------------------------------------------


@pytest.mark.parametrize(
    ("lang", "role", "area"),
    [("es", "Administrador", "Administración"), ("en", "Admin", "Admin")],
)
def test_the_admin_role_is_a_person_and_the_area_a_place(app, lang, role, area):
    with app.test_request_context(), force_locale(regional_locale(lang)):
        assert str(ROLE_LABELS[UserRole.ADMIN]) == role
        from flask_babel import gettext

        assert gettext("Admin") == area
