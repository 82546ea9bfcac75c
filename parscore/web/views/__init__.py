"""Views: one module per page family; every view checks permissions on the server."""
