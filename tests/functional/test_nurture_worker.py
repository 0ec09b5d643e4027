"""The follow-up sequence end to end with real RQ workers on the test database and Redis:
step 1 goes after the delay, once with two workers; unsubscribing stops step 2."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from rq.job import Job
from sqlalchemy import select, update

from madfam import jobs
from madfam.enums import ServiceTier
from madfam.extensions import db as _db
from madfam.jobs.nurture import nurture_job
from madfam.models import EmailQueue, Lead, LeadActivity, NurtureStep
from madfam.services.capture import capture_lead
from madfam.services.context import Visit
from madfam.services.leads import LeadInput
from tests.helpers import TEST_REDIS_URL, start_worker, stop, wait_for
from tests.receivers import SMTPSink

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(not TEST_REDIS_URL, reason="needs a real Redis and RQ worker"),
]


def backdate(lead_id: str, days: float) -> None:
    when = datetime.now(UTC) - timedelta(days=days)
    _db.session.execute(update(Lead).where(Lead.id == lead_id).values(created_at=when))
    _db.session.commit()


def run_nurture_jobs(times: int) -> None:
    """Enqueue the periodic job ``times`` times at once and wait for every run to end."""
    queue = jobs.get_queue()
    queued = [queue.enqueue(nurture_job) for _ in range(times)]
    wait_for(
        lambda: all(
            Job.fetch(job.id, connection=queue.connection).get_status() in ("finished", "failed")
            for job in queued
        ),
        what="the nurture jobs to run",
    )
    assert {Job.fetch(j.id, connection=queue.connection).get_status() for j in queued} == {
        "finished"
    }


def marketing(sink: SMTPSink) -> list:
    """The messages the sink received that carry an unsubscribe link (the follow-ups)."""
    return [m for m in sink.messages if m["List-Unsubscribe"]]


def follow_ups() -> list[EmailQueue]:
    _db.session.expire_all()
    return list(_db.session.scalars(select(EmailQueue).where(EmailQueue.template == "follow_up")))


def test_step_one_once_with_two_workers_and_unsubscribe_stops_step_two(app, db):
    result = capture_lead(
        LeadInput(
            email="ana@gmail.com",
            first_name="Ana",
            tier=ServiceTier.L1_ESSENTIALS,
            marketing_consent=True,
        ),
        Visit(),
    )
    with SMTPSink() as sink:
        # Both workers also run the periodic sweep (and with it the sequence) every second.
        workers = [start_worker(app, sink, SWEEP_INTERVAL_SECONDS="1") for _ in range(2)]
        try:
            run_nurture_jobs(2)
            assert follow_ups() == []  # not yet: the lead is new

            backdate(result.lead_id, 2.1)
            run_nurture_jobs(6)
            [email] = follow_ups()
            wait_for(lambda: follow_ups()[0].status == "sent", what="step 1 to be sent")
            run_nurture_jobs(4)  # and the workers' own sweeps meanwhile
            assert len(follow_ups()) == 1
            assert _db.session.scalars(select(NurtureStep.step)).all() == [1]

            [message] = marketing(sink)
            assert message["To"] == "ana@gmail.com"
            url = email.data["unsubscribe_url"]
            assert message["List-Unsubscribe"] == f"<{url}>"
            assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

            # The mail client's one-click POST.
            client = app.test_client()
            one_click = {"List-Unsubscribe": "One-Click"}
            assert client.post(urlsplit(url).path, data=one_click).status_code == 200

            backdate(result.lead_id, 7.1)
            run_nurture_jobs(4)
        finally:
            for worker in workers:
                stop(worker)

    assert len(follow_ups()) == 1  # no step 2
    assert _db.session.scalars(select(NurtureStep.step)).all() == [1]
    assert len(marketing(sink)) == 1
    timeline = set(_db.session.scalars(select(LeadActivity.type)))
    assert {"email_sent", "email_unsubscribed"} <= timeline
