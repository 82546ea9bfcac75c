"""WSGI entry point (``parscore.web.wsgi:application``) for waitress or another WSGI server."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parscore.web.settings")
application = get_wsgi_application()
