"""The leads list as CSV, streamed, with cells a spreadsheet will not run as formulas."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from madfam.extensions import db
from madfam.models import Lead
from madfam.services.lead_admin.filters import LeadFilters, ordered

CSV_COLUMNS = (
    "id", "created_at", "email", "first_name", "last_name", "company", "phone", "tier",
    "status", "source", "score", "industry", "company_size", "budget", "timeframe",
    "utm_source", "utm_medium", "utm_campaign", "marketing_consent", "message",
)  # fmt: skip
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """A value as a CSV cell a spreadsheet will not run as a formula."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if hasattr(value, "value") and isinstance(value.value, str):  # enums
        value = value.value
    text = str(value)
    if isinstance(value, str) and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def export_csv(filters: LeadFilters, batch: int = 1000) -> Iterator[str]:
    """Yield the CSV of every lead matching ``filters``, a batch of rows at a time.

    Rows stream from a server-side cursor (``yield_per``), so memory stays flat
    however many leads match.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    columns = tuple(getattr(Lead, name) for name in CSV_COLUMNS)
    stmt = ordered(filters, columns).execution_options(yield_per=batch)
    result = db.session.execute(stmt)
    try:
        for count, row in enumerate(result, start=1):
            writer.writerow([csv_cell(value) for value in row])
            if count % batch == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
    finally:
        result.close()
    yield buffer.getvalue()
