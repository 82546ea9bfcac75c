"""WSGI entry point (``parscore.web.wsgi:application``) for waitress or another WSGI server.

The data folder is ``PARSCORE_DATA`` (default ``./parscore-data``); its secret key is made on
first use. Run ``parscore serve`` once (or ``django-admin migrate``) to create the database, and
again after each upgrade: another server started on a database whose tables are missing or older
than the code refuses to start, saying so, instead of failing on every page.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.wsgi import get_wsgi_application

from .server import ensure_data_dir, require_migrated

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parscore.web.settings")
ensure_data_dir(Path(os.environ.get("PARSCORE_DATA", "parscore-data")))
application = get_wsgi_application()
require_migrated()  # (parscore serve migrates, then builds its application itself)
