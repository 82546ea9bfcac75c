"""``python -m parscore``."""

from .cli.main import main

raise SystemExit(main())
