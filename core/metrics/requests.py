"""Request counts and latency, by method, area of the site and status class (bounded labels), and Celery retries
by task name (the tasks the code ships: bounded)."""

import time

from prometheus_client import Counter, Histogram

REQUESTS = Counter("egov_http_requests_total", "HTTP requests answered.", ["method", "area", "status"])
LATENCY = Histogram("egov_http_request_duration_seconds", "Time to answer an HTTP request.", ["area"],
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
TASK_RETRIES = Counter("egov_celery_task_retries_total", "Celery task retries.", ["task"])
_AREAS = {"graphql", "admin", "health", "m", "metrics", "static", "media", "api"}
_METHODS = {"GET", "POST", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS"}


def area(path: str) -> str:
    """The first segment of the path when it is a known area, else "page": never the path itself."""
    first = path.strip("/").split("/", 1)[0]
    return first if first in _AREAS else "page"


class RequestMetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        where = area(request.path)
        method = request.method if request.method in _METHODS else "OTHER"
        REQUESTS.labels(method, where, f"{response.status_code // 100}xx").inc()
        LATENCY.labels(where).observe(time.perf_counter() - started)
        return response


def count_retry(sender=None, request=None, **kwargs) -> None:
    """celery.signals.task_retry receiver."""
    TASK_RETRIES.labels(getattr(sender, "name", None) or "unknown").inc()
