"""Bad configuration ends in one line naming the setting, never a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FLASK = str(Path(sys.executable).with_name("flask"))


def run_flask(args, **env):
    environ = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    environ.update({"FLASK_APP": "wsgi", "APP_ENV": "development", **env})
    return subprocess.run(
        [FLASK, *args], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("env", "setting"),
    [
        ({"APP_ENV": "production", "SECRET_KEY": ""}, "SECRET_KEY"),
        (
            {
                "APP_ENV": "production",
                "SECRET_KEY": "s" * 40,
                "ENCRYPTION_KEYS": "kN2c6xHh3cQqvQy7kPp0c2Jd0m9bK1n4nV6Z3yXw8aE=",
                "MAIL_BACKEND": "smtp",
                "SITE_URL": "",
            },
            "SITE_URL",
        ),
        ({"REDIS_URL": "redis//broken"}, "REDIS_URL"),
        ({"DATABASE_URL": "postgresql://postgres@127.0.0.1:1/nowhere"}, "DATABASE_URL"),
    ],
)
def test_bad_configuration_is_one_line(env, setting):
    result = run_flask(["db", "upgrade"], **env)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("madfam:")]
    assert len(error_lines) == 1, result.stderr
    assert setting in error_lines[0]


def test_unreachable_database_url_hides_the_password():
    result = run_flask(
        ["db", "upgrade"], DATABASE_URL="postgresql://app:s3cret-pw@127.0.0.1:1/nowhere"
    )
    assert "s3cret-pw" not in result.stderr
    assert "DATABASE_URL" in result.stderr
