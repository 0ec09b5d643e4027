"""Column types and defaults shared by every model."""

import secrets
import time
from datetime import UTC, datetime

from sqlalchemy import JSON, DateTime, Enum, Integer, String, Text, TypeDecorator
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"
_counter = secrets.randbelow(36**4)


def _base36(number: int, width: int) -> str:
    out = []
    for _ in range(width):
        number, rem = divmod(number, 36)
        out.append(_ALPHABET[rem])
    return "".join(reversed(out))


def new_id() -> str:
    """A collision-resistant, roughly time-ordered string id in the style of cuid.

    ``c`` + 8 chars of millisecond timestamp + 4 chars of a per-process counter
    + 12 random chars (62 bits from the OS CSPRNG) = 25 characters.
    """
    global _counter
    _counter = (_counter + 1) % 36**4
    return (
        "c"
        + _base36(int(time.time() * 1000), 8)
        + _base36(_counter, 4)
        + "".join(secrets.choice(_ALPHABET) for _ in range(12))
    )


def enum_column(enum_cls) -> Enum:
    """Enums are stored by name in a VARCHAR with a CHECK constraint on both backends."""
    return Enum(
        enum_cls,
        native_enum=False,
        create_constraint=True,
        length=20,
        name=enum_cls.__name__.lower(),
        validate_strings=True,
    )


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every backend.

    PostgreSQL stores ``timestamptz``; SQLite has no time zone, so values are
    normalised to UTC on the way in and tagged as UTC on the way out.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use timezone-aware UTC")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# JSON on SQLite, JSONB on PostgreSQL.
JSONType = JSON().with_variant(JSONB(), "postgresql")

ID = String(32)


class RetriedDelivery:
    """The columns of a row that the outbox delivers with retries (email, webhook).

    ``status`` starts "pending"; each model names the states it goes through.
    """

    status: Mapped[str] = mapped_column(
        String(20), default="pending", server_default="pending", index=True
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The RQ job last enqueued to deliver the row: the sweep enqueues another only once
    # RQ no longer holds this one waiting or running.
    job_id: Mapped[str | None] = mapped_column(String(32))
