"""GET /health/: is the portal able to serve? Database, broker (Redis) and search.

Public (load balancers and compose health checks have no session) and cheap;
it says only "ok" or "error" per component, and which search is in use
("elasticsearch", or "database" when no search server is configured), never
connection details.
"""

import logging

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _redis() -> None:
    import redis

    redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2).ping()


def _search() -> None:
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    client = getattr(backend, "es", None)
    if client is not None and not client.ping():
        raise ConnectionError("search server did not answer")


def search_kind() -> str:
    return "elasticsearch" if settings.ELASTICSEARCH_URL else "database"


def component_status() -> dict[str, str]:
    checks = {"database": _database, "search": _search}
    if settings.REDIS_URL:
        checks["redis"] = _redis
    status = {}
    for name, check in checks.items():
        try:
            check()
        except Exception:
            logger.exception("Health check failed: %s", name)
            status[name] = "error"
        else:
            status[name] = "ok"
    return status


@never_cache
def health(request):
    status = component_status()
    healthy = all(value == "ok" for value in status.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "components": status, "search": search_kind()},
        status=200 if healthy else 503,
    )
