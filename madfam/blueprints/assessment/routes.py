from flask import render_template

from madfam.blueprints.assessment import bp
from madfam.rules.assessment import QUESTIONS


@bp.get("/")
def start():
    return render_template("assessment/start.html", question_count=len(QUESTIONS))
