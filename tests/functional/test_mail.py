"""Outbox templates render as HTML + text in every language, through every path."""

from __future__ import annotations

import pytest

from madfam.mail import Message, PermanentMailError, TemporaryMailError, render_email, to_mime
from madfam.services.outbox import TEMPLATES
from tests.factories import make_email

# The templates whose data is generic; assessment_results and roi_report are tested
# with their own data alongside the services that queue them.
PRESENT = [t for t in ("welcome", "follow_up", "meeting_reminder") if t in TEMPLATES]


@pytest.mark.parametrize("template", PRESENT)
@pytest.mark.parametrize("locale", ["es", "en", "pt"])
def test_each_template_renders_html_and_text(app, template, locale):
    row = make_email(
        "ana@example.com", id="c-test", subject="S", template=template, save=False,
        data={"first_name": "Ana", "locale": locale, "meeting_at": "2030-01-02T15:00:00+00:00"},
    )  # fmt: skip
    with app.test_request_context():
        message = render_email(row)
    assert message.html.lstrip().lower().startswith("<!doctype html>")
    assert "MADFAM" in message.text
    mime = to_mime(message)
    assert [p.get_content_type() for p in mime.iter_parts()] == ["text/plain", "text/html"]


def test_a_missing_template_is_a_permanent_error(app):
    row = make_email("a@example.com", subject="S", template="nope", save=False)
    with app.test_request_context(), pytest.raises(PermanentMailError):
        render_email(row)


def test_resend_classifies_errors(app, monkeypatch):
    from madfam.mail import send_resend
    from tests.receivers import HTTPReceiver

    message = Message(["a@example.com"], "S", "t", "<p>h</p>", "MADFAM <hola@madfam.io>", "k1")
    monkeypatch.setitem(app.config, "RESEND_API_KEY", "re_x")
    for code, error in (
        (422, PermanentMailError),
        (429, TemporaryMailError),
        (503, TemporaryMailError),
    ):
        with HTTPReceiver([code]) as provider, app.app_context():
            monkeypatch.setitem(app.config, "RESEND_API_URL", provider.url)
            with pytest.raises(error):
                send_resend(message)
