"""Walking the assessment over HTTP: start it, answer its steps, finish it."""

from __future__ import annotations

from madfam.rules import assessment as rules
from tests.helpers import csrf_from

KEYS = [q.key for q in rules.QUESTIONS]
# technology 5,4,4 -> 10/12; process 3,3,2 -> 5/12; team 4,4 -> 6/8; strategy 1,2 -> 1/8
# score = 100 * (0.30*10/12 + 0.25*5/12 + 0.25*6/8 + 0.20*1/8) = 56.67 -> 57 -> L3_CONSULTING
CHOSEN = dict(zip(KEYS, [5, 4, 4, 3, 3, 2, 4, 4, 1, 2], strict=True))


def start(client, lang: str = "es"):
    page = client.get(f"/{lang}/assessment/")
    assert page.status_code == 200
    response = client.post(f"/{lang}/assessment/start", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 303
    return csrf_from(page), response


def post_step(client, token: str, n: int, value, lang: str = "es", **extra):
    data = {"csrf_token": token, "question": KEYS[n - 1], "answer": value, **extra}
    return client.post(f"/{lang}/assessment/step/{n}", data=data)


def answer_all(client, token: str, answers: dict[str, int] = CHOSEN, lang: str = "es"):
    for n, key in enumerate(KEYS, start=1):
        response = post_step(client, token, n, answers[key], lang=lang)
        assert response.status_code == 303, response.get_data(as_text=True)


def finish(client, token: str, lang: str = "es", **fields):
    data = {"csrf_token": token, "email": "Ana@Example.com", "first_name": "Ana", **fields}
    return client.post(f"/{lang}/assessment/finish", data=data)
