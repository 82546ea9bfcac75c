"""Benchmark (not a test): the web app's server time where a user waits for a page.

Every request goes through Django's whole WSGI request cycle (the test client: middleware,
session, view, template) in this process, on a throwaway SQLite database filled with synthetic
communes of the 2025 pack (``parscore.synthetic``), rows written with ``bulk_create``.

- Live score: the form of a 2025-pack commune posted to the preview endpoint as the browser's
  htmx does (every field, one metric changed each time), against the goal of 50 ms server time;
  shown beside one in-memory ``score()`` of the same commune (interleaved).
- Province ranking page with 3,321 communes: cold (the first render after one commune's
  evidence changed), cached (rendered again), cached in the database only (a new server
  process) and, once, with no cached score at all; goal 1 s. Then, once, every commune computed
  ahead with nothing cached (what a pack migration or the server's start-up does).
- Home page of a province officer (every commune of the province listed with its score).

``PARSCORE_BENCH_QUICK=1`` uses 1,000 communes and fewer repetitions (and says so).

    python bench/bench_web.py [--communes 3321] [--repeat 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import QUICK, ROOT, interleave, ratio, spread

PACK = ROOT / "rules" / "2025.yaml"
PROVINCE = "bench-tinh"
FULL_COMMUNES = 3321
FORM = "application/x-www-form-urlencoded"


def setup_django(data: Path) -> None:
    os.environ["PARSCORE_DATA"] = str(data)
    os.environ["PARSCORE_ALLOWED_HOSTS"] = "testserver"
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "parscore.web.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


def populate(n: int) -> tuple[float, int]:
    """``n`` synthetic communes of one province, each with a 2025 year; seconds taken, rows."""
    from django.db import transaction

    from parscore.synthetic import synthetic_communes
    from parscore.web.evidence import stored_text
    from parscore.web.models import (
        Assessment,
        Commune,
        EvidenceDocument,
        MetricValue,
        NotApplicable,
        Province,
    )
    from parscore.web.packs import freeze_pack, loaded_pack

    t0 = time.perf_counter()
    version = freeze_pack(PACK)
    pack = loaded_pack(version)
    models = [model for _, model in synthetic_communes(pack, n, 2025)]
    with transaction.atomic():
        province = Province.objects.create(name="Tỉnh đo hiệu năng", slug=PROVINCE)
        communes = Commune.objects.bulk_create(
            Commune(province=province, name=m.commune, slug=f"xa-{i:05d}")
            for i, m in enumerate(models, 1)
        )
        years = Assessment.objects.bulk_create(
            Assessment(
                commune=c, year=m.year, pack=version, as_of=m.as_of, synthetic=m.synthetic or ""
            )
            for c, m in zip(communes, models, strict=True)
        )
        rows = [
            MetricValue(assessment=a, name=k, value=stored_text(v))
            for a, m in zip(years, models, strict=True)
            for k, v in m.metrics.items()
        ]
        MetricValue.objects.bulk_create(rows, batch_size=5000)
        nas = [
            NotApplicable(assessment=a, code=k, reason=v)
            for a, m in zip(years, models, strict=True)
            for k, v in m.not_applicable.items()
        ]
        NotApplicable.objects.bulk_create(nas, batch_size=5000)
        docs = [
            EvidenceDocument.from_evidence(a, d)
            for a, m in zip(years, models, strict=True)
            for d in m.documents
        ]
        EvidenceDocument.objects.bulk_create(docs, batch_size=2000)
    return time.perf_counter() - t0, len(rows) + len(nas) + len(docs)


def clocked(call: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of one call."""
    c0, t0 = time.process_time(), time.perf_counter()
    call()
    return time.perf_counter() - t0, time.process_time() - c0


def ms(values: list[float]) -> str:
    return spread([v * 1000 for v in values], "ms", 1)


def verdict(values: list[float], goal: float) -> str:
    return "met" if statistics.median(values) <= goal else "MISSED"


def timed_line(label: str, wall: list[float], cpu: list[float], goal: float | None) -> str:
    """``label: wall …, CPU … [goal: wall met, CPU met]`` (medians, min–max)."""
    line = f"{label}: wall {ms(wall)}; CPU {ms(cpu)}"
    if goal is not None:
        line += (
            f"  [goal <= {goal * 1000:g} ms server time: wall {verdict(wall, goal)}, "
            f"CPU {verdict(cpu, goal)}]"
        )
    return line


def bench_live(client: object, repeat: int) -> list[str]:
    """The live score of commune 1, interleaved with one in-memory ``score()`` of it."""
    from django.test import Client

    from parscore.scoring import score
    from parscore.web.evidence import load_assessment
    from parscore.web.layout import input_display, metric_key
    from parscore.web.models import Assessment

    assert isinstance(client, Client)
    a = Assessment.objects.select_related("commune", "pack").order_by("pk").first()
    assert a is not None
    evidence, pack = load_assessment(a)
    form: dict[str, str] = {}
    for name, spec in pack.model.inputs.items():
        form[metric_key(name)] = input_display(spec, evidence.metrics.get(name))
    for code, reason in evidence.model.not_applicable.items():
        form[f"na-{code}"] = reason
    numeric = next(
        n for n, s in pack.model.inputs.items() if s.type == "count" and n in evidence.metrics
    )
    url = f"/xa/{a.commune.slug}/{a.year}/xem-truoc/"
    # what htmx sends: the whole form, URL-encoded, with its request headers
    headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "score-panel"}
    turn = [0]
    wall: dict[str, list[float]] = {"request": [], "score": []}
    cpu: dict[str, list[float]] = {"request": [], "score": []}

    def post() -> float:
        turn[0] += 1
        body = urlencode({**form, metric_key(numeric): str(turn[0] % 7)})
        response: list[object] = []
        w, c = clocked(lambda: response.append(client.post(url, body, FORM, **headers)))
        status = getattr(response[0], "status_code", 0)
        if status != 200:
            raise SystemExit(f"live score request failed: HTTP {status}")
        wall["request"].append(w)
        cpu["request"].append(c)
        return w

    def engine() -> float:
        w, c = clocked(lambda: score(pack, evidence))
        wall["score"].append(w)
        cpu["score"].append(c)
        return w

    post()  # warm-up: the pack compiled, templates loaded, as in a running server
    wall["request"].clear()
    cpu["request"].clear()
    interleave({"request": post, "score": engine}, repeat)
    return [
        f"-- live score: POST {url} (htmx, every field, one metric changed), {repeat} interleaved",
        timed_line("live score request", wall["request"], cpu["request"], 0.050),
        timed_line("one score() in memory", wall["score"], cpu["score"], None),
        ratio("live score request / score(), CPU", cpu["request"], cpu["score"], None),
    ]


def bench_ranking(client: object, n: int, repeat: int) -> list[str]:
    """The province ranking page: fully cold, cold after one commune changed, cached."""
    from django.test import Client

    from parscore.web.models import MetricValue

    assert isinstance(client, Client)
    url = f"/tinh/{PROVINCE}/2025/"
    times: dict[str, tuple[list[float], list[float]]] = {}

    def get(case: str, path: str = url) -> float:
        response: list[object] = []
        w, c = clocked(lambda: response.append(client.get(path)))
        status = getattr(response[0], "status_code", 0)
        if status != 200:
            raise SystemExit(f"{path} failed: HTTP {status}")
        wall, cpu = times.setdefault(case, ([], []))
        wall.append(w)
        cpu.append(c)
        return w

    out = [f"-- province ranking page, {n:,} communes: GET {url}"]
    cleared = "cache emptied" if _clear_cache() else "nothing cached before"
    get("first")
    metric = MetricValue.objects.order_by("pk").first()
    assert metric is not None
    turn = [0]

    def cold() -> float:
        turn[0] += 1
        # One commune's evidence changes (any write path): its score must be recomputed.
        MetricValue.objects.filter(pk=metric.pk).update(value=str(turn[0] % 5))
        return get("cold")

    def new_process() -> float:
        _forget_memory()  # as a server process that has not shown this page yet
        return get("new process")

    # Each repetition: a change and its first render, then the same page again, then again in
    # a process that holds nothing in memory (rotated, as harness.interleave does).
    interleave({"cold": cold, "cached": lambda: get("cached"), "new": new_process}, repeat)
    for _ in range(max(3, repeat // 2)):
        get("home", "/")
    warmed = _warm_all()
    labels = {
        "first": f"first render ever ({cleared}: every score computed), one run",
        "cold": "cold: first render after one commune's evidence changed",
        "cached": "cached: rendered again",
        "new process": "cached in the database, nothing in the process's memory",
        "home": f"home page of a province officer ({n:,} communes listed)",
    }
    for case, label in labels.items():
        wall, cpu = times[case]
        out.append(timed_line(label, wall, cpu, 1.0 if case != "home" else None))
    if warmed is not None:
        out.append(
            f"computing every commune ahead (score_cache.warm(), as after a pack migration or at "
            f"start-up), nothing cached, one run: wall {warmed[0] * 1000:,.0f} ms; "
            f"CPU {warmed[1] * 1000:,.0f} ms"
        )
    return out


def _forget_memory() -> None:
    try:
        from parscore.web.score_cache import forget_memory
    except ImportError:
        return
    forget_memory()


def _warm_all() -> tuple[float, float] | None:
    """Wall and CPU seconds of computing every year ahead with nothing cached, when this version
    of the app can."""
    try:
        from parscore.web.score_cache import forget_all, warm
    except ImportError:
        return None
    forget_all()
    return clocked(warm)


def _clear_cache() -> bool:
    """Forget every cached score, when this version of the app has a cache."""
    try:
        from parscore.web.score_cache import forget_all
    except ImportError:
        return False
    forget_all()
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, default=1000 if QUICK else FULL_COMMUNES)
    parser.add_argument("--repeat", type=int, default=7 if QUICK else 15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="parscore-bench-web-") as tmp:
        setup_django(Path(tmp))
        from django.contrib.auth import get_user_model
        from django.test import Client

        seconds, rows = populate(args.communes)
        admin = get_user_model().objects.create_superuser("bench", password="bench-password")
        client = Client()
        client.force_login(admin)
        print(
            f"pack {PACK.relative_to(ROOT)}; throwaway SQLite database; {args.communes:,} "
            f"synthetic communes ({rows:,} rows) stored in {seconds:.1f} s with bulk_create; "
            "server time = the whole request cycle in this process (Django test client)"
        )
        if args.communes != FULL_COMMUNES:
            print(f"QUICK MODE: {args.communes:,} communes, not the goal's 3,321")
        for line in bench_live(client, args.repeat * 3):
            print(line, flush=True)
        for line in bench_ranking(client, args.communes, args.repeat):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
