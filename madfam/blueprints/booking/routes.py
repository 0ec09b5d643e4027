"""The booking pages. Every step is a plain page (GET lists, POST → 303); with htmx the
days, the form and the result swap into ``#book-region``."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from flask import abort, make_response, redirect, request, url_for
from flask_babel import gettext as _

from madfam import visit
from madfam.blueprints.booking import bp
from madfam.blueprints.booking.forms import (
    ZONES,
    BookingForm,
    parse_slot,
    slot_key,
    visitor_zone,
)
from madfam.extensions import limiter
from madfam.htmx import is_partial, render
from madfam.local_time import local_moment
from madfam.rules.slots import group_by_day
from madfam.services.booking import BookingInput, SlotTaken, book_meeting, open_slots
from madfam.services.booking.tokens import meeting_from_token, meeting_token

DAYS_SHOWN = 5
BOOK_LIMIT = "30/minute;120/hour"


def _zones(current: str) -> list[tuple[str, str]]:
    """(IANA name, the zone's name in the visitor's language) for the select."""
    names = list(ZONES) if current in ZONES else [current, *ZONES]
    now = datetime.now(UTC)
    return [(name, local_moment(now, name)["zone"]) for name in names]


def _days(zone: str, start: date | None):
    days = group_by_day(open_slots(), zone)
    if start is not None:
        days = [(d, s) for d, s in days if d >= start]
    later = days[DAYS_SHOWN][0] if len(days) > DAYS_SHOWN else None
    return days[:DAYS_SHOWN], later


@bp.get("/book")
def book():
    zone = visitor_zone(request.args.get("tz"))
    try:
        start = date.fromisoformat(request.args["from"]) if request.args.get("from") else None
    except ValueError:
        start = None
    days, later = _days(zone, start)
    response = make_response(
        render(
            "booking/book.html",
            "booking/_days.html",
            days=days,
            later=later,
            start=start,
            zone=zone,
            zones=_zones(zone),
            slot_key=slot_key,
        )
    )
    response.vary.add("HX-Request")
    return response


def _form_page(form: BookingForm, at, status: int = 200, alternatives=None):
    zone = visitor_zone(form.tz.data or request.args.get("tz"))
    form.tz.data = zone
    return render(
        "booking/slot.html",
        "booking/_form.html",
        status,
        form=form,
        at=at,
        key=slot_key(at),
        zone=zone,
        alternatives=alternatives,
        slot_key=slot_key,
    )


@bp.get("/book/slot/<key>")
def slot(key: str):
    at = parse_slot(key) or abort(404)
    form = BookingForm(formdata=None)
    form.tz.data = request.args.get("tz")
    if at not in open_slots():
        return _taken(form, at, [s for s in open_slots() if s > at][:3])
    return _form_page(form, at)


def _taken(form: BookingForm, at, alternatives):
    form.form_errors.append(_("Sorry, this time has just been taken. Please choose another one."))
    return _form_page(form, at, 409, alternatives=alternatives)


@bp.post("/book/slot/<key>")
@limiter.limit(BOOK_LIMIT)
def slot_submit(key: str):
    at = parse_slot(key) or abort(404)
    form = BookingForm()
    if not form.validate():
        return _form_page(form, at, 422)
    data = BookingInput(
        slot=at,
        visitor_zone=visitor_zone(form.tz.data),
        email=form.email.data,
        name=form.name.data,
        company=form.company.data,
        note=form.note.data,
    )
    try:
        meeting = book_meeting(data, visit.current_visit())
    except SlotTaken as taken:
        return _taken(form, at, taken.alternatives)
    target = url_for("booking.booked", token=meeting_token(meeting))
    if is_partial():
        response = make_response("", 204)
        response.headers["HX-Location"] = target
        return response
    return redirect(target, code=303)


@bp.get("/book/booked/<token>")
def booked(token: str):
    meeting = meeting_from_token(token) or abort(404)
    length = meeting.ends_at - meeting.starts_at
    return render(
        "booking/booked.html",
        "booking/booked.html",
        meeting=meeting,
        minutes=length // timedelta(minutes=1),
    )
