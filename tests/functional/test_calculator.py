"""The calculators as a visitor uses them: results on the page, field errors, no storage."""

import re
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from flask_babel import force_locale, gettext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from madfam.models import AnalyticsEvent, Calculation, EmailQueue, Lead
from madfam.rules.estimate import ADDONS, PROJECT_TYPES
from tests.helpers import WORKED, count

ROI_URL = "/en/calculator/roi"
ESTIMATE_URL = "/en/calculator/estimate"
ESTIMATE = [
    ("project_type", "workflow_automation"),
    ("complexity", "high"),
    ("timeline", "accelerated"),
    ("addons", "integration"),
    ("addons", "training"),
]
HX = {"HX-Request": "true"}


def figure(html: str, name: str) -> str:
    match = re.search(rf'data-figure="{name}">([^<]*)<', html)
    assert match, f"no {name} figure on the page"
    return match.group(1).strip()


# --- ROI -----------------------------------------------------------------------------------


def test_roi_worked_example_is_shown_formatted(client):
    response = client.get(ROI_URL, query_string=WORKED)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert figure(html, "cost") == "MXN\xa0400,000"
    assert figure(html, "savings") == "MXN\xa0240,000"
    assert figure(html, "investment") == "MXN\xa060,000"
    assert figure(html, "roi") == "300.0 %"
    assert figure(html, "payback") == "3 months"
    # the visual: 36 bars, the investment line, covered from month 3 on
    plot = re.search(r'<figure class="calc-chart">\s*<svg.*?</svg>', html, re.S).group(0)
    assert plot.count('<rect class="bar') == 36
    assert plot.count('<rect class="bar covered"') == 34
    assert '<line class="investment"' in plot


def chart_parts(html: str) -> tuple[str, str, str]:
    """The chart's plot, its legend and its data table."""
    figure_ = re.search(r'<figure class="calc-chart">(.*?)</figure>', html, re.S).group(1)
    plot, legend = figure_.split("</svg>\n  <figcaption>")
    table = re.search(r'<details class="calc-table">(.*?)</details>', html, re.S).group(1)
    return plot, legend, table


@pytest.mark.parametrize(
    ("lang", "money_axis", "ticks", "months"),
    [
        ("en", "Cumulative savings (MXN)", ["0", "200K", "400K", "600K", "800K"], "Months"),
        ("es", "Ahorro acumulado (MXN)", ["0", "200\xa0k", "800\xa0k"], "Meses"),
        ("pt", "Economia acumulada (MXN)", ["0", "200\xa0mil", "800\xa0mil"], "Meses"),
    ],
)
def test_roi_chart_has_labelled_axes_a_legend_and_a_table(client, lang, money_axis, ticks, months):
    query = {**WORKED, "investment": ""}  # 75,000 (L3); 720,000 saved in 36 months
    html = client.get(f"/{lang}/calculator/roi", query_string=query).get_data(as_text=True)
    plot, legend, table = chart_parts(html)
    assert 'width="100%"' in plot.split(">", 1)[0] and "viewBox" not in plot
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", plot)
    assert money_axis in texts and months in texts
    for tick in ticks:
        assert tick in texts
    assert [t for t in texts if t.isdigit()] == ["0", "1", "6", "12", "18", "24", "30", "36"]
    # each legend entry draws the same shape and classes as the plot it names
    for shape in ('<rect class="bar"', '<rect class="bar covered"', '<line class="investment"'):
        assert shape in legend and shape in plot
    assert len(re.findall(r"<li>", legend)) == 3
    # the same figures as a table, for screen readers and anyone who wants the numbers
    assert "<caption>" in table and table.count('<th scope="row">') == 36


def test_roi_page_in_spanish_formats_money_for_mexico(client):
    html = client.get("/es/calculator/roi", query_string=WORKED).get_data(as_text=True)
    assert figure(html, "savings") == "$240,000"
    assert figure(html, "roi") == "300.0 %"


def test_roi_accepts_grouped_and_decimal_comma_numbers(client):
    query = {**WORKED, "salary": "40,000", "lost_pct": "20,0", "investment": " 60 000 "}
    html = client.get(ROI_URL, query_string=query).get_data(as_text=True)
    assert figure(html, "savings") == "MXN\xa0240,000"
    assert figure(html, "roi") == "300.0 %"


def test_empty_investment_uses_the_chosen_tiers_starting_price(client):
    query = {**WORKED, "investment": "", "tier": "L2_ADVANCED"}
    html = client.get(ROI_URL, query_string=query).get_data(as_text=True)
    # 240,000 saved against 25,000: ROI 860 %, payback ceil(25,000 / 20,000) = 2 months
    assert figure(html, "investment") == "MXN\xa025,000"
    assert figure(html, "roi") == "860.0 %"
    assert figure(html, "payback") == "2 months"
    assert "Starting price of Advanced" in html


@pytest.mark.parametrize("lost", ["0", "-0", "0.00"])
def test_no_savings_means_payback_never(client, lost):
    html = client.get(ROI_URL, query_string={**WORKED, "lost_pct": lost}).get_data(as_text=True)
    assert figure(html, "savings") == "MXN\xa00"
    assert figure(html, "payback") == "Never"
    assert figure(html, "roi") == "-100.0 %"


@pytest.mark.parametrize(
    ("tier", "selected"), [("L4_PLATFORMS", "L4_PLATFORMS"), ("L9", "L3_CONSULTING")]
)
def test_tier_is_preselected_from_the_query_string(client, tier, selected):
    response = client.get(ROI_URL, query_string={"tier": tier})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'<option selected value="{selected}">' in html
    assert "data-figure" not in html  # nothing computed yet
    assert 'class="field-error"' not in html


BAD_ROI = [
    ("employees", "abc", "Enter a number"),
    ("employees", "-5", "Enter a number from 1 to 1,000,000"),
    ("employees", "0", "Enter a number from 1 to 1,000,000"),
    ("employees", "1000001", "Enter a number from 1 to 1,000,000"),
    ("employees", "2.5", "whole number"),
    ("employees", "\u0661\u0662", "Enter a number"),  # Arabic-Indic digits
    ("employees", "1" + "0" * 30, "from 1 to 1,000,000"),
    ("salary", "0", "above 0"),
    ("salary", "-40000", "above 0"),
    ("salary", "1" + "0" * 30, "above 0 and up to 1,000,000,000"),
    ("salary", "NaN", "Enter a number"),
    ("salary", "Infinity", "Enter a number"),
    ("salary", "1e999", "Enter a number"),
    ("salary", "40000.123", "2 decimal places"),
    ("salary", "9" * 60, "too large"),
    ("lost_pct", "101", "from 0 to 100"),
    ("lost_pct", "-1", "from 0 to 100"),
    ("lost_pct", "twenty", "Enter a number"),
    ("recovery_pct", "100.5", "from 0 to 100"),
    ("recovery_pct", "-Infinity", "Enter a number"),
    ("investment", "0", "from 0.01"),
    ("investment", "-60000", "from 0.01"),
    ("investment", "1" + "0" * 30, "from 0.01"),
    ("investment", "1e5", "Enter a number"),
    ("tier", "L9_UNKNOWN", "Not a valid choice"),
]


@pytest.mark.parametrize(("name", "value", "message"), BAD_ROI)
def test_bad_roi_input_is_a_field_error(client, db, name, value, message):
    response = client.get(ROI_URL, query_string={**WORKED, name: value})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    block = re.search(rf'<div class="field has-error" id="field-{name}">(.*?)</div>', html, re.S)
    assert block, f"{name} is not marked as an error"
    assert message in block.group(1)
    assert "data-figure" not in html
    assert count(db, Calculation) == 0


@pytest.mark.parametrize("blank", [" ", "\u2003", "\x85"])
def test_blank_roi_field_is_required_not_a_server_error(client, blank):
    response = client.get(ROI_URL, query_string={**WORKED, "employees": blank})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    block = re.search(r'<div class="field has-error" id="field-employees">(.*?)</div>', html, re.S)
    assert block and "This field is required." in block.group(1)


@pytest.mark.parametrize("name", ["employees", "salary", "lost_pct", "recovery_pct"])
def test_missing_roi_field_is_a_field_error(client, name):
    query = {k: v for k, v in WORKED.items() if k != name}
    response = client.get(ROI_URL, query_string=query)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'<div class="field has-error" id="field-{name}">' in html
    assert html.count('class="field has-error"') == 1


def test_htmx_request_gets_only_the_results_fragment(client):
    response = client.get(ROI_URL, query_string=WORKED, headers=HX)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<html" not in html and 'id="roi-form"' not in html
    assert figure(html, "savings") == "MXN\xa0240,000"
    assert "HX-Request" in response.headers["Vary"]
    # the inputs behind the figures travel with the "email me" form
    assert 'form="roi-save" name="employees" value="50"' in html


def test_htmx_request_with_bad_input_lists_the_errors_in_the_fragment(client):
    response = client.get(ROI_URL, query_string={**WORKED, "salary": "1e999"}, headers=HX)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "<html" not in html
    assert 'role="alert"' in html
    assert 'href="#salary"' in html
    assert "form=" not in html  # nothing to save


def test_page_is_live_with_htmx_and_works_without_it(client):
    html = client.get(ROI_URL).get_data(as_text=True)
    form = re.search(r'<form id="roi-form"[^>]*>', html).group(0)
    assert 'action="/en/calculator/roi"' in form and 'method="get"' in form
    assert 'hx-get="/en/calculator/roi"' in form
    assert 'hx-trigger="input changed delay:400ms, change, submit, calc-touched"' in form
    assert "data-live-validation" in form
    assert 'hx-target="#roi-results"' in form
    assert '<div id="roi-results" class="calc-results" aria-live="polite">' in html
    assert '<button type="submit" class="button primary">Calculate</button>' in html
    for name in ("employees", "salary", "lost_pct", "recovery_pct", "investment", "tier"):
        assert f'<label for="{name}">' in html
    assert 'name="recovery_pct" required type="text" value="60"' in html


def test_recomputing_stores_nothing(client, db):
    for employees in ("5", "50", "500"):
        client.get(ROI_URL, query_string={**WORKED, "employees": employees}, headers=HX)
        client.get(ROI_URL, query_string={**WORKED, "employees": employees})
    client.get(ESTIMATE_URL, query_string=ESTIMATE, headers=HX)
    for model in (Calculation, Lead, EmailQueue, AnalyticsEvent):
        assert count(db, model) == 0, model.__name__


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.sampled_from(["employees", "salary", "lost_pct", "recovery_pct", "investment", "tier"]),
    value=st.text(max_size=50)
    | st.from_regex(r"-?[0-9,. ]{0,40}(e[0-9]{1,4})?", fullmatch=True)
    | st.sampled_from(["NaN", "sNaN", "-0", "Infinity", "1e999", "0.0000001", "١٢٣"]),
)
def test_any_roi_input_gives_results_or_field_errors(client, name, value):
    response = client.get(ROI_URL, query_string={**WORKED, name: value})
    assert response.status_code in (200, 422)
    html = response.get_data(as_text=True)
    assert ("data-figure" in html) == (response.status_code == 200)


# --- Project estimate ------------------------------------------------------------------------


def amounts(html: str) -> list[Decimal]:
    return [Decimal(a) for a in re.findall(r'data-amount="([^"]+)"', html)]


def total(html: str) -> Decimal:
    return Decimal(re.search(r'data-total="([^"]+)"', html).group(1))


def test_estimate_worked_example_lines_sum_to_the_total(client):
    response = client.get(ESTIMATE_URL, query_string=ESTIMATE)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert re.findall(r'data-line="([^"]+)"', html) == [
        "base",
        "complexity",
        "timeline",
        "addon.training",
        "addon.integration",
        "vat",
    ]
    assert sum(amounts(html)) == total(html) == Decimal("210612.50")
    assert "MXN\xa029,050" in html  # IVA 16 % as its own line
    assert "VAT (IVA, 16 %)" in html
    assert re.search(r'data-subtotal="181562.50">MXN\xa0181,562.50<', html)
    assert figure(html, "total") == "MXN\xa0210,612.50"
    assert figure(html, "weeks") == "9 weeks"
    for deliverable in PROJECT_TYPES["workflow_automation"].deliverables:
        assert deliverable in html
    assert ADDONS["training"].name in html


def test_estimate_deliverables_and_labels_are_translated(client, app):
    html = client.get("/es/calculator/estimate", query_string=ESTIMATE).get_data(as_text=True)
    with app.test_request_context("/es/"), force_locale("es_MX"):
        expected = [gettext(d) for d in PROJECT_TYPES["workflow_automation"].deliverables]
        label = gettext(PROJECT_TYPES["workflow_automation"].name)
    for text in expected + [label]:
        assert text in html
    assert sum(amounts(html)) == total(html)


def test_vat_can_be_switched_off(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "VAT_ENABLED", False)
    html = client.get(ESTIMATE_URL, query_string=ESTIMATE).get_data(as_text=True)
    assert 'data-line="vat"' not in html
    assert sum(amounts(html)) == total(html) == Decimal("181562.50")
    assert "Prices plus VAT (IVA)." in html


@pytest.mark.parametrize("project", sorted(PROJECT_TYPES))
@pytest.mark.parametrize("complexity", ["low", "high"])
def test_every_project_sums_exactly(client, project, complexity):
    query = [("project_type", project), ("complexity", complexity), ("timeline", "rush")]
    query += [("addons", key) for key in ADDONS]
    html = client.get(ESTIMATE_URL, query_string=query).get_data(as_text=True)
    assert sum(amounts(html)) == total(html)


def save_panel(html: str) -> str:
    match = re.search(r'<section class="panel calc-save"[^>]*>', html)
    assert match, "no save panel"
    return match.group(0)


def test_estimate_tier_preselects_a_project_and_quotes_it_at_once(client):
    response = client.get(ESTIMATE_URL, query_string={"tier": "L4_PLATFORMS"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<option selected value="spark_implementation">' in html
    assert "Choose a project to see its estimate." not in html
    # SPARK at medium complexity and the standard timeline: 375,000 plus IVA 16 %
    assert total(html) == Decimal("435000.00")
    assert 'form="estimate-save" name="project_type" value="spark_implementation"' in html
    assert " hidden" not in save_panel(html)


@pytest.mark.parametrize(
    "url", [ESTIMATE_URL, ROI_URL, ROI_URL + "?tier=L2_ADVANCED", ESTIMATE_URL + "?tier=L9"]
)
def test_save_form_waits_for_results(client, url):
    html = client.get(url).get_data(as_text=True)
    assert "data-figure" not in html
    assert " hidden" in save_panel(html)


def test_save_form_is_shown_with_results(client):
    html = client.get(ROI_URL, query_string=WORKED).get_data(as_text=True)
    assert " hidden" not in save_panel(html)


@pytest.mark.parametrize(
    ("query", "name"),
    [
        (
            [("project_type", "teleportation"), ("complexity", "low"), ("timeline", "standard")],
            "project_type",
        ),
        ([("complexity", "low"), ("timeline", "standard")], "project_type"),
        (
            [("project_type", "ai_workshop"), ("complexity", "extreme"), ("timeline", "standard")],
            "complexity",
        ),
        (
            [("project_type", "ai_workshop"), ("complexity", "low"), ("timeline", "yesterday")],
            "timeline",
        ),
        (
            [
                ("project_type", "ai_workshop"),
                ("complexity", "low"),
                ("timeline", "standard"),
                ("addons", "yacht"),
            ],
            "addons",
        ),
    ],
)
def test_bad_estimate_input_is_a_field_error(client, query, name):
    response = client.get(ESTIMATE_URL, query_string=query)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'class="field has-error" id="field-{name}"' in html
    assert "data-total" not in html


def test_estimate_htmx_fragment(client):
    response = client.get(ESTIMATE_URL, query_string=ESTIMATE, headers=HX)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<html" not in html
    assert sum(amounts(html)) == total(html)
    assert 'form="estimate-save" name="addons" value="training"' in html


def test_index_presents_both_calculators(client):
    html = client.get("/en/calculator/?" + urlencode({"tier": "L2_ADVANCED"})).get_data(
        as_text=True
    )
    assert 'href="/en/calculator/roi?tier=L2_ADVANCED"' in html
    assert 'href="/en/calculator/estimate?tier=L2_ADVANCED"' in html


# --- Markets: each language's currency and taxes ----------------------------------------------


def test_mexico_estimate_has_an_iva_line_and_plain_pesos(client):
    html = client.get("/es/calculator/estimate", query_string=ESTIMATE).get_data(as_text=True)
    assert re.search(r'<tr data-line="vat"><th scope="row">IVA \(16 %\)</th>', html)
    assert "Subtotal (sin IVA)" in html
    assert figure(html, "total") == "$210,612.50"
    assert "MXN\xa0" not in html and "data-currency-note" not in html


def test_brazil_estimate_has_no_iva_line_and_names_the_pesos_it_falls_back_to(client):
    response = client.get("/pt/calculator/estimate", query_string=ESTIMATE)
    html = response.get_data(as_text=True)
    assert 'data-line="vat"' not in html and "IVA" not in re.sub(r"<[^>]+>", "", html)
    assert "Valores sem impostos." in html
    assert sum(amounts(html)) == total(html) == Decimal("181562.50")
    assert figure(html, "total") == "MXN\xa0181.562,50"
    assert "Todos os valores estão em pesos mexicanos (MXN)" in html


def test_english_estimate_names_the_currency(client):
    html = client.get(ESTIMATE_URL, query_string=ESTIMATE).get_data(as_text=True)
    assert figure(html, "total") == "MXN\xa0210,612.50"
    assert "data-currency-note" not in html  # the MXN list is the English market's own


@pytest.mark.parametrize(
    ("lang", "label", "words"),
    [
        ("es", "Costo anual por empleado", ["prestaciones", "aguinaldo", "IMSS"]),
        ("pt", "Custo anual por funcionário", ["13º", "férias", "encargos"]),
        ("en", "Yearly cost per employee", ["benefits", "aguinaldo", "MXN"]),
    ],
)
def test_salary_field_asks_for_the_yearly_cost_with_the_markets_benefits(
    client, lang, label, words
):
    html = client.get(f"/{lang}/calculator/roi").get_data(as_text=True)
    field = re.search(r'<div class="field[^"]*" id="field-salary">(.*?)</div>', html, re.S)
    assert label in field.group(1)
    for word in words:
        assert word in field.group(1)


# --- Live validation waits for the visitor ------------------------------------------------------


def live(client, query, touched: str | None):
    headers = dict(HX)
    if touched is not None:
        headers["X-Calc-Touched"] = touched
    return client.get(ROI_URL, query_string=query, headers=headers)


def test_typing_the_first_field_shows_no_errors_for_untouched_ones(client):
    response = live(client, {"employees": "5", "salary": "", "lost_pct": ""}, touched="")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'role="alert"' not in html and "data-figure" not in html
    assert "X-Calc-Touched" in response.headers["Vary"]


def test_live_errors_are_only_for_fields_the_visitor_has_left(client):
    query = {"employees": "abc", "salary": "-1", "lost_pct": ""}
    response = live(client, query, touched="employees,salary")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'href="#employees"' in html and 'href="#salary"' in html
    assert 'href="#lost_pct"' not in html  # still empty, never left


def test_a_submitted_form_reports_every_field(client):
    query = {"employees": "abc", "salary": "-1", "lost_pct": ""}
    for response in (live(client, query, touched=None), client.get(ROI_URL, query_string=query)):
        assert response.status_code == 422
        html = response.get_data(as_text=True)
        for name in ("employees", "salary", "lost_pct"):
            assert f'href="#{name}"' in html


def test_touched_fields_that_are_valid_give_results(client):
    response = live(client, WORKED, touched="employees")
    assert response.status_code == 200
    assert figure(response.get_data(as_text=True), "roi") == "300.0 %"


@pytest.mark.parametrize(
    ("lang", "one_month", "one_week"),
    [("es", "1 mes", "1 semana"), ("pt", "1 mês", "1 semana"), ("en", "1 month", "1 week")],
)
def test_one_month_and_one_week_are_singular(client, lang, one_month, one_week):
    query = {**WORKED, "investment": "1000"}
    roi_html = client.get(f"/{lang}/calculator/roi", query_string=query).get_data(as_text=True)
    assert figure(roi_html, "payback") == one_month
    quote = [("project_type", "design_3d"), ("complexity", "low"), ("timeline", "standard")]
    html = client.get(f"/{lang}/calculator/estimate", query_string=quote).get_data(as_text=True)
    assert figure(html, "weeks") == one_week


def test_estimate_without_a_project_says_so_in_the_select_too(client):
    html = client.get(ESTIMATE_URL).get_data(as_text=True)
    select = re.search(r'<select id="project_type".*?</select>', html, re.S).group(0)
    first = re.search(r"<option[^>]*>[^<]*</option>", select).group(0)
    assert first == '<option value="">Choose a project…</option>'
    assert "selected" not in select  # so the browser shows the placeholder, not a project
    assert "Choose a project to see its estimate." in html


@pytest.mark.parametrize(
    ("lang", "hint"),
    [("es", "$75,000 + IVA."), ("en", "MXN\xa075,000 + VAT."), ("pt", "MXN\xa075.000 + impostos.")],
)
def test_the_tier_starting_price_is_quoted_with_the_markets_tax_wording(client, lang, hint):
    html = client.get(f"/{lang}/calculator/roi").get_data(as_text=True)
    assert re.search(r'id="investment-hint">[^<]*' + re.escape(hint) + "<", html)


def test_a_choice_without_a_surcharge_says_so_rather_than_zero(client):
    quote = [("project_type", "design_3d"), ("complexity", "low"), ("timeline", "standard")]
    html = client.get("/es/calculator/estimate", query_string=quote).get_data(as_text=True)
    for key in ("complexity", "timeline"):
        row = re.search(rf'<tr data-line="{key}">(.*?)</tr>', html).group(1)
        assert 'data-amount="0.00">Sin costo adicional<' in row
