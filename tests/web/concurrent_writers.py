"""Several people at once on a file-backed SQLite database, as the server's threads serve them:
two commune staff saving their forms, a council member scoring, the province listing the ranking
and the home page. Run in its own process (the settings of a real data folder, not the tests'
in-memory database):

    python -m tests.web.concurrent_writers DATA_DIR ROUNDS

prints one JSON line: every unexpected answer (status, and the error when a view raised), the
answers counted by kind, the values saved last and the database's journal mode.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.web.posted_forms import form_values

os.environ.pop("DATABASE_URL", None)
os.environ["PARSCORE_ALLOWED_HOSTS"] = "testserver"

FIELD = "m-plan_tasks_done"
STAFF = {"dantien": "dan-tien", "tonghop6": "tong-hop-0006"}  # user -> commune (2025)


def main(data: Path, rounds: int) -> dict[str, Any]:
    from parscore.web.server import prepare

    prepare(data)
    from django.contrib.auth import get_user_model
    from django.core.signals import got_request_exception
    from django.db import connection
    from django.test import Client

    from parscore.web.accounts import create_account
    from parscore.web.appraising import round_rows
    from parscore.web.demo import DEMO_PASSWORD, load_demo
    from parscore.web.models import Assessment, MetricValue

    load_demo()
    create_account("tonghop6", DEMO_PASSWORD, "staff", "tong-hop-0006", None, "", False)
    connection.close()

    problems: list[str] = []
    answers: dict[str, int] = {}
    lock = threading.Lock()

    def raised(sender: Any, request: Any = None, **kwargs: Any) -> None:
        with lock:
            problems.append(f"{request.path if request else '?'}: {sys.exc_info()[1]!r}")

    got_request_exception.connect(raised, weak=False)

    def answer(kind: str, response: Any, wanted: int) -> None:
        with lock:
            answers[kind] = answers.get(kind, 0) + 1
            if response.status_code != wanted:
                problems.append(f"{kind}: {response.status_code} (wanted {wanted})")

    def signed_in(user: str) -> Client:
        client = Client(raise_request_exception=False)
        client.force_login(get_user_model().objects.get(username=user))
        return client

    def staff(user: str) -> None:
        client, url = signed_in(user), f"/xa/{STAFF[user]}/2025/"
        for i in range(rounds):
            values = form_values(client.get(url).content.decode())
            values[FIELD] = str(40 + i)
            answer("save", client.post(url + "luu/", values), 302)

    def council() -> None:
        client, url = signed_in("hoidong"), "/xa/tong-hop-0002/2025/"
        year = Assessment.objects.get(commune__slug="tong-hop-0002", year=2025)
        for i in range(rounds):
            row = round_rows(year)[i % 5]
            posted = {"vong": "1", f"p-{row.code}": "0", f"v-{row.code}": str(row.version)}
            answer("council", client.post(url + "tham-dinh/luu/", posted), 302)

    def province() -> None:
        client = signed_in("tinh")
        for _ in range(rounds):
            answer("ranking", client.get("/tinh/thai-nguyen/2025/"), 200)
            answer("home", client.get("/"), 200)

    def thread(work: Callable[..., None], *args: str) -> threading.Thread:
        def run() -> None:
            try:
                work(*args)
            except Exception as exc:  # outside a view: the ORM call itself
                with lock:
                    problems.append(f"{work.__name__}: {exc!r}")
            finally:
                connection.close()

        return threading.Thread(target=run)

    threads = [thread(staff, u) for u in STAFF] + [thread(council), thread(province)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    saved = {
        user: MetricValue.objects.get(
            assessment__commune__slug=slug, assessment__year=2025, name=FIELD[2:]
        ).value
        for user, slug in STAFF.items()
    }
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal = cursor.fetchone()[0]
    return {"problems": problems, "answers": answers, "saved": saved, "journal": journal}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), int(sys.argv[2]))))
