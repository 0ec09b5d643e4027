"""Availability for booked calls: each staff member edits their own; ADMIN edits all."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange

from madfam.blueprints.admin import bp
from madfam.enums import UserRole
from madfam.rules import slots as rules
from madfam.security import role_required
from madfam.services import users as user_service
from madfam.services.booking.availability import (
    AvailabilityInput,
    availability_of,
    save_availability,
    staff_with_availability,
    upcoming_meetings,
)

WEEKDAYS = (
    _l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"),
    _l("Friday"), _l("Saturday"), _l("Sunday"),
)  # fmt: skip
ZONES = (
    "America/Mexico_City", "America/Cancun", "America/Tijuana", "America/Bogota",
    "America/Lima", "America/Santiago", "America/Argentina/Buenos_Aires",
    "America/Sao_Paulo", "America/New_York", "America/Chicago", "America/Los_Angeles",
    "Europe/Madrid", "Europe/Lisbon", "UTC",
)  # fmt: skip
HOURS_HINT = _l("Ranges like 09:00-13:00, 14:00-17:00; empty for a day off every week.")


def _number(label, low: int, high: int):
    message = _l("Enter a whole number from %(min)d to %(max)d.", min=low, max=high)
    return IntegerField(
        label, validators=[InputRequired(message=message), NumberRange(low, high, message)]
    )


class AvailabilityForm(FlaskForm):
    zone = SelectField(_l("Time zone"), choices=[SelectChoice(z, z) for z in ZONES])
    day0 = StringField(WEEKDAYS[0])
    day1 = StringField(WEEKDAYS[1])
    day2 = StringField(WEEKDAYS[2])
    day3 = StringField(WEEKDAYS[3])
    day4 = StringField(WEEKDAYS[4])
    day5 = StringField(WEEKDAYS[5])
    day6 = StringField(WEEKDAYS[6])
    length_minutes = _number(_l("Meeting length (minutes)"), 10, rules.MAX_LENGTH_MINUTES)
    buffer_minutes = _number(_l("Buffer between meetings (minutes)"), 0, rules.MAX_BUFFER_MINUTES)
    notice_hours = _number(_l("Minimum notice (hours)"), 0, 24 * 30)
    horizon_days = _number(_l("Bookable up to (days ahead)"), 1, rules.MAX_HORIZON_DAYS)
    days_off = TextAreaField(_l("Days off"), description=_l("One date per line, YYYY-MM-DD."))
    first_calls = BooleanField(_l("Takes first calls booked on the site"))

    def day_fields(self):
        return [self[f"day{n}"] for n in range(7)]

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        self.weekly: list[tuple[int, int, int]] = []
        for weekday, day in enumerate(self.day_fields()):
            try:
                ranges = [(weekday, s, e) for s, e in rules.parse_day(day.data or "")]
            except ValueError:
                day.errors.append(_("Write each range as 09:00-13:00."))
                ok = False
                continue
            problem = rules.ranges_problem(ranges) if ranges else None
            if problem == "order":
                day.errors.append(_("Each range must end after it starts, by 24:00."))
            elif problem == "overlap":
                day.errors.append(_("These ranges overlap."))
            ok = ok and problem is None
            self.weekly += ranges
        if ok and not self.weekly:
            self.day0.errors.append(_("Give at least one day with hours."))
            ok = False
        return self._read_days_off() and ok

    def _read_days_off(self) -> bool:
        self.dates: list[date] = []
        for line in (self.days_off.data or "").split():
            try:
                self.dates.append(date.fromisoformat(line))
            except ValueError:
                self.days_off.errors.append(_("%(value)s is not a date.", value=line))
                return False
        return True


@bp.get("/agenda")
@role_required(UserRole.VIEWER)
def agenda():
    """Upcoming booked calls, everyone's or one staff member's (``?staff=<id>``)."""
    staff_id = request.args.get("staff") or None
    return render_template(
        "admin/availability/agenda.html",
        meetings=upcoming_meetings(staff_id),
        staff=[user for user, _av in staff_with_availability()],
        staff_id=staff_id,
        can_edit=current_user.can(UserRole.EDITOR),
    )


@bp.get("/availability")
@role_required(UserRole.ADMIN)
def availability_list():
    return render_template("admin/availability/index.html", rows=staff_with_availability())


@bp.route("/availability/me", methods=["GET", "POST"])
@role_required(UserRole.VIEWER)
def availability_mine():
    return _edit(current_user, "admin.availability_mine", {})


@bp.route("/availability/<user_id>", methods=["GET", "POST"])
@role_required(UserRole.ADMIN)
def availability_edit(user_id: str):
    user = user_service.get_user(user_id) or abort(404)
    return _edit(user, "admin.availability_edit", {"user_id": user.id})


def _edit(user, endpoint: str, args: dict):
    av = availability_of(user)
    form = AvailabilityForm(
        zone=av.zone,
        length_minutes=av.length_minutes,
        buffer_minutes=av.buffer_minutes,
        notice_hours=av.notice_minutes // 60,
        horizon_days=av.horizon_days,
        days_off="\n".join(av.days_off or []),
        first_calls=av.first_calls,
        **{f"day{n}": rules.format_day([tuple(r) for r in av.weekly or []], n) for n in range(7)},
    )
    page = {"form": form, "user": user, "action": url_for(endpoint, **args)}
    if not form.is_submitted():
        return render_template("admin/availability/edit.html", **page)
    if not form.validate():
        return render_template("admin/availability/edit.html", **page), 422
    save_availability(user, _input(form))
    flash(_("Availability saved."), "success")
    return redirect(url_for(endpoint, **args), code=303)


def _input(form: AvailabilityForm) -> AvailabilityInput:
    return AvailabilityInput(
        zone=form.zone.data,
        weekly=form.weekly,
        length_minutes=form.length_minutes.data,
        buffer_minutes=form.buffer_minutes.data,
        notice_minutes=form.notice_hours.data * 60,
        horizon_days=form.horizon_days.data,
        days_off=form.dates,
        first_calls=form.first_calls.data,
    )
