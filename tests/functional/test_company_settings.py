"""The company's public details: placeholders in development, required in production."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from madfam.config import COMPANY_PLACEHOLDERS, ConfigError, load_config
from tests.helpers import COMPANY, TEST_ENCRYPTION_KEY

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "APP_ENV": "production",
    "SECRET_KEY": "s" * 40,
    "ENCRYPTION_KEYS": TEST_ENCRYPTION_KEY,
    "MAIL_BACKEND": "smtp",
    "SITE_URL": "https://madfam.example",
    **COMPANY,
}


def test_development_shows_obvious_placeholders():
    cfg = load_config({"APP_ENV": "development"})
    for name, placeholder in COMPANY_PLACEHOLDERS.items():
        assert cfg[name] == placeholder
    assert cfg["CONTACT_EMAIL"].endswith("@example.com")
    assert cfg["PRIVACY_REQUEST_DUE_BUSINESS_DAYS"] == 20


def test_production_starts_with_every_company_detail():
    cfg = load_config(PRODUCTION)
    assert cfg["COMPANY_TAX_ID"] == "MAD010101AB1"
    assert cfg["WHATSAPP_NUMBER"] == "5215512345678"


@pytest.mark.parametrize("env", ["staging", "production"])
@pytest.mark.parametrize("name", sorted(COMPANY))
def test_staging_and_production_require_each_detail(env, name):
    for value in (None, "", COMPANY_PLACEHOLDERS[name]):
        settings = {**PRODUCTION, "APP_ENV": env}
        if value is None:
            del settings[name]
        else:
            settings[name] = value
        with pytest.raises(ConfigError) as info:
            load_config(settings)
        message = str(info.value)
        assert message.startswith(name) and "\n" not in message


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("CONTACT_EMAIL", "not an email"),
        ("PRIVACY_OFFICER_EMAIL", "privacidad"),
        ("WHATSAPP_NUMBER", "+52 55 1234 5678"),
        ("WHATSAPP_NUMBER", "123"),
        ("COMPANY_TAX_ID", "ABC"),
        ("PRIVACY_REQUEST_DUE_BUSINESS_DAYS", "0"),
        ("PRIVACY_REQUEST_DUE_BUSINESS_DAYS", "twenty"),
    ],
)
def test_malformed_details_are_refused_everywhere(name, value):
    with pytest.raises(ConfigError, match=name):
        load_config({"APP_ENV": "development", name: value})


def test_the_rfc_is_read_upper_case():
    assert load_config({**PRODUCTION, "COMPANY_TAX_ID": " mad010101ab1 "})["COMPANY_TAX_ID"] == (
        "MAD010101AB1"
    )


def test_production_without_a_detail_stops_with_one_line():
    environ = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    environ.update({k: v for k, v in PRODUCTION.items() if k != "COMPANY_LEGAL_NAME"})
    environ["FLASK_APP"] = "wsgi"
    flask = str(Path(sys.executable).with_name("flask"))
    result = subprocess.run(
        [flask, "db", "upgrade"], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("madfam:")]
    assert len(lines) == 1 and "COMPANY_LEGAL_NAME" in lines[0], result.stderr
