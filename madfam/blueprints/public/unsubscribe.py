"""One-click unsubscribe from marketing email (RFC 8058).

``GET`` shows the visible link's page with one button, so a link scanner that follows
every link unsubscribes nobody; ``POST`` (the button, or a mail client's one-click
``List-Unsubscribe-Post``, body ``List-Unsubscribe=One-Click``) unsubscribes. The POST
carries no cookies or form token: the signed token in the URL is what proves it came
from the email, so it is exempt from CSRF (tests/functional/test_csrf_everywhere.py
lists it); a POST without the RFC 8058 body is refused (400).
"""

from __future__ import annotations

from flask import abort, render_template, request

from madfam.blueprints.public import bp
from madfam.extensions import csrf, limiter
from madfam.services import nurture


def _page(state: str, token: str, status: int = 200):
    return render_template("public/unsubscribe.html", state=state, token=token), status


@bp.get("/unsubscribe/<token>")
def unsubscribe(token: str):
    lead = nurture.lead_for_token(token)
    if lead is None:
        return _page("invalid", token, 404)
    return _page("ask" if lead.marketing_consent else "done", token)


@bp.post("/unsubscribe/<token>")
@csrf.exempt
@limiter.limit("30/minute")
def unsubscribe_confirm(token: str):
    # RFC 8058's body, which the page's button sends as well: anything else is refused.
    if request.form.get("List-Unsubscribe") != "One-Click":
        abort(400)
    lead = nurture.unsubscribe(token)
    if lead is None:
        return _page("invalid", token, 404)
    return _page("done", token)
