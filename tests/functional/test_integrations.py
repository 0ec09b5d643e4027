"""Integrations: secrets encrypted at rest, key rotation, and the ADMIN edit page."""

from __future__ import annotations

import json

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select, text

from madfam.extensions import db as _db
from madfam.models import Integration, WebhookDelivery
from madfam.services import integrations as service
from madfam.services.integration_config import InvalidConfig, parse_config
from tests.helpers import TEST_ENCRYPTION_KEY, csrf_from
from tests.receivers import HTTPReceiver

API_KEY = "sk_live_Very-Secret-Key-4242"
CONFIG = {"channel": "#ventas-secretas", "token": "xoxb-plain-config-value"}


def all_database_text() -> str:
    """Every value of every column of every table, as text."""
    chunks = []
    with _db.engine.connect() as conn:
        for table in _db.metadata.sorted_tables:
            for row in conn.execute(text(f'SELECT * FROM "{table.name}"')):  # noqa: S608
                chunks.extend(str(value) for value in row)
    return "\n".join(chunks)


def test_no_api_key_or_config_value_is_stored_in_clear(app, db):
    integration = service.save_integration(
        service.IntegrationInput(
            name="n8n", webhook_url="http://127.0.0.1:9/hook", api_key=API_KEY, config=CONFIG
        )
    )
    secret = service.get_signing_secret(integration)
    stored = all_database_text()
    for plain in (API_KEY, *CONFIG.values(), "ventas", secret, secret[6:]):
        assert plain not in stored
    _db.session.expire_all()
    integration = _db.session.get(Integration, integration.id)
    assert service.get_api_key(integration) == API_KEY
    assert service.get_config(integration) == CONFIG


def test_rotate_keys_re_encrypts_with_the_newest_key(app, db, runner, monkeypatch):
    integration = service.save_integration(
        service.IntegrationInput(name="slack", kind="slack", api_key=API_KEY, config=CONFIG)
    )
    new_key = Fernet.generate_key().decode()
    monkeypatch.setitem(app.config, "ENCRYPTION_KEYS", (new_key, TEST_ENCRYPTION_KEY))
    result = runner.invoke(args=["rotate-keys"])
    assert result.exit_code == 0, result.output
    assert "1 integrations" in result.output

    monkeypatch.setitem(app.config, "ENCRYPTION_KEYS", (new_key,))  # the old key retired
    _db.session.expire_all()
    integration = _db.session.get(Integration, integration.id)
    assert service.get_api_key(integration) == API_KEY
    assert service.get_config(integration) == CONFIG
    assert service.get_signing_secret(integration).startswith("whsec_")


def _form(client, url: str, **fields) -> dict:
    page = client.get(url)
    assert page.status_code == 200
    data = {"csrf_token": csrf_from(page), "name": "n8n", "kind": "webhook", "enabled": "y"}
    data.update(fields)
    return data


def test_admin_creates_and_edits_an_integration_without_the_key_rendered_back(admin_client, db):
    data = _form(
        admin_client,
        "/admin/integrations/new",
        webhook_url="http://127.0.0.1:9/hook",
        api_key=API_KEY,
        config=json.dumps(CONFIG),
    )
    response = admin_client.post("/admin/integrations/new", data=data)
    assert response.status_code == 303
    integration = _db.session.scalar(select(Integration))
    edit_url = f"/admin/integrations/{integration.id}"

    page = admin_client.get(edit_url)
    html = page.get_data(as_text=True)
    assert API_KEY not in html and "ventas" not in html
    assert "••••••••" in html  # shown masked
    assert "channel" in html  # the stored configuration's keys, not values

    # Saving with the key field left empty keeps the stored key and configuration.
    data = _form(admin_client, edit_url, webhook_url="http://127.0.0.1:9/other")
    assert admin_client.post(edit_url, data=data).status_code == 303
    _db.session.expire_all()
    integration = _db.session.get(Integration, integration.id)
    assert integration.webhook_url == "http://127.0.0.1:9/other"
    assert service.get_api_key(integration) == API_KEY
    assert service.get_config(integration) == CONFIG

    assert admin_client.get("/admin/integrations").status_code == 200


def test_a_private_webhook_url_is_refused_with_the_form_again(admin_client, db, app, monkeypatch):
    monkeypatch.setitem(app.config, "ALLOW_PRIVATE_WEBHOOKS", False)
    data = _form(admin_client, "/admin/integrations/new", webhook_url="http://127.0.0.1/x")
    response = admin_client.post("/admin/integrations/new", data=data)
    assert response.status_code == 422
    assert 'id="webhook_url-error"' in response.get_data(as_text=True)
    assert _db.session.scalar(select(Integration)) is None


LOCAL_IPV6_FORMS = [
    "http://[::7f00:1]/x",  # IPv4-compatible 127.0.0.1
    "http://[64:ff9b::7f00:1]/x",  # NAT64 of 127.0.0.1
    "http://[64:ff9b::a9fe:a9fe]/x",  # NAT64 of 169.254.169.254
    "http://[::ffff:0:7f00:1]/x",  # SIIT IPv4-translated 127.0.0.1
    "http://[fec0::1]/x",  # site-local
]


@pytest.mark.parametrize("url", LOCAL_IPV6_FORMS)
def test_ipv6_forms_of_local_addresses_are_refused_and_nothing_is_saved(
    admin_client, db, app, monkeypatch, url
):
    existing = service.save_integration(
        service.IntegrationInput(name="n8n", webhook_url="http://127.0.0.1:9/hook")
    )
    monkeypatch.setitem(app.config, "ALLOW_PRIVATE_WEBHOOKS", False)
    data = _form(admin_client, "/admin/integrations/new", name="other", webhook_url=url)
    response = admin_client.post("/admin/integrations/new", data=data)
    assert response.status_code == 422
    assert 'id="webhook_url-error"' in response.get_data(as_text=True)

    edit_url = f"/admin/integrations/{existing.id}"
    response = admin_client.post(edit_url, data=_form(admin_client, edit_url, webhook_url=url))
    assert response.status_code == 422
    assert 'id="webhook_url-error"' in response.get_data(as_text=True)
    _db.session.expire_all()
    assert [i.name for i in _db.session.scalars(select(Integration))] == ["n8n"]
    assert _db.session.get(Integration, existing.id).webhook_url == ("http://127.0.0.1:9/hook")


def _nested(depth: int) -> str:
    return '{"a": ' * depth + "1" + "}" * depth


BAD_CONFIGS = [
    "[" * 100_000,  # deeper than any recursion limit, and oversized
    "[" * 4_000,  # deep enough to exhaust json.loads's recursion, yet small
    '{"a": ' + "[" * 3_000 + "]" * 3_000 + "}",
    _nested(11),  # one level too deep
    '{"a": [[[[[[[[[[1]]]]]]]]]]}',  # 11 levels of arrays inside the object
    json.dumps({"big": "x" * 17_000}),  # over 16 kB
    json.dumps({"big": "ñ" * 8_500}, ensure_ascii=False),  # < 16 k characters, > 16 kB
    '{"channel": ',  # malformed
    '{"n": NaN}',  # not JSON
    '{"a": 1} {"b": 2}',
    "[1, 2]",  # not an object
]


@pytest.mark.parametrize("config", BAD_CONFIGS, ids=lambda c: c[:20])
def test_a_malformed_oversized_or_too_deep_configuration_is_a_field_error(admin_client, db, config):
    integration = service.save_integration(service.IntegrationInput(name="n8n", config=CONFIG))
    edit_url = f"/admin/integrations/{integration.id}"
    data = _form(admin_client, edit_url, name="renamed", config=config)
    response = admin_client.post(edit_url, data=data)
    assert response.status_code == 422
    assert 'id="config-error"' in response.get_data(as_text=True)
    _db.session.expire_all()
    integration = _db.session.get(Integration, integration.id)
    assert (integration.name, service.get_config(integration)) == ("n8n", CONFIG)

    data = _form(admin_client, "/admin/integrations/new", name="other", config=config)
    response = admin_client.post("/admin/integrations/new", data=data)
    assert response.status_code == 422
    assert 'id="config-error"' in response.get_data(as_text=True)
    assert len(_db.session.scalars(select(Integration)).all()) == 1


def test_the_configuration_error_names_the_limits(admin_client, db):
    data = _form(admin_client, "/admin/integrations/new", config="[" * 100_000)
    html = admin_client.post("/admin/integrations/new", data=data).get_data(as_text=True)
    assert "La configuración admite como máximo 16 kB y 10 niveles de anidamiento." in html


def test_a_configuration_ten_levels_deep_and_16_kb_is_accepted(admin_client, db):
    deep = json.loads(_nested(10))
    assert parse_config(_nested(10)) == deep
    # Brackets inside strings (after an escaped quote too) are not nesting.
    text = json.dumps({"a": '\\"' + "[" * 50, "b": "{" * 50, "c": json.loads(_nested(9))})
    assert parse_config(text)["b"] == "{" * 50
    big = {"big": "x" * (16 * 1024 - 20)}
    assert len(json.dumps(big).encode()) <= 16 * 1024
    data = _form(admin_client, "/admin/integrations/new", config=json.dumps(big))
    assert admin_client.post("/admin/integrations/new", data=data).status_code == 303
    assert service.get_config(_db.session.scalar(select(Integration))) == big


@pytest.mark.parametrize("config", BAD_CONFIGS, ids=lambda c: c[:20])
def test_the_service_refuses_bad_configuration_text(config):
    with pytest.raises(InvalidConfig):
        parse_config(config)


def test_the_service_refuses_a_too_deep_configuration_and_saves_nothing(app, db):
    deep: dict = {}
    for _ in range(5_000):
        deep = {"a": deep}
    with pytest.raises(InvalidConfig):
        service.save_integration(service.IntegrationInput(name="n8n", config=deep))
    with pytest.raises(InvalidConfig):
        service.save_integration(service.IntegrationInput(name="n8n", config=json.loads(
            json.dumps({"big": "x" * 17_000})
        )))  # fmt: skip
    _db.session.rollback()
    assert _db.session.scalar(select(Integration)) is None


def test_send_test_event_queues_and_records_a_delivery(admin_client, db, run_jobs):
    from tests.receivers import HTTPReceiver

    with HTTPReceiver([200]) as receiver:
        integration = service.save_integration(
            service.IntegrationInput(name="n8n", webhook_url=receiver.url)
        )
        edit_url = f"/admin/integrations/{integration.id}"
        token = csrf_from(admin_client.get(edit_url))
        response = admin_client.post(f"{edit_url}/test", data={"csrf_token": token})
        assert response.status_code == 303
        run_jobs()
        assert json.loads(receiver.requests[0].body)["type"] == "test.ping"
        delivery = _db.session.scalar(select(WebhookDelivery))
        assert delivery.event == "test.ping"
        page = admin_client.get(edit_url).get_data(as_text=True)
        assert "test.ping" in page and "200" in page  # the attempt is visible

        # Without a CSRF token nothing is sent.
        assert admin_client.post(f"{edit_url}/test").status_code == 400


def test_the_signing_secret_is_shown_once_on_request(admin_client, db):
    integration = service.save_integration(service.IntegrationInput(name="n8n"))
    edit_url = f"/admin/integrations/{integration.id}"
    token = csrf_from(admin_client.get(edit_url))
    response = admin_client.post(f"{edit_url}/secret", data={"csrf_token": token})
    assert response.status_code == 200
    _db.session.expire_all()
    secret = service.get_signing_secret(_db.session.get(Integration, integration.id))
    assert secret in response.get_data(as_text=True)
    assert secret not in admin_client.get(edit_url).get_data(as_text=True)


def test_integrations_are_for_admins_only(editor_client, db):
    assert editor_client.get("/admin/integrations").status_code == 403
    assert editor_client.get("/admin/integrations/new").status_code == 403


def test_without_encryption_keys_saving_shows_a_form_error_and_stores_nothing(
    admin_client, db, app, monkeypatch
):
    monkeypatch.setitem(app.config, "ENCRYPTION_KEYS", ())
    data = _form(
        admin_client, "/admin/integrations/new", webhook_url="http://127.0.0.1:9/hook",
        api_key=API_KEY,
    )  # fmt: skip
    response = admin_client.post("/admin/integrations/new", data=data)
    assert response.status_code == 422
    assert "Configura ENCRYPTION_KEYS para guardar secretos." in response.get_data(as_text=True)
    assert _db.session.scalar(select(Integration)) is None


def test_a_duplicate_name_is_refused_by_the_service_and_the_form(admin_client, db):
    first = service.save_integration(service.IntegrationInput(name="n8n"))
    with pytest.raises(service.DuplicateName):
        service.save_integration(service.IntegrationInput(name="n8n"))
    other = service.save_integration(service.IntegrationInput(name="slack"))
    with pytest.raises(service.DuplicateName):  # renaming onto a taken name
        service.save_integration(service.IntegrationInput(name="n8n"), other)
    _db.session.expire_all()
    assert _db.session.get(Integration, other.id).name == "slack"
    assert service.save_integration(service.IntegrationInput(name="n8n"), first).name == "n8n"

    data = _form(admin_client, "/admin/integrations/new", name="n8n")
    response = admin_client.post("/admin/integrations/new", data=data)
    assert response.status_code == 422
    assert 'id="name-error"' in response.get_data(as_text=True)


def test_a_name_taken_by_a_concurrent_save_is_a_duplicate_name(db, monkeypatch):
    """The unique index catches a clash the check before the insert could not see."""
    service.save_integration(service.IntegrationInput(name="n8n"))
    monkeypatch.setattr(service, "_name_taken", lambda name, integration: False)
    with pytest.raises(service.DuplicateName):
        service.save_integration(service.IntegrationInput(name="n8n"))
    assert len(_db.session.scalars(select(Integration)).all()) == 1


def test_nul_characters_never_reach_the_database(admin_client, db):
    """PostgreSQL text columns refuse NUL: it is dropped instead of failing with a 500."""
    data = _form(
        admin_client,
        "/admin/integrations/new",
        name="n8n\x00",
        webhook_url="http://127.0.0.1:9/ho\x00ok",
    )
    assert admin_client.post("/admin/integrations/new", data=data).status_code == 303
    integration = _db.session.scalar(select(Integration))
    assert (integration.name, integration.webhook_url) == ("n8n", "http://127.0.0.1:9/hook")
    assert admin_client.get("/admin/integrations/a%00b").status_code == 404


# --- Slack webhook URLs are credentials ----------------------------------------------

SLACK_PATH = "/services/T0AAAAAAA/B0BBBBBBB/s3cretSlackT0ken1234"
SLACK_HOST = "http://127.0.0.1:9"  # hooks.slack.com in production; no DNS in the tests


def _slack(url: str | None, name: str = "slack") -> Integration:
    return service.save_integration(
        service.IntegrationInput(name=name, kind="slack", webhook_url=url)
    )


def test_a_slack_url_is_stored_encrypted_and_still_delivered(admin_client, db, run_jobs):
    with HTTPReceiver([200]) as receiver:
        url = receiver.url.removesuffix("/hook") + SLACK_PATH
        integration = _slack(url)
        stored = all_database_text()
        assert url not in stored and "s3cretSlackT0ken" not in stored and "B0BBB" not in stored
        _db.session.expire_all()
        integration = _db.session.get(Integration, integration.id)
        assert service.get_webhook_url(integration) == url

        edit_url = f"/admin/integrations/{integration.id}"
        token = csrf_from(admin_client.get(edit_url))
        assert admin_client.post(f"{edit_url}/test", data={"csrf_token": token}).status_code == 303
        run_jobs()
        assert [r.path for r in receiver.requests] == [SLACK_PATH]
        assert json.loads(receiver.requests[0].body)["text"]


def test_the_edit_form_shows_a_slack_url_masked_and_blank_keeps_it(admin_client, db):
    url = SLACK_HOST + SLACK_PATH
    integration = _slack(url)
    edit_url = f"/admin/integrations/{integration.id}"
    html = admin_client.get(edit_url).get_data(as_text=True)
    assert "s3cretSlackT0ken" not in html and "B0BBB" not in html and "0AAAAAAA" not in html
    assert f"{SLACK_HOST}/services/T…/B…/••••1234" in html

    # Left blank (the form never holds it), the stored URL stays.
    data = _form(admin_client, edit_url, name="slack-ventas", kind="slack", webhook_url="")
    assert admin_client.post(edit_url, data=data).status_code == 303
    _db.session.expire_all()
    integration = _db.session.get(Integration, integration.id)
    assert integration.name == "slack-ventas"
    assert service.get_webhook_url(integration) == url
    assert "s3cretSlackT0ken" not in all_database_text()

    # A new URL replaces it, encrypted as well.
    new_url = SLACK_HOST + "/services/T0AAAAAAA/B0CCCCCCC/an0therT0ken9876"
    data = _form(admin_client, edit_url, kind="slack", webhook_url=new_url)
    assert admin_client.post(edit_url, data=data).status_code == 303
    _db.session.expire_all()
    integration = _db.session.get(Integration, integration.id)
    assert service.get_webhook_url(integration) == new_url
    assert "an0therT0ken" not in all_database_text()
    assert "••••9876" in admin_client.get(edit_url).get_data(as_text=True)

    # The box removes it.
    data = _form(admin_client, edit_url, kind="slack", webhook_url="", clear_webhook_url="y")
    assert admin_client.post(edit_url, data=data).status_code == 303
    _db.session.expire_all()
    assert _db.session.get(Integration, integration.id).webhook_url is None


def test_a_new_slack_integration_from_the_form_is_stored_encrypted(admin_client, db):
    url = SLACK_HOST + SLACK_PATH
    data = _form(admin_client, "/admin/integrations/new", kind="slack", webhook_url=url)
    response = admin_client.post("/admin/integrations/new", data=data)
    assert response.status_code == 303
    assert "s3cretSlackT0ken" not in all_database_text()
    html = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "s3cretSlackT0ken" not in html and "••••1234" in html


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        ("https://hooks.slack.com" + SLACK_PATH, "https://hooks.slack.com/services/T…/B…/••••1234"),
        ("https://hooks.example.com/abcdefghijkl5678", "https://hooks.example.com/••••5678"),
        ("https://hooks.example.com/short", "https://hooks.example.com/••••"),
        ("https://user:pw@hooks.example.com:8443/a/bcdefghijklmn?x=1", "https://hooks.example.com:8443/a/••••klmn?…"),
        ("https://hooks.example.com", "https://hooks.example.com/"),
    ],
)  # fmt: skip
def test_mask_url_keeps_the_host_and_hides_the_path(url, masked):
    assert service.mask_url(url) == masked


def test_rotate_keys_re_encrypts_slack_urls_and_encrypts_plain_ones(app, db, runner, monkeypatch):
    url = SLACK_HOST + SLACK_PATH
    integration = _slack(url)
    legacy = Integration(name="legacy", kind="slack", webhook_url=url + "-old", config={})
    hook = Integration(name="n8n", kind="webhook", webhook_url="https://n8n.example.com/x")
    _db.session.add_all([legacy, hook])
    _db.session.commit()
    assert service.get_webhook_url(legacy) == url + "-old"  # read as stored before encryption

    new_key = Fernet.generate_key().decode()
    monkeypatch.setitem(app.config, "ENCRYPTION_KEYS", (new_key, TEST_ENCRYPTION_KEY))
    result = runner.invoke(args=["rotate-keys"])
    assert result.exit_code == 0, result.output
    monkeypatch.setitem(app.config, "ENCRYPTION_KEYS", (new_key,))  # the old key retired
    _db.session.expire_all()
    assert service.get_webhook_url(_db.session.get(Integration, integration.id)) == url
    assert service.get_webhook_url(_db.session.get(Integration, legacy.id)) == url + "-old"
    assert "s3cretSlackT0ken" not in all_database_text()
    assert _db.session.get(Integration, hook.id).webhook_url == "https://n8n.example.com/x"
