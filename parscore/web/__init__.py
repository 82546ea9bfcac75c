"""The parscore web app (Django): commune self-assessment, live score, documents, reports.

It sits beside ``parscore.cli`` and imports only downward: it builds evidence from its database
and calls the engine (``score``, ``plan_fixes``, ``run_whatif``, ``render_report``), never scoring
by itself. ``parscore serve`` starts it (:mod:`parscore.web.server`).
"""
