"""Django app configuration."""

from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class WebConfig(AppConfig):
    name = "parscore.web"
    label = "web"
    verbose_name = "parscore"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The triggers that keep cached scores exact, (re)made after every migrate.
        from .score_triggers import install_triggers

        post_migrate.connect(install_triggers, sender=self, dispatch_uid="parscore-score-triggers")
        # Known browsers: who signed in, and a password set anew ending them.
        from .known_device import connect

        connect()
