"""With no active endpoint, writes stop looking for one for a moment (the per-process
cache of ``services.webhooks``); an endpoint saved in the admin area gets the next
event at once all the same."""

from __future__ import annotations

import pytest

from madfam.services import webhooks
from tests.factories import make_integration


@pytest.fixture
def remembered(app):
    app.config["INTEGRATION_CACHE_SECONDS"] = 60
    webhooks.forget_integrations()
    yield
    app.config["INTEGRATION_CACHE_SECONDS"] = 0
    webhooks.forget_integrations()


def test_an_endpoint_saved_after_none_was_found_gets_the_next_event(app, db, remembered):
    assert webhooks.active_integrations() == []  # remembered: none
    saved = make_integration(name="crm")
    assert [i.id for i in webhooks.active_integrations()] == [saved.id]
    assert webhooks.active_integrations(kind="slack") == []
