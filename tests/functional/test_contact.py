"""The contact form: fields, storage, one lead per person, attribution, follow-ups."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from madfam.enums import LeadSource, ServiceTier
from madfam.models import AnalyticsEvent, EmailQueue, Lead, LeadActivity, LeadNote
from madfam.rules.lead_scoring import LeadFields
from madfam.rules.lead_scoring import score as score_lead
from tests.factories import make_integration
from tests.helpers import VALID, count, only_lead, open_form, submit

# --- The page ------------------------------------------------------------------------


def test_every_field_has_a_visible_label_and_consent_is_unticked(client):
    html = client.get("/es/contact").get_data(as_text=True)
    controls = re.findall(r'<(?:input|select|textarea)\b[^>]*\bid="([^"]+)"', html)
    visible = [c for c in controls if c not in ("csrf_token", "started", "website")]
    assert set(visible) >= {
        "email", "first_name", "last_name", "company", "phone", "tier", "industry",
        "company_size", "budget", "timeframe", "message", "marketing_consent",
    }  # fmt: skip
    for control in visible:
        assert f'<label for="{control}"' in html or f'for="{control}"' in html, control
    consent = re.search(r'<input[^>]*id="marketing_consent"[^>]*>', html).group(0)
    assert "checked" not in consent
    assert 'type="checkbox"' in consent


def test_company_size_offers_the_documented_ranges(client):
    html = client.get("/en/contact").get_data(as_text=True)
    select_html = re.search(r'<select[^>]*id="company_size".*?</select>', html, re.S).group(0)
    values = re.findall(r'value="([^"]*)"', select_html)
    assert values == ["", "1-10", "11-50", "51-200", "201-1000", "1000+"]


@pytest.mark.parametrize("tier", [t.name for t in ServiceTier])
def test_tier_call_to_action_preselects_the_tier(client, tier):
    html = client.get(f"/es/contact?tier={tier}").get_data(as_text=True)
    assert f'<option selected value="{tier}">' in html
    assert html.count("<option selected") == 5  # the tier and the four empty choices


def test_unknown_tier_in_the_url_preselects_nothing(client):
    html = client.get("/es/contact?tier=PLATINUM").get_data(as_text=True)
    tier_select = re.search(r'<select[^>]*id="tier".*?</select>', html, re.S).group(0)
    assert re.findall(r"<option selected[^>]*>", tier_select) == ['<option selected value="">']
    assert "PLATINUM" not in tier_select


# --- Happy path ----------------------------------------------------------------------


def test_submission_stores_the_lead_and_redirects_to_thanks(client, db, instant_form):
    response = submit(client)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/es/contact/thanks")
    thanks = client.get(response.headers["Location"])
    assert thanks.status_code == 200
    assert "Gracias" in thanks.get_data(as_text=True) or "Thank you" in thanks.get_data(
        as_text=True
    )

    lead = only_lead(db)
    assert lead.email == "ana.lopez@acme.mx"  # normalised to lower case
    assert (lead.first_name, lead.last_name, lead.company) == ("Ana", "López", "Acme SA de CV")
    assert lead.phone == "+52 55 1234 5678"
    assert lead.tier is ServiceTier.L3_CONSULTING
    assert (lead.industry, lead.company_size) == ("manufacturing", "51-200")
    assert (lead.budget, lead.timeframe) == ("250k_1m", "1_3_months")
    assert lead.message == VALID["message"]
    assert lead.source is LeadSource.WEBSITE
    expected = score_lead(
        LeadFields(
            email=lead.email, company=lead.company, phone=lead.phone, message=lead.message,
            tier=lead.tier, industry=lead.industry, company_size=lead.company_size,
        )
    ).score  # fmt: skip
    assert lead.score == expected == 100
    assert lead.marketing_consent is True
    assert lead.consent_at is not None

    activity = db.session.scalar(select(LeadActivity).where(LeadActivity.lead_id == lead.id))
    assert activity.type == "lead_created"
    event = db.session.scalar(select(AnalyticsEvent).where(AnalyticsEvent.event == "lead.created"))
    assert event.properties["lead_id"] == lead.id


def test_unticked_consent_is_stored_as_a_no_with_its_time(client, db, instant_form):
    submit(client, marketing_consent=None)
    lead = only_lead(db)
    assert lead.marketing_consent is False
    assert lead.consent_at is not None


def test_minimal_submission_scores_base_plus_tier(client, db, instant_form):
    response = submit(client, {"email": "someone@gmail.com", "tier": "L1_ESSENTIALS"})
    assert response.status_code == 303
    lead = only_lead(db)
    assert lead.score == 45  # base 40 + tier 5; a free-mail address earns nothing
    assert lead.first_name is None and lead.company is None


@pytest.mark.parametrize(
    ("lang", "subject_word"), [("es", "Gracias"), ("en", "Thank you"), ("pt", "Obrigad")]
)
def test_welcome_email_is_queued_in_the_visitors_language(
    client, db, instant_form, run_jobs, lang, subject_word
):
    submit(client, url=f"/{lang}/contact")
    run_jobs()
    row = db.session.scalar(select(EmailQueue))
    assert row.template == "welcome"
    assert row.to == ["ana.lopez@acme.mx"]
    assert row.data["locale"] == lang
    assert subject_word in row.subject


def test_htmx_submission_swaps_in_the_thank_you_fragment(client, db, instant_form):
    _, hidden = open_form(client)
    response = client.post("/es/contact", data={**VALID, **hidden}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<html" not in html
    assert 'id="contact-region"' in html
    assert 'role="status"' in html
    assert count(db, Lead) == 1


def test_thanks_page_opens_directly(client):
    response = client.get("/en/contact/thanks")
    assert response.status_code == 200
    assert "Thank you" in response.get_data(as_text=True)


# --- Validation ----------------------------------------------------------------------

FIELD_ERRORS = [
    ("email", {"email": ""}, "Please enter your email address."),
    ("email", {"email": "not-an-email"}, "valid email address"),
    ("email", {"email": "ana@@acme.mx"}, "valid email address"),
    ("email", {"email": "a" * 250 + "@acme.mx"}, "at most 254"),
    ("first_name", {"first_name": "x" * 101}, "at most 100"),
    ("last_name", {"last_name": "x" * 101}, "at most 100"),
    ("company", {"company": "x" * 201}, "at most 200"),
    ("phone", {"phone": "1" * 41}, "at most 40"),
    ("phone", {"phone": "call me maybe"}, "phone number"),
    ("tier", {"tier": ""}, "Please choose a service level."),
    ("tier", {"tier": None}, "Please choose a service level."),
    ("tier", {"tier": "L9_GALACTIC"}, "Please choose one of the options"),
    ("tier", {"tier": "l3_consulting"}, "Please choose one of the options"),
    ("industry", {"industry": "astrology"}, "Please choose one of the options"),
    ("company_size", {"company_size": "5000"}, "Please choose one of the options"),
    ("budget", {"budget": "infinite"}, "Please choose one of the options"),
    ("timeframe", {"timeframe": "yesterday"}, "Please choose one of the options"),
    ("message", {"message": "x" * 5001}, "at most 5000"),
]


@pytest.mark.parametrize(("field", "change", "message"), FIELD_ERRORS)
def test_each_invalid_field_gets_its_own_error_and_nothing_is_stored(
    client, db, instant_form, field, change, message
):
    data = {**VALID, **change}
    response = submit(client, data, url="/en/contact")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    fragment = re.search(
        rf'<div class="field has-error" id="field-{field}">.*?\n</div>', html, re.S
    )
    assert fragment, f"no error fragment for {field}"
    assert message in fragment.group(0)
    assert 'aria-invalid="true"' in fragment.group(0)
    assert html.count('class="field has-error"') == 1
    assert count(db, Lead) == 0
    assert count(db, EmailQueue) == 0


def test_invalid_htmx_submission_returns_the_form_fragment(client, db, instant_form):
    _, hidden = open_form(client)
    response = client.post(
        "/es/contact",
        data={**VALID, "email": "nope", **hidden},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "<html" not in html
    assert 'id="contact-form"' in html
    assert 'value="nope"' in html  # what the visitor typed is kept
    assert count(db, Lead) == 0


def test_inline_check_renders_the_fields_error_fragment(client):
    _, hidden = open_form(client, "/en/contact")
    response = client.post(
        "/en/contact/field/email",
        data={"email": "ana@", **hidden},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<div class="field has-error" id="field-email">')
    assert "valid email address" in html
    assert "<html" not in html

    fixed = client.post(
        "/en/contact/field/email",
        data={"email": "ana@acme.mx", **hidden},
        headers={"HX-Request": "true"},
    ).get_data(as_text=True)
    assert 'class="field" id="field-email"' in fixed
    assert "field-error" not in fixed


def test_inline_check_refuses_fields_that_are_not_on_the_form(client):
    _, hidden = open_form(client)
    assert client.post("/es/contact/field/website", data=hidden).status_code == 404
    assert client.post("/es/contact/field/csrf_token", data=hidden).status_code == 404


def test_fields_carry_inline_validation_on_a_real_form(client):
    html = client.get("/es/contact").get_data(as_text=True)
    assert re.search(r'<form id="contact-form" method="post" action="/es/contact"', html)
    email = re.search(r'<input[^>]*id="email"[^>]*>', html).group(0)
    assert 'hx-post="/es/contact/field/email"' in email
    assert 'hx-target="#field-email"' in email


# --- One lead per person -------------------------------------------------------------


def test_second_submission_updates_the_lead_instead_of_duplicating(client, db, instant_form):
    submit(client, {"email": "ana@acme.mx", "tier": "L1_ESSENTIALS", "message": "First."})
    first = only_lead(db)
    first_score = first.score

    response = submit(
        client,
        {
            "email": "ANA@ACME.MX",
            "tier": "L4_PLATFORMS",
            "company": "Acme",
            "first_name": "",
            "message": "Second question about platforms.",
        },
    )
    assert response.status_code == 303
    lead = only_lead(db)
    assert lead.id == first.id
    assert lead.tier is ServiceTier.L4_PLATFORMS  # new non-empty fields win
    assert lead.company == "Acme"
    assert lead.message == "First."  # the first message stays on the lead
    notes = db.session.scalars(select(LeadNote).where(LeadNote.lead_id == lead.id)).all()
    assert [n.content for n in notes] == ["Second question about platforms."]
    assert lead.score == first_score + 15  # rescored: the company is new
    types = db.session.scalars(
        select(LeadActivity.type).where(LeadActivity.lead_id == lead.id)
    ).all()
    # 80 points reach QUALIFY_SCORE: the system qualified the lead as well (the welcome
    # email's email_sent follows once it is delivered).
    assert sorted(t for t in types if t != "email_sent") == [
        "lead_created",
        "lead_updated",
        "status_updated",
    ]
    assert count(db, EmailQueue) == 1  # one welcome email per person


def test_replayed_form_creates_no_second_lead_or_note(client, db, instant_form):
    _, hidden = open_form(client)
    payload = {**VALID, **hidden}
    first = client.post("/es/contact", data=payload)
    replay = client.post("/es/contact", data=payload)
    assert first.status_code == 303
    assert replay.status_code == 422  # "already sent", the answers kept
    assert count(db, Lead) == 1
    assert count(db, LeadNote) == 0
    assert count(db, EmailQueue) == 1


# --- Attribution ---------------------------------------------------------------------


def test_first_touch_utm_is_kept_several_pages_on(client, db, instant_form):
    client.get("/es/?utm_source=linkedin&utm_medium=social&utm_campaign=launch")
    client.get("/es/assessment/")
    client.get("/es/calculator/")
    client.get("/es/")
    submit(client)
    lead = only_lead(db)
    assert (lead.utm_source, lead.utm_medium, lead.utm_campaign) == (
        "linkedin",
        "social",
        "launch",
    )
    assert lead.source is LeadSource.SOCIAL


def test_last_touch_is_recorded_in_the_activity_when_it_differs(client, db, instant_form):
    client.get("/es/?utm_source=linkedin&utm_medium=social&utm_campaign=launch")
    client.get("/es/?utm_source=newsletter&utm_medium=email&utm_campaign=june")
    submit(client)
    lead = only_lead(db)
    assert lead.utm_source == "linkedin"  # first touch on the lead
    activity = db.session.scalar(select(LeadActivity).where(LeadActivity.lead_id == lead.id))
    assert activity.metadata_["utm"]["utm_source"] == "linkedin"
    assert activity.metadata_["last_touch"] == {
        "utm_source": "newsletter",
        "utm_medium": "email",
        "utm_campaign": "june",
    }


def test_no_last_touch_entry_when_the_visitor_landed_once(client, db, instant_form):
    client.get("/es/?utm_source=linkedin&utm_medium=social")
    submit(client)
    activity = db.session.scalar(select(LeadActivity))
    assert "last_touch" not in activity.metadata_


def test_later_visit_keeps_first_touch_on_lead_and_its_own_utm_in_activity(
    app, client, db, instant_form
):
    client.get("/es/?utm_source=linkedin&utm_medium=social&utm_campaign=launch")
    submit(client)

    other = app.test_client()  # the same person, another day and browser
    other.get("/es/?utm_source=google&utm_medium=cpc&utm_campaign=brand")
    submit(other)

    lead = only_lead(db)
    assert (lead.utm_source, lead.source) == ("linkedin", LeadSource.SOCIAL)
    updated = db.session.scalar(select(LeadActivity).where(LeadActivity.type == "lead_updated"))
    assert updated.metadata_["utm"] == {
        "utm_source": "google",
        "utm_medium": "cpc",
        "utm_campaign": "brand",
    }


@pytest.mark.parametrize(
    ("query", "source"),
    [
        ("", LeadSource.WEBSITE),
        ("?utm_source=google&utm_medium=cpc", LeadSource.WEBSITE),
        ("?ref=partner-42", LeadSource.REFERRAL),
        ("?utm_source=facebook&ref=abc", LeadSource.REFERRAL),  # ref wins: first rule
        ("?utm_source=instagram", LeadSource.SOCIAL),
        ("?utm_medium=social&utm_source=blog", LeadSource.SOCIAL),
        ("?utm_campaign=expo2025", LeadSource.EVENT),
        ("?utm_medium=email&utm_source=crm", LeadSource.DIRECT),
    ],
)
def test_source_follows_from_the_landing_url(client, db, instant_form, query, source):
    client.get(f"/es/{query}")
    submit(client)
    lead = only_lead(db)
    assert lead.source is source
    if "ref=" in query:
        assert lead.referral_code == query.split("ref=")[1]


# --- After the commit ----------------------------------------------------------------


def test_enabled_webhook_integration_gets_a_delivery(client, db, instant_form):
    from madfam.models import WebhookDelivery

    make_integration(name="n8n", url="http://127.0.0.1:9/hook")
    submit(client)
    lead = only_lead(db)
    # A high-scoring lead also qualifies (lead.qualified); the new lead is announced once.
    deliveries = db.session.scalars(
        select(WebhookDelivery).where(WebhookDelivery.event == "lead.created")
    ).all()
    assert len(deliveries) == 1
    delivery = deliveries[0]
    assert delivery.payload["lead_id"] == lead.id
    assert delivery.payload["email"] == "ana.lopez@acme.mx"


def test_lead_is_saved_and_visitor_thanked_when_the_job_system_is_down(
    app, client, db, instant_form
):
    saved_url = app.config.get("REDIS_URL")
    saved_queue = app.extensions.pop("madfam_rq_queue", None)
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens there
    try:
        response = submit(client)
    finally:
        app.config["REDIS_URL"] = saved_url
        app.extensions.pop("madfam_rq_queue", None)
        if saved_queue is not None:
            app.extensions["madfam_rq_queue"] = saved_queue
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/es/contact/thanks")
    only_lead(db)
    row = db.session.scalar(select(EmailQueue))
    assert row.status == "pending"  # waits in the outbox for the sweep
