"""schemathesis against /api/v1/openapi.json: with a read and a write token, every
generated request gets an answer the document describes, and never a server error.

Marked ``contract``: .ci/run runs it on its own, on SQLite and on PostgreSQL + Redis.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance

from madfam.enums import LeadStatus, UserRole
from madfam.services import api_tokens
from tests.factories import make_lead, make_note, make_user

pytestmark = pytest.mark.contract

CHECKS = [schemathesis.checks.not_a_server_error, response_schema_conformance]
EXAMPLES = int(os.environ.get("API_CONTRACT_EXAMPLES", "15"))


@pytest.fixture
def seeded(app, db, monkeypatch):
    admin = make_user(UserRole.ADMIN)
    lead = make_lead(company="Acme", status=LeadStatus.QUALIFIED, score=80)
    make_note(lead, author_id=admin.id)
    for _ in range(3):
        make_lead()
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "100000/minute")
    tokens = [api_tokens.create_token(scope, scope, admin)[1] for scope in ("read", "write")]
    return tokens, lead.id


def _operations(app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


def test_the_document_loads_with_every_operation(app, db):
    labels = {operation.label for operation in _operations(app)}
    assert labels == {
        "GET /api/v1/leads",
        "GET /api/v1/leads/{lead_id}",
        "POST /api/v1/leads/{lead_id}/status",
        "POST /api/v1/leads/{lead_id}/notes",
    }  # schemathesis leaves out the document's own URL


def test_api_answers_as_documented(app, seeded):
    tokens, lead_id = seeded
    runs = [(op, mode) for op in _operations(app) for mode in GenerationMode]
    for operation, mode in runs:  # valid requests, then invalid ones

        @given(case=operation.as_strategy(mode))
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
        def check(case):
            # The generated lead id (almost never a lead), then the seeded lead's.
            for real in (False, True):
                if real and "lead_id" not in (case.path_parameters or {}):
                    continue
                if real:
                    case.path_parameters["lead_id"] = lead_id
                for token in tokens:
                    # Generated headers would replace these; identity: the WSGI transport
                    # reads the body as it comes.
                    case.headers = {
                        **(case.headers or {}),
                        "Authorization": f"Bearer {token}",
                        "Accept-Encoding": "identity",
                    }
                    case.call_and_validate(checks=CHECKS)

        check()
