"""What people wrote in several lines (a council note, a commune's explanation) keeps its lines in
the HTML report and the minutes: the text sits in an element whose style keeps line breaks (HTML
joins them into one paragraph otherwise)."""

from __future__ import annotations

import re

from parscore.compiled import LoadedPack
from parscore.loader import LoadedEvidence, load_evidence, load_pack
from parscore.report.build import build_context
from parscore.report.minutes import build_minutes, render_minutes
from parscore.report.render import render_report
from parscore.scoring import score

from .report_helpers import DATA

NOTE = "Dòng một của ý kiến.\nDòng hai của ý kiến."
EXPLANATION = "Giải trình dòng một.\nGiải trình dòng hai."


def _with_texts(pack: LoadedPack, evidence: LoadedEvidence) -> tuple[LoadedEvidence, str]:
    code = next(iter(pack.leaves))
    model = evidence.model.model_copy(
        update={"appraisal_notes": {code: NOTE}, "explanations": {code: EXPLANATION}}
    )
    return LoadedEvidence(model=model, metrics=evidence.metrics, file=evidence.file), code


def _kept(html: str, text: str) -> None:
    assert re.search(r"\.lines\s*\{\s*white-space:\s*pre-line;", html)
    assert text in re.findall(r'<(?:span|div|td) class="lines">([^<]*)<', html)


def test_the_report_keeps_the_lines_of_notes_and_explanations(
    sample_pack: LoadedPack, sample_evidence: LoadedEvidence
) -> None:
    evidence, _ = _with_texts(sample_pack, sample_evidence)
    ctx = build_context(score(sample_pack, evidence), sample_pack, evidence)
    html = render_report(ctx, "html").decode("utf-8")
    _kept(html, NOTE)
    _kept(html, EXPLANATION)


def test_the_minutes_keep_the_lines_of_notes_and_explanations() -> None:
    pack = load_pack(DATA / "minutes" / "pack.yaml")
    evidence, _ = load_evidence(DATA / "minutes" / "dan-tien-2025.yaml", pack)
    evidence, _ = _with_texts(pack, evidence)
    html = render_minutes(build_minutes(score(pack, evidence), pack, evidence), "html")
    _kept(html.decode("utf-8"), NOTE)
    _kept(html.decode("utf-8"), EXPLANATION)
