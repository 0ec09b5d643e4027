"""Public pages: the landing page and the contact form.

The contact form works as a plain POST → 303 → thank-you page, and with htmx as a
fragment swap: fields validate as the visitor leaves them (the server renders the
field's fragment) and a successful submission swaps in the thank-you fragment.
Bots (honeypot filled, a valid form sent faster than a person can, or without a stamp
this site signed) get the same thank-you and nothing is stored; an invalid form always
comes back with its errors, and a form sent a second time with the same stamp, or with
a stamp that has expired or belongs to an ended session, comes back with its answers.
"""

from __future__ import annotations

import logging

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from madfam import visit
from madfam.blueprints.public import bp
from madfam.blueprints.public.forms import (
    VISIBLE_FIELDS,
    ContactForm,
    filled_too_fast,
    is_stale_stamp,
    issue_started_token,
    read_stamp,
    spend_stamp,
)
from madfam.enums import ServiceTier
from madfam.extensions import limiter
from madfam.htmx import is_partial, render
from madfam.pagecache import per_visitor
from madfam.rules.estimate import PROJECT_TYPES
from madfam.rules.tiers import TIER_INFO
from madfam.seo import level_slug
from madfam.services.capture import capture_lead

log = logging.getLogger(__name__)
CONTACT_LIMIT = "5/minute;30/hour"
FIELD_CHECK_LIMIT = "120/minute"


@bp.get("/")
def index():
    tiers = [
        {
            "tier": tier,
            "info": TIER_INFO[tier],
            "slug": level_slug(tier),
            "projects": [p.name for p in PROJECT_TYPES.values() if p.tier is tier],
        }
        for tier in ServiceTier
    ]
    return render_template("public/index.html", tiers=tiers)


def _contact_form(form: ContactForm, status: int = 200):
    # A form sent back with errors keeps its original stamp: the time spent on the first
    # attempt counts, so a quick correction is not taken for a bot.
    if read_stamp(form.started.data) is None:
        form.started.data = per_visitor(issue_started_token(), issue_started_token)
    return render("public/contact.html", "public/_contact_form.html", status, form=form)


@bp.get("/contact")
def contact():
    form = ContactForm(formdata=None)
    tier = request.args.get("tier", "").strip().upper()
    if tier in ServiceTier.__members__:
        form.tier.data = tier
    return _contact_form(form)


@bp.post("/contact")
@limiter.limit(CONTACT_LIMIT)
def contact_submit():
    form = ContactForm()
    if form.website.data:
        log.info("contact form rejected as automated (honeypot)")
        return _thanks()
    # Errors come first: a person who sends the form too early, or half filled, is told
    # what is missing rather than thanked for a message that was never stored.
    if not form.validate():
        return _contact_form(form, 422)
    stamp = read_stamp(form.started.data)
    if stamp is None and is_stale_stamp(form.started.data):
        return _send_again(
            form, _("This page was open for a long time. Check your details and press Send.")
        )
    if stamp is None:
        log.info("contact form rejected as automated (no valid stamp of this session)")
        return _thanks()
    if not spend_stamp(stamp):
        return _send_again(
            form,
            _(
                "This form has already been sent. To send it again, check your details "
                "and press Send."
            ),
        )
    if filled_too_fast(stamp):
        log.info("contact form rejected as automated (fill time)")
        return _thanks()
    capture_lead(form.to_lead_input(), visit.current_visit(), visit.last_touch())
    return _thanks()


def _send_again(form: ContactForm, message: str):
    """A page sent again (a double click, the back button, a replay) or kept open past
    its stamp: say so and keep the answers, with a fresh stamp to send them with."""
    form.form_errors.append(message)
    form.started.data = issue_started_token()
    return _contact_form(form, 422)


def _thanks():
    if is_partial():
        return render_template("public/_thanks.html")
    return redirect(url_for("public.contact_thanks"), code=303)


@bp.get("/contact/thanks")
def contact_thanks():
    return render_template("public/thanks.html")


@bp.post("/contact/field/<name>")
@limiter.limit(FIELD_CHECK_LIMIT)
def contact_field(name: str):
    """Validate one field as the visitor leaves it and render that field's fragment."""
    if name not in VISIBLE_FIELDS:
        abort(404)
    form = ContactForm()
    field = form[name]
    field.validate(form)
    return render_template("public/_field.html", field=field, live=True)
