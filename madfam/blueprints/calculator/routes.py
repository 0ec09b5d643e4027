from flask import render_template

from madfam.blueprints.calculator import bp


@bp.get("/")
def index():
    return render_template("calculator/index.html")
