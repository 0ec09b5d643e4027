"""The contact form's fill-time stamp belongs to the visitor's session and is good for one
submission: a stamp fetched once cannot be replayed for a day, from another session or
with an old session cookie. A person who sends the same page twice is told so and keeps
what they typed."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from madfam.models import EmailQueue, Lead, LeadActivity
from tests.helpers import VALID, count, only_lead, open_form

ALREADY_SENT = {
    "es": "Este formulario ya se envió",
    "en": "This form has already been sent",
    "pt": "Este formulário já foi enviado",
}


def stamp_in(html: str) -> str:
    return re.search(r'name="started" type="hidden" value="([^"]+)"', html).group(1)


def test_a_stamp_from_another_session_is_refused_but_the_answers_come_back(
    app, client, db, instant_form
):
    _, theirs = open_form(client)
    other = app.test_client()
    _, mine = open_form(other)
    response = other.post("/es/contact", data={**VALID, **mine, "started": theirs["started"]})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'value="ana.lopez@acme.mx"' in html  # a person whose session changed retypes nothing
    assert stamp_in(html) not in (theirs["started"], mine["started"])
    assert count(db, Lead) == 0
    again = other.post("/es/contact", data={**VALID, **mine, "started": stamp_in(html)})
    assert again.status_code == 303
    assert count(db, Lead) == 1


def test_a_form_without_a_stamp_this_site_signed_counts_as_a_bot(app, client, db, instant_form):
    _, hidden = open_form(client)
    response = client.post("/es/contact", data={**VALID, **hidden, "started": "forged.stamp"})
    assert response.status_code == 303  # the bot's usual thank-you …
    assert count(db, Lead) == 0  # … and nothing stored


@pytest.mark.parametrize("lang", ["es", "en", "pt"])
def test_the_same_form_sent_twice_is_refused_with_its_values_and_a_fresh_stamp(
    client, db, instant_form, lang
):
    _, hidden = open_form(client, f"/{lang}/contact")
    payload = {**VALID, **hidden}
    assert client.post(f"/{lang}/contact", data=payload).status_code == 303
    again = client.post(f"/{lang}/contact", data=payload)
    assert again.status_code == 422
    html = again.get_data(as_text=True)
    assert ALREADY_SENT[lang] in html
    assert 'value="ana.lopez@acme.mx"' in html  # what was typed is still there
    assert VALID["message"] in html
    fresh = stamp_in(html)
    assert fresh != hidden["started"]
    assert count(db, EmailQueue) == 1
    # The submissions' own entries (the qualification and the sent email aside).
    submissions = select(LeadActivity.type).where(LeadActivity.type.like("lead_%"))
    assert db.session.scalars(submissions).all() == ["lead_created"]
    # Sent once more from the page that says so: accepted (the lead is updated).
    third = client.post(f"/{lang}/contact", data={**payload, "started": fresh})
    assert third.status_code == 303
    assert only_lead(db).email == "ana.lopez@acme.mx"
    assert sorted(db.session.scalars(submissions)) == [
        "lead_created",
        "lead_updated",
    ]


def test_with_htmx_the_second_submission_gets_the_form_fragment_back(client, db, instant_form):
    _, hidden = open_form(client)
    payload = {**VALID, **hidden}
    htmx = {"HX-Request": "true"}
    assert client.post("/es/contact", data=payload, headers=htmx).status_code == 200
    again = client.post("/es/contact", data=payload, headers=htmx)
    assert again.status_code == 422
    html = again.get_data(as_text=True)
    assert "<html" not in html
    assert 'id="contact-region"' in html
    assert ALREADY_SENT["es"] in html
    assert stamp_in(html) != hidden["started"]
    assert count(db, Lead) == 1


def test_an_old_session_cookie_does_not_make_a_stamp_new_again(client, db, instant_form):
    _, hidden = open_form(client)
    cookie = client.get_cookie("session").value
    payload = {**VALID, **hidden}
    assert client.post("/es/contact", data=payload).status_code == 303
    client.set_cookie("session", cookie)  # the cookie as it was before the submission
    again = client.post("/es/contact", data={**payload, "email": "bot2@example.com"})
    assert again.status_code == 422
    assert ALREADY_SENT["es"] in again.get_data(as_text=True)
    assert count(db, Lead) == 1


def test_a_bot_sending_too_fast_cannot_send_the_same_stamp_again_later(
    app, client, db, monkeypatch
):
    _, hidden = open_form(client)
    payload = {**VALID, **hidden}
    monkeypatch.setitem(app.config, "CONTACT_MIN_FILL_SECONDS", 60)
    assert client.post("/es/contact", data=payload).status_code == 303  # silently dropped
    monkeypatch.setitem(app.config, "CONTACT_MIN_FILL_SECONDS", 0)
    assert client.post("/es/contact", data=payload).status_code == 422
    assert count(db, Lead) == 0
