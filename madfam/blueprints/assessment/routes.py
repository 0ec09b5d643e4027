"""The assessment flow: start → ten steps → contact details → signed results page.

The assessment in progress is named only by the visitor's (signed) session, never by the
URL or a posted field, so a visitor can touch no assessment but their own and the same
URLs work in every language. Each step answers a full page, or with htmx the fragment
of the next step plus ``HX-Push-Url``; without JavaScript every POST redirects (303).
"""

from __future__ import annotations

from flask import make_response, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from madfam import pagecache
from madfam.blueprints.assessment import bp
from madfam.blueprints.assessment.forms import FinishForm, posted_answer
from madfam.blueprints.assessment.refusals import REFUSALS
from madfam.enums import AssessmentStatus
from madfam.extensions import limiter
from madfam.htmx import is_partial, render
from madfam.i18n import LANGUAGES
from madfam.rules import assessment as rules
from madfam.rules.tiers import TIER_INFO
from madfam.services import assessments as service
from madfam.services.assessments import Refusal
from madfam.urls import absolute_url
from madfam.visit import current_visit

SESSION_KEY = "assessment_id"
# The start page is the same for every visitor who has not begun an assessment.
pagecache.keep_endpoint("assessment.start", unless_session_has=(SESSION_KEY,))
STEPS = service.STEP_COUNT


# --- Helpers ------------------------------------------------------------------------------


def _current():
    return service.get(session.get(SESSION_KEY))


def _lang_urls(endpoint: str, **values) -> dict[str, str]:
    """The same page in each language, for the switcher swapped in with a fragment."""
    return {code: url_for(endpoint, lang=code, **values) for code in LANGUAGES}


def _respond(page: str, partial: str, push_url=None, status: int = 200, keep=None, **ctx):
    """``keep``: the visitor's own values that are all the page shows of the visitor; the
    page is then kept under them (``pagecache.rendered``) instead of drawn each time."""

    def draw() -> str:
        return render(page, partial, status, **ctx)[0]

    body = draw() if keep is None else pagecache.rendered(keep, draw)
    response = make_response(body, status)
    if push_url and is_partial():
        response.headers["HX-Push-Url"] = push_url
    return response


def _refuse(reason: Refusal, status: int = 400):
    title, message = REFUSALS[reason]
    return _refused_page(title, message, status)


def _refused_page(title, message, status: int):
    return _respond(
        "assessment/refused.html",
        "assessment/_refused.html",
        status=status,
        title=title,
        message=message,
        code=status,
        lang_urls=None,
    )


def _results_url(token: str) -> str:
    return url_for(".results", token=token)


def _step_page(assessment, n: int, push: bool = False, error: str | None = None, status=200):
    question = rules.QUESTIONS[n - 1]
    url = url_for(".step", n=n)
    chosen = (assessment.answers or {}).get(question.key)
    return _respond(
        "assessment/step.html",
        "assessment/_step.html",
        push_url=url if push else None,
        status=status,
        keep=None if error else (n, chosen),
        n=n,
        steps=STEPS,
        question=question,
        category_label=rules.CATEGORY_LABELS[question.category],
        chosen=chosen,
        error=error,
        back_url=url_for(".step", n=n - 1) if n > 1 else url_for(".start"),
        lang_urls=_lang_urls(".step", n=n),
    )


def _finish_page(form: FinishForm, push: bool = False, status: int = 200):
    return _respond(
        "assessment/finish.html",
        "assessment/_finish.html",
        push_url=url_for(".finish") if push else None,
        status=status,
        form=form,
        steps=STEPS,
        back_url=url_for(".step", n=STEPS),
        lang_urls=_lang_urls(".finish"),
    )


def _go_to(assessment, n: int | None):
    """Continue at step ``n`` (``None``: the contact step): a fragment for htmx, else 303."""
    if not is_partial():
        target = url_for(".step", n=n) if n else url_for(".finish")
        return redirect(target, code=303)
    if n is None:
        return _finish_page(FinishForm(formdata=None), push=True)
    return _step_page(assessment, n, push=True)


def _redirect_elsewhere(assessment):
    """Pages of an assessment in progress: without one, back to the start; once it is
    completed, on to its results (303). ``None`` when the page may be shown."""
    if assessment is None:
        return redirect(url_for(".start"), code=303)
    if assessment.status is AssessmentStatus.COMPLETED:
        return redirect(_results_url(service.results_token(assessment.id)), code=303)
    return None


def _first_open_before(assessment, n: int) -> int | None:
    """The first unanswered step when it comes before step ``n`` (questions go in order)."""
    first_open = service.next_step(assessment)
    return first_open if first_open is not None and n > first_open else None


# --- Views --------------------------------------------------------------------------------


@bp.get("/")
def start():
    assessment = _current()
    resume_url = results_url = None
    answered = 0
    if assessment is not None:
        if assessment.status is AssessmentStatus.COMPLETED:
            results_url = _results_url(service.results_token(assessment.id))
        elif assessment.answers:
            answered = len(assessment.answers)
            n = service.next_step(assessment)
            resume_url = url_for(".step", n=n) if n else url_for(".finish")
    return _respond(
        "assessment/start.html",
        "assessment/_start.html",
        question_count=STEPS,
        resume_url=resume_url,
        results_url=results_url,
        answered=answered,
        lang_urls=_lang_urls(".start"),
    )


@bp.post("/start")
@limiter.limit("30 per hour")
def begin():
    """Start (or, with ``restart``, start over); an unfinished assessment is resumed."""
    assessment = _current()
    resumable = assessment is not None and assessment.status is not AssessmentStatus.COMPLETED
    if resumable and not request.form.get("restart"):
        return _go_to(assessment, service.next_step(assessment))
    assessment = service.start(current_visit())
    session[SESSION_KEY] = assessment.id
    session.permanent = True
    return _go_to(assessment, 1)


@bp.get("/step/<int:n>")
def step(n: int):
    if not 1 <= n <= STEPS:
        return _refuse(Refusal.NOT_FOUND, 404)
    assessment = _current()
    elsewhere = _redirect_elsewhere(assessment)
    if elsewhere is not None:
        return elsewhere
    first_open = _first_open_before(assessment, n)
    if first_open is not None:
        return redirect(url_for(".step", n=first_open), code=303)
    return _step_page(assessment, n)


@bp.post("/step/<int:n>")
def answer(n: int):
    if not 1 <= n <= STEPS:
        return _refuse(Refusal.NOT_FOUND, 404)
    assessment = _current()
    if assessment is None:
        return _refuse(Refusal.NOT_FOUND)
    value = posted_answer(request.form)
    if _first_open_before(assessment, n) is not None:
        return _refuse(Refusal.SKIPPED)
    if value is None and assessment.status is not AssessmentStatus.COMPLETED:
        return _step_page(assessment, n, error=_("Please choose an answer."), status=422)
    try:
        service.record_answer(
            assessment, n, request.form.get("question", ""), value, current_visit()
        )
    except service.AssessmentError as exc:
        return _refuse(exc.reason)
    return _go_to(assessment, n + 1 if n < STEPS else None)


@bp.get("/finish")
def finish():
    assessment = _current()
    elsewhere = _redirect_elsewhere(assessment)
    if elsewhere is not None:
        return elsewhere
    first_open = service.next_step(assessment)
    if first_open is not None:
        return redirect(url_for(".step", n=first_open), code=303)
    return _finish_page(FinishForm(formdata=None))


@bp.post("/finish")
@limiter.limit("20 per hour")
def submit():
    assessment = _current()
    if assessment is None:
        return _refuse(Refusal.NOT_FOUND)
    if assessment.status is AssessmentStatus.COMPLETED:
        return _refuse(Refusal.COMPLETED)
    if service.next_step(assessment) is not None:
        return _refuse(Refusal.INCOMPLETE)
    form = FinishForm()
    if not form.validate():
        return _finish_page(form, status=422)
    contact = service.Contact(
        email=form.email.data,
        first_name=form.first_name.data,
        company=form.company.data,
        marketing_consent=bool(form.marketing_consent.data),
    )
    try:
        service.complete(
            assessment, contact, current_visit(), lambda t: absolute_url(".results", token=t)
        )
    except service.AssessmentError as exc:
        return _refuse(exc.reason)
    token = service.results_token(assessment.id)
    if not is_partial():
        return redirect(_results_url(token), code=303)
    return _results_page(assessment, token, push=True)


@bp.get("/results/<token>")
def results(token: str):
    assessment = service.from_results_token(token)
    if assessment is None:
        return _refused_page(
            _l("Report not found"),
            _l("This report link is not valid. Please use the link in your email."),
            404,
        )
    return _results_page(assessment, token)


def _results_page(assessment, token: str, push: bool = False):
    means = rules.category_means(assessment.answers)
    categories = [
        {
            "label": rules.CATEGORY_LABELS[c],
            "mean": means[c],
            "percent": int(round((means[c] - 1) / 4 * 100)),
        }
        for c in rules.Category
        if c in means
    ]
    tier = assessment.tier
    tier_info = TIER_INFO[tier]
    return _respond(
        "assessment/results.html",
        "assessment/_results.html",
        push_url=_results_url(token) if push else None,
        assessment=assessment,
        tier_name=tier_info.name,
        tier_description=tier_info.description,
        categories=categories,
        strengths=[rules.FINDING_TEXT[k] for k in assessment.strengths or []],
        weaknesses=[rules.FINDING_TEXT[k] for k in assessment.weaknesses or []],
        recommendations=[rules.FINDING_TEXT[k] for k in assessment.recommendations or []],
        contact_url=url_for("public.contact", tier=tier.value),
        roi_url=url_for("calculator.roi_page", tier=tier.value),
        lang_urls=_lang_urls(".results", token=token),
    )
