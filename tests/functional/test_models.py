"""The data model: ids, timestamps, JSON, enums and database-enforced cascades."""

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, StatementError

from madfam.enums import LeadSource, LeadStatus, ServiceTier
from madfam.models import Assessment, EmailQueue, Lead, LeadActivity, LeadNote
from madfam.models.base import new_id
from tests.factories import (
    make_activity,
    make_assessment,
    make_email,
    make_lead,
    make_note,
    make_user,
)


def test_ids_are_unique_cuid_style_strings():
    ids = {new_id() for _ in range(20000)}
    assert len(ids) == 20000
    assert all(re.fullmatch(r"c[0-9a-z]{24}", i) for i in ids)


def test_lead_defaults(db):
    lead = make_lead()
    assert re.fullmatch(r"c[0-9a-z]{24}", lead.id)
    assert lead.status is LeadStatus.NEW
    assert lead.source is LeadSource.WEBSITE
    assert lead.score == 0
    assert lead.marketing_consent is False


def test_timestamps_are_timezone_aware_utc_and_updated_at_moves(db):
    lead = make_lead()
    db.session.expire_all()
    lead = db.session.get(Lead, lead.id)
    assert lead.created_at.tzinfo is not None
    assert lead.created_at.utcoffset().total_seconds() == 0
    first_update = lead.updated_at
    lead.company = "Empresa SA"
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Lead, lead.id).updated_at > first_update


def test_naive_datetimes_are_refused(db):
    db.session.add(make_lead(created_at=datetime(2026, 1, 1), save=False))
    with pytest.raises(StatementError):
        db.session.commit()
    db.session.rollback()


def test_enums_are_stored_by_name(db):
    lead = make_lead(tier=ServiceTier.L3_CONSULTING, status=LeadStatus.QUALIFIED)
    raw = db.session.execute(text("SELECT tier, status FROM lead WHERE id = :id"), {"id": lead.id})
    assert tuple(raw.one()) == ("L3_CONSULTING", "QUALIFIED")


def test_unknown_enum_value_is_rejected_by_the_database(db):
    with pytest.raises(IntegrityError):
        db.session.execute(
            text(
                "INSERT INTO lead (id, email, tier, source, score, status, marketing_consent,"
                " created_at, updated_at) VALUES ('x1', 'a@b.mx', 'L9_FAKE', 'WEBSITE', 0, 'NEW',"
                " false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
    db.session.rollback()


def test_json_columns_round_trip(db):
    assessment = make_assessment(answers={"tech_data": 3}, strengths=["strength.team"])
    email = make_email(subject="Hola", data={"n": [1, 2]})
    db.session.expire_all()
    assert db.session.get(Assessment, assessment.id).answers == {"tech_data": 3}
    assert db.session.get(EmailQueue, email.id).data == {"n": [1, 2]}


def test_deleting_a_lead_cascades_in_the_database(db):
    """A raw SQL DELETE — no ORM involved — removes notes and activities."""
    lead = make_lead()
    author = make_user(password=None)
    make_note(lead, content="Llamar el lunes", author=author)
    make_activity(lead, type="call_made", description="Call")
    lead_id = lead.id
    db.session.expunge_all()
    db.session.execute(text("DELETE FROM lead WHERE id = :id"), {"id": lead_id})
    db.session.commit()
    assert db.session.scalar(select(LeadNote).where(LeadNote.lead_id == lead_id)) is None
    assert db.session.scalar(select(LeadActivity).where(LeadActivity.lead_id == lead_id)) is None


def test_foreign_keys_are_enforced(db):
    db.session.add(make_note(None, lead_id="does-not-exist", content="orphan", save=False))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_user_email_is_unique(db):
    db.session.add_all([make_user(email="same@madfam.io", save=False) for _ in range(2)])
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_composite_indexes_exist(db):
    from sqlalchemy import inspect

    inspector = inspect(db.engine)
    lead_indexes = {i["name"]: i["column_names"] for i in inspector.get_indexes("lead")}
    assert lead_indexes["ix_lead_tier_status"] == ["tier", "status"]
    assert lead_indexes["ix_lead_source_created_at"] == ["source", "created_at"]
    event_indexes = {i["name"]: i["column_names"] for i in inspector.get_indexes("analytics_event")}
    assert event_indexes["ix_analytics_event_event_created_at"] == ["event", "created_at"]


def test_created_at_default_is_evaluated_per_row(db):
    a = make_lead(email="a@empresa.mx")
    b = make_lead(email="b@empresa.mx")
    assert a.created_at <= b.created_at
    assert a.created_at <= datetime.now(UTC)
