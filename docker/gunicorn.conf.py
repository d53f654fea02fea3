"""gunicorn in the portal's image: its own log lines (start-up, errors, access)
in the portal's format on standard output, so LOG_FORMAT=json gives one JSON
object per line; the control socket in /tmp, since the root filesystem may be
read-only."""

import os

bind = "0.0.0.0:8000"
workers = 3
timeout = 120
accesslog = "-"
control_socket = "/tmp/gunicorn.ctl"  # noqa: S108 (the container's own tmpfs)

_json = os.environ.get("LOG_FORMAT") == "json"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "portal.logs.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if _json else "plain",
            "stream": "ext://sys.stdout",
        }
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    # Django's LOGGING later replaces the root handler with its own console
    # handler: gunicorn's loggers keep none of their own and propagate to it.
    "loggers": {
        "gunicorn.error": {"handlers": [], "propagate": True},
        "gunicorn.access": {"handlers": [], "propagate": True},
    },
}
