"""Hostile-input sweep over every route in ``app.url_map``.

Each route is requested with plausible and hostile URL arguments, hostile query strings
and (for POST routes, with a valid CSRF token) hostile form data, plainly and as htmx.
The app must never answer 5xx nor show a traceback, and rejected public submissions
must store nothing. The routes are discovered from the URL map, so a new route is swept
without editing this file.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from madfam import create_app
from madfam.enums import ServiceTier, UserRole
from madfam.extensions import limiter
from madfam.rules import assessment as assessment_rules
from madfam.services import auth
from tests.factories import make_email, make_integration, make_lead, make_note, make_user
from tests.helpers import csrf_from

HX = {"HX-Request": "true"}
LONG = "x" * 300

# --- Route discovery -------------------------------------------------------------------


def _discover() -> list[tuple[str, str, str]]:
    """(method, rule, endpoint) for every route; a throwaway app provides the URL map."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "SECRET_KEY": "route-discovery-only-0123456789abcdef",
            "SERVER_NAME": None,
        }
    )
    found = []
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((method, rule.rule, rule.endpoint))
    return sorted(found, key=lambda item: (item[1], item[0]))


ROUTES = _discover()
GET_ROUTES = [r for r in ROUTES if r[0] == "GET"]
# The Leads API takes JSON with a bearer token, not forms: tests/api and the schemathesis
# run of .ci/run send it hostile bodies.
POST_ROUTES = [r for r in ROUTES if r[0] == "POST" and not r[2].startswith("api.")]


def _route_id(route: tuple[str, str, str]) -> str:
    return f"{route[0]} {route[1]}"


# --- Hostile values ----------------------------------------------------------------------

HOSTILE_VALUES = [
    "<script>alert(1)</script>",
    "' OR 1=1; DROP TABLE lead; --",
    "a\x00b",
    "\x00",
    "%00",
    "../../etc/passwd",
    "‮evil‭ 🙂 漢字 مرحبا",
    "NaN",
    "Infinity",
    "1e999",
    "-0",
    str(10**40),
    "-1",
    "0000-00-00",
    "9999-12-31",
    "[]",
    "{}",
    LONG,
]
# Query parameters the views read (besides the generic ones below), by endpoint.
VIEW_PARAMS = {
    "admin.leads": [
        "status",
        "tier",
        "source",
        "score_min",
        "score_max",
        "created_from",
        "created_to",
        "utm_campaign",
        "q",
        "sort",
        "page",
    ],
    "admin.emails": ["status"],
    "admin.login": ["next"],
    "public.contact": ["tier"],
    "calculator.index": ["tier"],
    "calculator.roi_page": [
        "employees",
        "salary",
        "lost_pct",
        "recovery_pct",
        "investment",
        "tier",
    ],
    "calculator.estimate_page": ["project_type", "complexity", "timeline", "addons", "tier"],
}
VIEW_PARAMS["admin.leads_export"] = VIEW_PARAMS["admin.leads"]
GENERIC_QUERIES = [
    {"page": "-1"},
    {"page": str(10**30)},
    {"page": "abc"},
    {"sort": ";DROP TABLE lead"},
    {"created_from": "0000-00-00", "created_to": "9999-12-31"},
    {"created_from": "abc", "created_to": "1969-12-31"},
    {"tier": "L9_FORGED", "status": "HACKED", "source": "<x>"},
    {"score_min": "NaN", "score_max": "Infinity"},
    {"score_min": "1e999", "score_max": str(10**40)},
]


def _hostile_queries(endpoint: str) -> list[list[tuple[str, str]]]:
    """Query strings as (name, value) pairs: each hostile value in every parameter the
    view reads, the generic hostile ones, and repeated parameters."""
    params = VIEW_PARAMS.get(endpoint, [])
    queries: list[list[tuple[str, str]]] = [list(q.items()) for q in GENERIC_QUERIES]
    if params:
        queries += [[(name, value) for name in params] for value in HOSTILE_VALUES]
        queries.append([(name, value) for name in params for value in ("1", "2", "\x00")])
    else:
        queries += [[("q", value), ("page", value)] for value in HOSTILE_VALUES[:6]]
    return queries


# --- Form fields -------------------------------------------------------------------------

# POST endpoints whose fields are read straight from request.form (no form class).
EXTRA_FIELDS = {
    "assessment.begin": ["restart"],
    "assessment.answer": ["question", "answer"],
}


def _form_fields(app, endpoint: str, url_values: dict) -> list[str]:
    """The fields the endpoint's form defines, read from the form classes."""
    from madfam.blueprints.admin import forms as admin_forms
    from madfam.blueprints.admin import integrations, leads
    from madfam.blueprints.assessment.forms import FinishForm
    from madfam.blueprints.calculator.forms import EstimateForm, RoiForm, SaveForm
    from madfam.blueprints.public.forms import ContactForm

    classes = {
        "public.contact_submit": [ContactForm],
        "public.contact_field": [ContactForm],
        "assessment.submit": [FinishForm],
        "calculator.roi_save": [RoiForm, SaveForm],
        "calculator.estimate_save": [EstimateForm, SaveForm],
        "admin.login": [admin_forms.LoginForm],
        "admin.account": [admin_forms.AccountForm],
        "admin.user_new": [admin_forms.UserCreateForm],
        "admin.user_role": [admin_forms.UserRoleForm],
        "admin.user_password": [admin_forms.PasswordResetForm],
        "admin.integration_new": [integrations.IntegrationForm],
        "admin.integration_edit": [integrations.IntegrationForm],
        "admin.lead_status": [leads.StatusForm],
        "admin.lead_note": [leads.NoteForm],
        "admin.lead_log": [leads.LogForm],
    }.get(endpoint, [])
    names = list(EXTRA_FIELDS.get(endpoint, []))
    with app.test_request_context():
        for cls in classes:
            prefix = url_values.get("user_id", "") if endpoint == "admin.user_role" else ""
            form = cls(formdata=None, meta={"csrf": False}, prefix=prefix)
            names += [f.name for f in form if f.type not in ("SubmitField", "CSRFTokenField")]
    return names


# Plausible values for fields that are not free text, so that hostile free text reaches
# the service (and the database) instead of stopping at an invalid choice.
TEXT_TYPES = {"StringField", "TextAreaField", "PasswordField"}
PLAUSIBLE = {
    "EmailField": "eve@example.com",
    "BooleanField": "y",
    "DateTimeLocalField": "2030-01-02T10:00",
    "DecimalText": "10",
}


def _plausible_form(app, endpoint: str, url_values: dict) -> dict[str, str | None]:
    """Field name → a plausible value, or ``None`` for free-text fields."""
    from madfam.blueprints.admin import forms as admin_forms
    from madfam.blueprints.admin import integrations, leads
    from madfam.blueprints.assessment.forms import FinishForm
    from madfam.blueprints.calculator.forms import EstimateForm, RoiForm, SaveForm
    from madfam.blueprints.public.forms import ContactForm

    classes = {
        "public.contact_submit": [ContactForm],
        "assessment.submit": [FinishForm],
        "calculator.roi_save": [RoiForm, SaveForm],
        "calculator.estimate_save": [EstimateForm, SaveForm],
        "admin.user_new": [admin_forms.UserCreateForm],
        "admin.user_password": [admin_forms.PasswordResetForm],
        "admin.integration_new": [integrations.IntegrationForm],
        "admin.integration_edit": [integrations.IntegrationForm],
        "admin.lead_note": [leads.NoteForm],
        "admin.lead_log": [leads.LogForm],
    }.get(endpoint, [])
    plausible: dict[str, str | None] = {}
    with app.test_request_context():
        for cls in classes:
            form = cls(formdata=None, meta={"csrf": False})
            for f in form:
                if f.type in TEXT_TYPES and f.name not in ("website", "webhook_url", "config"):
                    plausible[f.name] = None
                elif f.type in PLAUSIBLE:
                    plausible[f.name] = PLAUSIBLE[f.type]
                elif f.type in ("SelectField", "ChoiceField", "MultiCheckboxField"):
                    values = [v for v, *_ in f.iter_choices() if v]
                    plausible[f.name] = values[-1] if values else None
    return plausible


def _free_text_payloads(plausible: dict[str, str | None], keep: dict[str, str]):
    """Every free-text field hostile, every other field plausible."""
    if not any(v is None for v in plausible.values()):
        return []
    values = ["a\x00b", "\x00", "<script>alert(1)</script>", "' OR 1=1; --", "A" * 100_000]
    return [
        [(name, value if fixed is None else fixed) for name, fixed in plausible.items()]
        + list(keep.items())
        for value in values
    ]


def _hostile_payloads(fields: list[str], keep: dict[str, str]) -> list[list[tuple[str, str]]]:
    """Form bodies: every field set to one hostile value (100 KB strings and NUL bytes
    included), wrong types (repeated values), missing fields and unknown extra fields."""
    values = [v for v in HOSTILE_VALUES if v != LONG] + ["A" * 100_000]
    payloads = [[(name, value) for name in fields] + list(keep.items()) for value in values]
    payloads.append([(name, value) for name in fields for value in ("1", "\x00", "[]")])
    payloads.append(list(keep.items()))  # every field missing
    payloads.append(
        [(name, "1") for name in fields]
        + [("is_admin", "1"), ("role", "ADMIN"), ("id", "1"), ("__class__", "x")]
        + list(keep.items())
    )
    return payloads


# --- The world the sweep runs in ---------------------------------------------------------


@dataclass
class World:
    lead_id: str
    email_id: str
    integration_id: str
    user_id: str
    results_token: str | None = None


@pytest.fixture
def world(app, db, instant_form, monkeypatch) -> World:
    """An existing row of each kind a URL names; rate limits and the sign-in slow-down
    off so every request reaches the view quickly rather than being refused early."""
    monkeypatch.setattr(limiter, "enabled", False)
    monkeypatch.setattr(auth, "_sleep", lambda seconds: None)  # failed sign-ins: no slow-down
    lead = make_lead(email="ana@example.com", first_name="Ana", tier=ServiceTier.L2_ADVANCED)
    make_note(lead, content="Called")
    email = make_email(
        "ana@example.com",
        subject="Hola",
        data={"locale": "es"},
        status="failed",
        error="SMTP down",
    )
    integration = make_integration(name="n8n", url="http://127.0.0.1:9/hook")
    other = make_user(UserRole.EDITOR, name="Editor", password=None)
    return World(lead.id, email.id, integration.id, other.id)


def _results_token(app) -> str:
    """Complete an assessment in a separate browser and return its results token."""
    client = app.test_client()
    token = _begin_assessment(client)
    _answer_all(client, token)
    response = client.post(
        "/es/assessment/finish", data={"csrf_token": token, "email": "eva@example.com"}
    )
    assert response.status_code == 303, response.status_code
    return response.headers["Location"].rsplit("/", 1)[1]


def _begin_assessment(client) -> str:
    page = client.get("/es/assessment/")
    token = csrf_from(page)
    assert client.post("/es/assessment/start", data={"csrf_token": token}).status_code == 303
    return token


def _answer_all(client, token: str) -> None:
    for n, question in enumerate(assessment_rules.QUESTIONS, start=1):
        data = {"csrf_token": token, "question": question.key, "answer": "3"}
        response = client.post(f"/es/assessment/step/{n}", data=data)
        assert response.status_code == 303, response.status_code


def _arg_values(app, world: World, name: str) -> list[str]:
    """Plausible and hostile values for a URL argument; the first names an existing row."""
    existing = {
        "lead_id": world.lead_id,
        "email_id": world.email_id,
        "integration_id": world.integration_id,
        "user_id": world.user_id,
        "n": "1",
        "name": "email",
        "filename": "css/site.css",
    }
    if name == "token":
        world.results_token = world.results_token or _results_token(app)
        existing["token"] = world.results_token
    hostile = [
        "cnonexistent0000000000000",
        "../../etc/passwd",
        "%00",
        "a\x00b",
        LONG,
        "‮🙂漢字مرحبا",
    ]
    if name == "n":
        hostile = ["0", "11", str(10**30), "-1", "abc"]
    return [existing.get(name, "x")] + hostile


def _build_url(rule: str, values: dict[str, str]) -> str:
    """The rule with its <converter:arg> placeholders filled (values percent-encoded)."""

    def fill(match: re.Match) -> str:
        name = match.group(1).split(":")[-1]
        if name == "lang":
            return values.get("lang", "es")
        return quote(values[name], safe="" if name != "filename" else "/")

    return re.sub(r"<(?:any\([^)]*\):)?([^>]+)>", fill, rule)


def _url_variants(app, world: World, rule: str) -> list[tuple[str, dict[str, str]]]:
    """(url, values): every hostile value of each argument, the others existing."""
    names = [m.split(":")[-1] for m in re.findall(r"<(?:any\([^)]*\):)?([^>]+)>", rule)]
    names = [n for n in names if n != "lang"]
    if not names:
        return [(_build_url(rule, {}), {})]
    choices = {name: _arg_values(app, world, name) for name in names}
    base = {name: values[0] for name, values in choices.items()}
    variants = [(_build_url(rule, base), base)]
    for name, values in choices.items():
        for value in values[1:]:
            filled = {**base, name: value}
            variants.append((_build_url(rule, filled), filled))
    return variants


# --- Checking responses ------------------------------------------------------------------

LEAKS = ("Traceback (most recent call last)", "sqlalchemy.exc", "psycopg", "werkzeug.debug")


class Sweep:
    """Sends requests and collects every 5xx or leaked traceback, with its log."""

    def __init__(self, caplog):
        self.caplog = caplog
        self.problems: list[str] = []

    def check(self, label: str, send) -> object | None:
        self.caplog.clear()
        try:
            response = send()
        except Exception as exc:  # an exception escaping the error handlers
            self.problems.append(f"{label}: raised {type(exc).__name__}: {exc}"[:500])
            return None
        body = response.get_data(as_text=True)
        response.close()
        leaked = [leak for leak in LEAKS if leak in body]
        if response.status_code >= 500 or leaked:
            logged = "\n".join(r.exc_text or r.getMessage() for r in self.caplog.records)
            self.problems.append(
                f"{label}: {response.status_code} {leaked}\n{logged[-1500:]}"[:2500]
            )
        return response

    def assert_clean(self) -> None:
        assert not self.problems, f"{len(self.problems)} failures:\n\n" + "\n\n".join(
            self.problems[:30]
        )


@pytest.fixture
def sweep(caplog) -> Sweep:
    caplog.set_level(logging.ERROR)
    return Sweep(caplog)


def _client_for(endpoint: str, app, request):
    """The signed-in ADMIN for staff routes (signed in only when needed), else a visitor."""
    if endpoint.startswith("admin.") and endpoint != "admin.login":
        return request.getfixturevalue("admin_client")
    return app.test_client()


def _label(method: str, url: str, extra: str = "") -> str:
    return f"{method} {url!r} {extra}".strip()[:300]


# --- GET -----------------------------------------------------------------------------------


@pytest.mark.parametrize("route", GET_ROUTES, ids=_route_id)
def test_get_with_hostile_arguments_and_queries(app, world, request, sweep, route):
    method, rule, endpoint = route
    client = _client_for(endpoint, app, request)
    variants = _url_variants(app, world, rule)
    for url, _values in variants:
        for headers in ({}, HX):
            sweep.check(
                _label("GET", url, str(headers)), lambda u=url, h=headers: client.get(u, headers=h)
            )
    url = variants[0][0]
    for query in _hostile_queries(endpoint):
        for headers in ({}, HX):
            sweep.check(
                _label("GET", url, f"{query!r} {headers}"),
                lambda q=query, h=headers: client.get(url, query_string=q, headers=h),
            )
    sweep.assert_clean()


# --- POST ----------------------------------------------------------------------------------

# Public POST endpoints that store nothing when the submission is invalid.
REJECTING_PUBLIC_POSTS = {
    "public.contact_submit",
    "public.contact_field",
    "calculator.roi_save",
    "calculator.estimate_save",
    "assessment.answer",
    "assessment.submit",
}


def _table_counts(db) -> dict[str, int]:
    db.session.remove()
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def _prepare(client, endpoint: str) -> tuple[str, dict[str, str]]:
    """A CSRF token for the client's session and the fields to keep valid: the contact
    form's signed start stamp and empty honeypot; an assessment in progress for its
    step and finish endpoints."""
    keep: dict[str, str] = {}
    if endpoint.startswith("admin."):
        page = client.get("/admin/login" if endpoint == "admin.login" else "/admin/account")
        return csrf_from(page), keep
    if endpoint.startswith("assessment.") and endpoint != "assessment.begin":
        token = _begin_assessment(client)
        if endpoint == "assessment.submit":
            _answer_all(client, token)
        return token, keep
    page = client.get("/es/contact")
    token = csrf_from(page)
    if endpoint.startswith("public."):
        started = re.search(r'name="started"[^>]*value="([^"]+)"', page.get_data(as_text=True))
        keep = {"started": started.group(1), "website": ""}
    return token, keep


@pytest.mark.parametrize("route", POST_ROUTES, ids=_route_id)
def test_post_hostile_form_data(app, db, world, request, sweep, route):
    method, rule, endpoint = route
    variants = _url_variants(app, world, rule)
    # The destructive admin actions (delete, deactivate, sign out…) run last on the
    # existing row, after every hostile value of the URL arguments.
    variants = variants[1:] + variants[:1]
    rejecting = endpoint in REJECTING_PUBLIC_POSTS
    for url, values in variants:
        # A hostile URL argument gets a sample of the bodies (<script>, SQL and NUL); the
        # existing row's URL gets all of them.
        sample = None if url == variants[-1][0] else 4
        client = _client_for(endpoint, app, request)
        token, keep = _prepare(client, endpoint)
        fields = _form_fields(app, endpoint, values)
        before = _table_counts(db) if rejecting else None
        for data in _hostile_payloads(fields, keep)[:sample]:
            for headers in ({}, {**HX, "X-CSRFToken": token}):
                body = data if "X-CSRFToken" in headers else [*data, ("csrf_token", token)]
                names = sorted({name for name, _v in data})
                first = data[0][1][:20] if data else ""
                sweep.check(
                    _label("POST", url, f"{names} = {first!r} {headers}"),
                    lambda c=client, u=url, b=body, h=headers: c.post(
                        u, data=MultiDict(b), headers=h
                    ),
                )
        if rejecting:
            assert _table_counts(db) == before, f"POST {url}: a rejected submission stored rows"
        # Then plausible choices with hostile free text, which may be stored (sanitised).
        for data in _free_text_payloads(_plausible_form(app, endpoint, values), keep)[:sample]:
            for headers in ({}, {**HX, "X-CSRFToken": token}):
                body = data if "X-CSRFToken" in headers else [*data, ("csrf_token", token)]
                sweep.check(
                    _label("POST", url, f"free text {data[0][1][:20]!r} {headers}"),
                    lambda c=client, u=url, b=body, h=headers: c.post(
                        u, data=MultiDict(b), headers=h
                    ),
                )
    sweep.assert_clean()


# --- Bodies and methods ----------------------------------------------------------------------


@pytest.mark.parametrize("route", POST_ROUTES, ids=_route_id)
def test_post_malformed_bodies(app, world, request, sweep, route):
    method, rule, endpoint = route
    url = _url_variants(app, world, rule)[0][0]
    client = _client_for(endpoint, app, request)
    token, _keep = _prepare(client, endpoint)
    big = client.post(url, data={"csrf_token": token, "message": "x" * (3 * 1024 * 1024)})
    assert big.status_code == 413, f"POST {url} with 3 MB answered {big.status_code}"
    page = big.get_data(as_text=True)
    assert 'class="error-panel"' in page and "413" in page, "413 without the error page"
    malformed = [
        ("multipart/form-data; boundary=xyz", b"--xyz\r\nContent-Disposition: form-data\r\n\r\n"),
        ("multipart/form-data", b"--\r\n\r\n--"),
        ("multipart/form-data; boundary=" + "a" * 200, b"garbage\x00\xff"),
        ("application/x-www-form-urlencoded", b"%%%&&&==\x00\xff\xfe"),
        ("application/json", b'{"csrf_token": "' + token.encode() + b'", "email": ["x"]}'),
        ("application/json", b"{not json"),
        ("text/plain", b"\x00" * 100),
    ]
    for content_type, body in malformed:
        for headers in ({}, {**HX, "X-CSRFToken": token}):
            response = sweep.check(
                _label("POST", url, f"{content_type} {body[:30]!r} {headers}"),
                lambda c=content_type, b=body, h=headers: client.post(
                    url, data=b, content_type=c, headers=h
                ),
            )
            if response is not None and not headers:
                # Without a token in the header the form's token cannot be read.
                assert response.status_code in (400, 413), (url, content_type)
    sweep.assert_clean()


@pytest.mark.parametrize("route", ROUTES, ids=_route_id)
def test_unknown_method_is_refused(app, world, request, sweep, route):
    method, rule, endpoint = route
    url = _url_variants(app, world, rule)[0][0]
    client = _client_for(endpoint, app, request)
    for verb in ("PROPFIND", "BREW", "TRACE"):
        response = sweep.check(_label(verb, url), lambda v=verb: client.open(url, method=v))
        if response is not None:
            assert response.status_code in (400, 405, 501), (verb, url, response.status_code)
    sweep.assert_clean()


def test_sweep_covers_every_route():
    """The parametrised sweeps request every endpoint the app serves."""
    endpoints = {endpoint for _method, _rule, endpoint in ROUTES}
    assert {"public.contact_submit", "admin.lead_log", "ops.healthz"} <= endpoints
    assert len(POST_ROUTES) >= 20
