"""Cached scores: one row per commune year, kept exact by database triggers.

``revision`` grows (database triggers, :mod:`parscore.web.score_triggers`) whenever anything the
year's evidence is built from changes: the year's row, any row pointing at it (metrics,
declarations, self-scores, documents, council points, explanations, bonus and penalty items…),
its commune, province or pack. ``totals`` were computed from the evidence as it was at revision
``computed`` under ``key`` (the pack's sha256 and the engine's code); they are used only while
``computed == revision`` and the key is the current one (:mod:`parscore.web.score_cache`), stored
as plain data (:mod:`parscore.web.totals_codec`: compact JSON, never pickle).
``token`` is a random value written with every ``totals``: a process that keeps totals in memory
knows they are still the stored ones while the token is unchanged (even after a rollback).
"""

from __future__ import annotations

from django.db import models

from .models import Assessment

__all__ = ["ScoreCache"]


class ScoreCache(models.Model):
    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    revision = models.BigIntegerField(default=0)
    computed = models.BigIntegerField(null=True)
    key = models.CharField(max_length=64, blank=True, default="")
    totals = models.BinaryField(null=True)
    token = models.CharField(max_length=32, blank=True, default="")  # new with every ``totals``

    class Meta:
        verbose_name = "điểm đã tính sẵn"
        verbose_name_plural = "điểm đã tính sẵn"
