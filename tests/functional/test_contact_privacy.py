"""Privacy: after a submission the raw IP address is nowhere in the database."""

from __future__ import annotations

import re

from sqlalchemy import select

from madfam.models import AnalyticsEvent, Lead
from madfam.security import hash_ip
from tests.helpers import only_lead, submit

RAW_IP = "203.0.113.77"


def test_no_raw_ip_in_any_column_of_any_table(app, client, db, instant_form):
    client.environ_base["REMOTE_ADDR"] = RAW_IP
    client.get("/es/?utm_source=linkedin&utm_medium=social&utm_campaign=launch")
    submit(client, message="Please call me back, my address is on file.")
    submit(client, message="A second message, stored as a note.")

    lead = only_lead(db)
    rows_searched = 0
    found = []
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            for row in conn.execute(select(table)):
                rows_searched += 1
                for column, value in row._mapping.items():
                    if value is not None and RAW_IP in str(value):
                        found.append(f"{table.name}.{column}")
    assert rows_searched >= 6  # lead, note, activities, events, email
    assert found == []

    # What is stored instead: the day's keyed hash, 64 hex characters.
    with app.test_request_context():
        expected = hash_ip(RAW_IP)
    assert lead.ip_address == expected
    assert re.fullmatch(r"[0-9a-f]{64}", lead.ip_address)
    events = db.session.scalars(select(AnalyticsEvent)).all()
    assert events and {e.ip_address for e in events} == {expected}


def test_user_agent_is_truncated_to_256_characters(client, db, instant_form):
    client.environ_base["HTTP_USER_AGENT"] = "Mozilla/5.0 " + "x" * 1000
    submit(client)
    lead = db.session.scalar(select(Lead))
    assert len(lead.user_agent) == 256
    assert lead.user_agent.startswith("Mozilla/5.0 ")


def test_control_characters_in_headers_and_utm_never_reach_the_database(client, db, instant_form):
    """NUL cannot be stored in PostgreSQL text: it is dropped from what a visit records."""
    client.environ_base.update(
        HTTP_USER_AGENT="Mozilla\x00/5.0", HTTP_REFERER="https://example.com/\x00x"
    )
    client.get("/es/?utm_source=news%00letter&utm_campaign=%00launch")
    response = submit(client)
    assert response.status_code == 303
    lead = only_lead(db)
    assert lead.utm_source == "newsletter"
    assert lead.utm_campaign == "launch"
    assert lead.user_agent == "Mozilla/5.0"
