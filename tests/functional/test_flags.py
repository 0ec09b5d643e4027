"""The flags helper reads FeatureFlag rows for the running environment."""

from madfam import flags
from tests.factories import make_flag


def test_is_enabled_reads_rows_and_unknown_keys_are_off(app, db):
    make_flag("CHAT_SUPPORT", name="Chat", enabled=True, rollout_percentage=100)
    make_flag("A11Y_IMPROVEMENTS", name="A11y", enabled=False)
    make_flag(
        "PERFORMANCE_MONITORING",
        name="Perf",
        enabled=True,
        enabled_dev=True,
        rollout_percentage=0,
        user_groups=["beta_users"],
    )
    with app.test_request_context():
        assert flags.is_enabled("CHAT_SUPPORT", "visitor-1") is True
        assert flags.is_enabled("A11Y_IMPROVEMENTS", "visitor-1") is False
        assert flags.is_enabled("NO_SUCH_FLAG", "visitor-1") is False
        assert flags.is_enabled("PERFORMANCE_MONITORING", "v", groups=["beta_users"]) is True
        assert flags.is_enabled("PERFORMANCE_MONITORING", "v") is False


def test_production_uses_the_production_switch(app, db):
    make_flag(
        "K", name="K", enabled=True, enabled_dev=True, enabled_prod=False, rollout_percentage=100
    )
    previous = app.config["APP_ENV"]
    app.config["APP_ENV"] = "production"
    try:
        with app.test_request_context():
            assert flags.is_enabled("K", "s") is False
    finally:
        app.config["APP_ENV"] = previous
