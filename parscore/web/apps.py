"""Django app configuration."""

from __future__ import annotations

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "parscore.web"
    label = "web"
    verbose_name = "parscore"
    default_auto_field = "django.db.models.BigAutoField"
