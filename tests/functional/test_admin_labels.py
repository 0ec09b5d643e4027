"""Staff read labels in their own language, never stored codes, and times in their zone."""

from __future__ import annotations

from datetime import UTC, datetime

from madfam.enums import LeadStatus, ServiceTier, UserRole
from tests.factories import make_email, make_lead
from tests.helpers import PASSWORD, csrf_from, login


def test_leads_list_shows_levels_status_badges_and_local_times(db, app, make_user):
    make_lead(email="ana@acme.mx", first_name="Ana", status=LeadStatus.QUALIFIED,
              tier=ServiceTier.L3_CONSULTING,
              created_at=datetime(2025, 3, 1, 18, 5, tzinfo=UTC))  # fmt: skip
    user = make_user(UserRole.VIEWER, locale="es")
    client = app.test_client()
    login(client, user.email)
    html = client.get("/admin/leads").get_data(as_text=True)
    assert "L3 · Consultoría" in html and "L3_CONSULTING</td>" not in html
    assert 'class="badge lead-status lead-status-qualified">Calificado</span>' in html
    # 18:05 UTC is 12:05 in Mexico City, written compactly and the zone named once.
    assert ">1 mar 2025, 12:05</time>" in html
    assert "hora del centro de México" in html
    header = html[html.index('class="who"') :][:200]
    assert "(Lector)" in header and "VIEWER" not in header


def test_email_queue_names_each_email(db, admin_client):
    make_email("ana@acme.mx", subject="Bienvenida", template="welcome")
    html = admin_client.get("/admin/emails").get_data(as_text=True)
    assert "<td>Bienvenida</td>" in html and "<td>welcome</td>" not in html


def test_sign_in_page_speaks_the_browsers_staff_language_then_the_staff_members(db, app, make_user):
    user = make_user(UserRole.EDITOR, locale="es")
    client = app.test_client()
    english = client.get("/admin/login", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert '<html lang="en">' in english.get_data(as_text=True)
    # The staff area has no Portuguese: a Portuguese browser gets the default, Spanish,
    # rather than a page half in Portuguese.
    portuguese = client.get("/admin/login", headers={"Accept-Language": "pt-BR,pt;q=0.9"})
    assert '<html lang="es">' in portuguese.get_data(as_text=True)
    assert "Iniciar sesión" in portuguese.get_data(as_text=True)

    response = client.post(
        "/admin/login",
        data={"email": user.email, "password": PASSWORD, "csrf_token": csrf_from(english)},
        headers={"Accept-Language": "en-US"},
    )
    assert response.status_code == 303
    home = client.get("/admin/", headers={"Accept-Language": "en-US"})
    assert '<html lang="es">' in home.get_data(as_text=True)
