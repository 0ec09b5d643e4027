"""jobs.savepoint(): a failing part of a unit of work takes its rows and its jobs with it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from madfam import jobs
from madfam.extensions import db as _db
from madfam.models import Suppression

ran: list[str] = []


def record(name: str) -> None:
    """A job that notes it ran (in-process, or in the burst worker of this process)."""
    ran.append(name)


@pytest.fixture(autouse=True)
def _nothing_ran():
    ran.clear()
    yield
    ran.clear()


def _hashes() -> set[str]:
    _db.session.expire_all()
    return set(_db.session.scalars(select(Suppression.email_hash)))


def test_a_failure_inside_drops_exactly_the_jobs_deferred_inside(app, db, run_jobs):
    db.session.add(Suppression(email_hash="before"))
    jobs.defer(record, "before")
    with pytest.raises(RuntimeError), jobs.savepoint():
        db.session.add(Suppression(email_hash="inside"))
        db.session.flush()
        jobs.defer(record, "inside-1")
        jobs.defer(record, "inside-2")
        raise RuntimeError("this part failed")
    jobs.defer(record, "after")
    jobs.commit()
    run_jobs()

    assert ran == ["before", "after"]
    assert _hashes() == {"before"}


def test_a_block_that_succeeds_keeps_its_rows_and_jobs(app, db, run_jobs):
    jobs.defer(record, "before")
    with jobs.savepoint():
        db.session.add(Suppression(email_hash="inside"))
        jobs.defer(record, "inside")
    jobs.commit()
    run_jobs()

    assert ran == ["before", "inside"]
    assert _hashes() == {"inside"}


def test_a_failure_with_nothing_deferred_before_drops_only_its_own(app, db, run_jobs):
    with pytest.raises(RuntimeError), jobs.savepoint():
        jobs.defer(record, "inside")
        raise RuntimeError("this part failed")
    jobs.defer(record, "after")
    jobs.commit()
    run_jobs()

    assert ran == ["after"]
