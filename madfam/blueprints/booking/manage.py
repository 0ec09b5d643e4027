"""The emailed link to a booked call: see it, move it to a free time, or cancel it.

Plain pages and forms (each change is confirmed by a POST, then 303), so they work the
same with and without JavaScript. The link names the meeting's SEQUENCE: once a change
has sent a newer email, an older link gets a clear page instead of acting.
"""

from __future__ import annotations

from datetime import date

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from madfam.blueprints.booking import bp
from madfam.blueprints.booking.forms import parse_slot, slot_key
from madfam.blueprints.booking.routes import BOOK_LIMIT, _days
from madfam.extensions import limiter
from madfam.services.booking import SlotTaken, open_slots
from madfam.services.booking.changes import cancel_meeting, move_meeting
from madfam.services.booking.tokens import manage_token, meeting_to_manage

STATUS = {"ok": 200, "cancelled": 200, "invalid": 404, "replaced": 410, "past": 410}


class ConfirmForm(FlaskForm):
    """Only the CSRF token: the button is the whole answer."""


def _page(template: str, meeting, state: str, status: int | None = None, **extra):
    page = render_template(
        template, meeting=meeting, state=state, slot_key=slot_key, form=ConfirmForm(), **extra
    )
    response = make_response(page, status or STATUS[state])
    response.headers["Cache-Control"] = "private, no-store"  # a visitor's own call
    return response


def _meeting(token: str):
    """The meeting to change, or the page that says why it cannot be changed."""
    meeting, state = meeting_to_manage(token)
    if state != "ok":
        return None, _page("booking/manage.html", meeting, state)
    return meeting, None


@bp.get("/book/manage/<token>")
def manage(token: str):
    meeting, state = meeting_to_manage(token)
    if state != "ok":
        return _page("booking/manage.html", meeting, state)
    try:
        start = date.fromisoformat(request.args["from"]) if request.args.get("from") else None
    except ValueError:
        start = None
    days, later = _days(meeting.visitor_zone, start)
    return _page(
        "booking/manage.html", meeting, state, token=token, days=days, later=later, start=start
    )


@bp.route("/book/manage/<token>/cancel", methods=["GET", "POST"])
@limiter.limit(BOOK_LIMIT, methods=["POST"])
def manage_cancel(token: str):
    meeting, refusal = _meeting(token)
    if refusal:
        return refusal
    form = ConfirmForm()
    if not form.validate_on_submit():
        return _page("booking/cancel.html", meeting, "ok", token=token)
    cancel_meeting(meeting)
    return redirect(url_for("booking.manage", token=token), code=303)


@bp.route("/book/manage/<token>/move/<key>", methods=["GET", "POST"])
@limiter.limit(BOOK_LIMIT, methods=["POST"])
def manage_move(token: str, key: str):
    at = parse_slot(key) or abort(404)
    meeting, refusal = _meeting(token)
    if refusal:
        return refusal
    page = {"token": token, "at": at, "key": key}
    if at not in open_slots():
        alternatives = [s for s in open_slots() if s > at][:3]
        return _page("booking/move.html", meeting, "ok", 409, alternatives=alternatives, **page)
    if not ConfirmForm().validate_on_submit():
        return _page("booking/move.html", meeting, "ok", alternatives=None, **page)
    try:
        move_meeting(meeting, at)
    except SlotTaken as taken:
        return _page(
            "booking/move.html", meeting, "ok", 409, alternatives=taken.alternatives, **page
        )
    flash(_("Your call has been moved. We have sent you the updated invitation."), "success")
    return redirect(url_for("booking.manage", token=manage_token(meeting)), code=303)
