"""Staff move or cancel a booked call (from the agenda or the lead page), with the
effects of the visitor's own link: updated invitation, timeline, reminders, free slot."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField
from wtforms.validators import InputRequired

from madfam.blueprints.admin import bp
from madfam.enums import UserRole
from madfam.extensions import db
from madfam.local_time import short_moment, staff_time_zone
from madfam.models import Meeting
from madfam.rules.slots import parse_slot, slot_key
from madfam.security import role_required
from madfam.services.booking import SlotTaken, open_slots
from madfam.services.booking.changes import cancel_meeting, move_meeting

SLOTS_OFFERED = 120


class CancelForm(FlaskForm):
    back = HiddenField()


class MoveForm(FlaskForm):
    back = HiddenField()
    slot = SelectField(_l("New time"), validators=[InputRequired(message=_l("Choose a new time."))])


def _meeting(meeting_id: str) -> Meeting:
    return db.session.get(Meeting, meeting_id) or abort(404)


def _changeable(meeting: Meeting) -> bool:
    return meeting.status == "scheduled" and meeting.starts_at > datetime.now(UTC)


def _back(meeting: Meeting, form) -> str:
    if form.back.data == "agenda":
        return url_for("admin.agenda")
    return url_for("admin.lead_detail", lead_id=meeting.lead_id)


@bp.route("/meetings/<meeting_id>/cancel", methods=["GET", "POST"])
@role_required(UserRole.EDITOR)
def meeting_cancel(meeting_id: str):
    meeting = _meeting(meeting_id)
    form = CancelForm()
    page = {"meeting": meeting, "form": form, "changeable": _changeable(meeting)}
    if not (page["changeable"] and form.validate_on_submit()):
        status = 409 if form.is_submitted() and not page["changeable"] else 200
        return render_template("admin/meetings/cancel.html", **page), status
    cancel_meeting(meeting, by=current_user)
    flash(_("The call is cancelled; the visitor has been sent the cancellation."), "success")
    return redirect(_back(meeting, form), code=303)


def _choices(zone: str) -> list[tuple[str, str]]:
    return [(slot_key(s), short_moment(s, zone)) for s in open_slots()[:SLOTS_OFFERED]]


@bp.route("/meetings/<meeting_id>/move", methods=["GET", "POST"])
@role_required(UserRole.EDITOR)
def meeting_move(meeting_id: str):
    meeting = _meeting(meeting_id)
    form = MoveForm()
    form.slot.choices = _choices(staff_time_zone(current_user))
    page = {"meeting": meeting, "form": form, "changeable": _changeable(meeting)}
    if not page["changeable"]:
        return render_template(
            "admin/meetings/move.html", **page
        ), 409 if form.is_submitted() else 200
    if not form.validate_on_submit():
        return render_template(
            "admin/meetings/move.html", **page
        ), 422 if form.is_submitted() else 200
    try:
        move_meeting(meeting, parse_slot(form.slot.data), by=current_user)
    except SlotTaken:
        form.slot.choices = _choices(staff_time_zone(current_user))
        form.slot.errors = [_("This time has just been taken. Please choose another one.")]
        return render_template("admin/meetings/move.html", **page), 409
    flash(_("The call is moved; the visitor has been sent the updated invitation."), "success")
    return redirect(_back(meeting, form), code=303)
