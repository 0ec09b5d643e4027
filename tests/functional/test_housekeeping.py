"""The worker's periodic housekeeping job."""

from datetime import UTC, datetime, timedelta

from madfam.enums import AssessmentStatus
from madfam.jobs.sweep import sweep_job
from madfam.models import Assessment
from tests.factories import make_assessment, make_event, make_lead, make_session


def test_periodic_job_marks_idle_assessments_abandoned_and_keeps_answers(db):
    long_ago = datetime.now(UTC) - timedelta(hours=30)
    idle = make_assessment(answers={"tech_data": 2}, created_at=long_ago, updated_at=long_ago)
    fresh = make_assessment(answers={"tech_data": 4})

    counts = sweep_job()

    assert counts["abandoned_assessments"] == 1
    db.session.expire_all()
    assert db.session.get(Assessment, idle.id).status is AssessmentStatus.ABANDONED
    assert db.session.get(Assessment, idle.id).answers == {"tech_data": 2}
    assert db.session.get(Assessment, fresh.id).status is AssessmentStatus.STARTED


def test_retention_deletes_old_traces_and_keeps_what_is_still_needed(runner, db, make_user):
    from madfam.enums import ServiceTier
    from madfam.models import AnalyticsEvent, Session

    now = datetime.now(UTC)
    old = now - timedelta(days=500)
    lead = make_lead(email="ana@empresa.mx", tier=ServiceTier.L2_ADVANCED)
    user = make_user()
    make_event("page.view", created_at=old)
    make_event("page.view")
    make_assessment(status=AssessmentStatus.ABANDONED, created_at=old)
    make_assessment(status=AssessmentStatus.ABANDONED, created_at=old, lead_id=lead.id)
    make_assessment(status=AssessmentStatus.COMPLETED, created_at=old)
    make_session(user, expires=now - timedelta(hours=1))
    make_session(user, expires=now + timedelta(hours=1))

    result = runner.invoke(args=["retention"])

    assert result.exit_code == 0, result.output
    assert "analytics_events: 1 deleted" in result.output
    assert "abandoned_assessments: 1 deleted" in result.output
    assert "expired_sessions: 1 deleted" in result.output
    assert db.session.query(AnalyticsEvent).count() == 1
    assert db.session.query(Assessment).count() == 2
    assert db.session.query(Session).count() == 1
