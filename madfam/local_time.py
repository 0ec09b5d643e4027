"""Times shown to a lead: in the lead's time zone and named, never bare UTC.

Times are stored in UTC. Leads store no time zone of their own, so their times are shown
in the site's default market time zone, Mexico City's, and the text names that zone.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_date, format_datetime, format_time, get_timezone_location
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from madfam.i18n import REGIONAL_LOCALES

DEFAULT_TIME_ZONE = "America/Mexico_City"

# How a zone is named in a sentence ("…at 10:00 AM, Mexico City time"); a zone not
# listed is named by Babel (e.g. "Brazil (São Paulo) Time").
TIME_ZONE_NAMES = {
    # The zone of Mexico's centre, as in "10:00 AM, Mexico City time".
    # TRANSLATORS: a time zone's name after a time; es "hora del centro de México".
    "America/Mexico_City": _l("Mexico City time"),
}


def lead_time_zone(lead) -> str:
    """The IANA name of the zone a lead's times are shown in: the lead's own once one is
    stored (leads have no time zone column yet), else the default market zone."""
    return getattr(lead, "time_zone", None) or DEFAULT_TIME_ZONE


def _zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or DEFAULT_TIME_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIME_ZONE)


def local_moment(value: str | datetime, zone: str | None = None) -> dict[str, str]:
    """``date``, ``time`` and ``zone`` of a UTC instant (ISO string or aware datetime),
    in ``zone`` (the default market zone when None) and the current locale:
    ``{"date": "jueves, 3 de diciembre de 2026", "time": "10:00 a.m.",
    "zone": "hora del centro de México"}``."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:  # stored times are UTC
        moment = moment.replace(tzinfo=UTC)
    tz = _zone(zone)
    locale = _locale()
    return {
        "date": format_date(moment.astimezone(tz), "full", locale=locale),
        "time": format_time(moment, "short", tzinfo=tz, locale=locale),
        "zone": zone_name(zone),
    }


def staff_time_zone(user) -> str:
    """The IANA zone a staff member reads and enters times in: their own setting once
    accounts store one, else the default market zone."""
    return getattr(user, "time_zone", None) or DEFAULT_TIME_ZONE


def zone_name(zone: str | None = None) -> str:
    """How ``zone`` is named in the current locale ("hora del centro de México")."""
    tz = _zone(zone)
    name = TIME_ZONE_NAMES.get(tz.key)
    return str(name) if name else get_timezone_location(tz, locale=_locale())


def _locale() -> str:
    code = str(get_locale() or REGIONAL_LOCALES["es"])
    return REGIONAL_LOCALES.get(code, code)


def short_moment(value: str | datetime | None, zone: str | None = None) -> str:
    """A UTC instant as a compact date and 24-hour time in ``zone``, on one line in a
    table: "10 nov 2026, 16:23" (es), "10 Nov 2026, 16:23" (en)."""
    if value is None:
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:  # stored times are UTC
        moment = moment.replace(tzinfo=UTC)
    return format_datetime(moment, "d MMM y, HH:mm", tzinfo=_zone(zone), locale=_locale())


def to_utc(local: datetime, zone: str | None = None) -> datetime:
    """A naive wall-clock time entered in ``zone`` as an aware UTC datetime."""
    return local.replace(tzinfo=_zone(zone)).astimezone(UTC)
