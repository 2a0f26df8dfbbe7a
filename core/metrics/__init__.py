"""Prometheus metrics of the platform, at /metrics/ on the platform host (core.metrics.view).

Label sets are bounded on purpose: never a unit's code or a path as a label (11,000 units would make 11,000 series);
requests are counted by method, area of the site (core.metrics.requests.area) and status class.

Under gunicorn (several processes) set PROMETHEUS_MULTIPROC_DIR to an empty directory shared by the web and worker
processes (emptied at each start): prometheus_client then adds up every process's counters; without it each scrape
sees one process only.
"""
