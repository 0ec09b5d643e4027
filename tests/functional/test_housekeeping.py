"""The worker's periodic housekeeping job."""

from datetime import UTC, datetime, timedelta

from madfam.enums import AssessmentStatus
from madfam.jobs.sweep import sweep_job
from madfam.models import Assessment


def test_periodic_job_marks_idle_assessments_abandoned_and_keeps_answers(db):
    long_ago = datetime.now(UTC) - timedelta(hours=30)
    idle = Assessment(answers={"tech_data": 2}, created_at=long_ago, updated_at=long_ago)
    fresh = Assessment(answers={"tech_data": 4})
    db.session.add_all([idle, fresh])
    db.session.commit()

    counts = sweep_job()

    assert counts["abandoned_assessments"] == 1
    db.session.expire_all()
    assert db.session.get(Assessment, idle.id).status is AssessmentStatus.ABANDONED
    assert db.session.get(Assessment, idle.id).answers == {"tech_data": 2}
    assert db.session.get(Assessment, fresh.id).status is AssessmentStatus.STARTED
