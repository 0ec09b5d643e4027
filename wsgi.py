"""WSGI entry point: gunicorn serves ``wsgi:app``; the flask CLI loads it too."""

from madfam.startup import build_app_or_exit

app = build_app_or_exit()
