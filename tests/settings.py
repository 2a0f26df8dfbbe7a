"""Settings of the test suite: the platform's, with the plug-ins shipped in plugins/ allowed, so their tables exist
in every unit schema and their tests run. Set EGOV_PLUGINS to test another allow-list."""

import os

os.environ.setdefault("EGOV_PLUGINS", "notify,paysandbox")

from core.settings import *  # noqa: E402,F403

# Tasks the suite queues go to a queue of the test database's own, on a broker inside the test database when the
# broker is the database: never to the queue a demo's or another checkout's worker consumes (`make demo` on the same
# server or broker), and no worker of theirs runs a test's task against their data. The tests that start workers
# consume this queue (or one of their own) and empty it.
_test_database = DATABASES["default"]["TEST"]["NAME"] or "test_" + DATABASES["default"]["NAME"]  # noqa: F405
CELERY_TASK_DEFAULT_QUEUE = f"egov-test.{_test_database}"
if not os.environ.get("CELERY_BROKER_URL") and CELERY_BROKER_URL.startswith("sqla+"):  # noqa: F405
    from sqlalchemy.engine import make_url

    CELERY_BROKER_URL = "sqla+" + make_url(CELERY_BROKER_URL.removeprefix("sqla+")).set(  # noqa: F405
        database=_test_database).render_as_string(hide_password=False)

# GraphQL validation is bounded by the clock (core/api/budget.py), the one wall-clock limit a request meets: on a
# loaded test machine an ordinary document can take longer than production's 0.25 s (anonymous) or 1 s, and a test
# of something else would fail for it. The suite allows 10 s; the tests of the limit itself set it (test_security_abuse).
GRAPHQL_VALIDATION_MS = GRAPHQL_ANONYMOUS_VALIDATION_MS = 10_000
