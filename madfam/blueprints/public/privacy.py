"""The privacy notice, the terms of use and the ARCO request form.

The notice and the terms are one template per language: the Spanish and English pages
are Mexico's LFPDPPP notice, the Portuguese page Brazil's LGPD policy. They render the
company details and the retention periods from the settings, so they stay true.

The ARCO form works like the contact form: POST → 303 → thank-you page without
JavaScript, a fragment swap with htmx; errors come back with the form (422); a filled
honeypot is thanked and nothing is stored.
"""

from __future__ import annotations

import logging

from flask import g, redirect, render_template, url_for

from madfam.blueprints.public import bp
from madfam.blueprints.public.privacy_forms import PrivacyRequestForm
from madfam.enums import PrivacyRight
from madfam.extensions import limiter
from madfam.htmx import is_partial, render
from madfam.services.privacy_requests import PrivacyRequestInput, submit_request

log = logging.getLogger(__name__)
ARCO_LIMIT = "5/minute;30/hour"


def _language() -> str:
    return g.get("lang") or "es"


@bp.get("/privacy")
def privacy_notice():
    return render_template(f"public/privacy/notice_{_language()}.html")


@bp.get("/terms")
def terms():
    return render_template(f"public/privacy/terms_{_language()}.html")


def _arco_form(form: PrivacyRequestForm, status: int = 200):
    return render("public/arco.html", "public/_arco_form.html", status, form=form)


@bp.get("/privacy/request")
def arco():
    return _arco_form(PrivacyRequestForm(formdata=None))


@bp.post("/privacy/request")
@limiter.limit(ARCO_LIMIT)
def arco_submit():
    form = PrivacyRequestForm()
    if form.website.data:
        log.info("privacy request rejected as automated (honeypot)")
        return _arco_thanks()
    if not form.validate():
        return _arco_form(form, 422)
    submit_request(
        PrivacyRequestInput(
            name=form.name.data,
            email=form.email.data,
            right=PrivacyRight[form.right.data],
            details=form.details.data,
            language=_language(),
        )
    )
    return _arco_thanks()


def _arco_thanks():
    if is_partial():
        return render_template("public/_arco_thanks.html")
    return redirect(url_for("public.arco_thanks"), code=303)


@bp.get("/privacy/request/thanks")
def arco_thanks():
    return render_template("public/arco_thanks.html")
