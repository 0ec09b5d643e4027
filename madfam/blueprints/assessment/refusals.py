"""What the assessment says when it refuses a request: a title and a message per reason."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from madfam.services.assessments import Refusal

REFUSALS = {
    Refusal.NOT_FOUND: (
        _l("No assessment in progress"),
        _l("We could not find an assessment started in this browser. Please start again."),
    ),
    Refusal.COMPLETED: (
        _l("Assessment already completed"),
        _l("This assessment is already complete. Your report was sent to your email."),
    ),
    Refusal.SKIPPED: (
        _l("Please answer the earlier questions first"),
        _l("Questions are answered in order. Continue from the first unanswered question."),
    ),
    Refusal.INVALID: (
        _l("That answer is not valid"),
        _l("Please choose one of the answers offered for the question."),
    ),
    Refusal.INCOMPLETE: (
        _l("The assessment is not finished yet"),
        _l("Please answer all the questions before asking for your report."),
    ),
}
