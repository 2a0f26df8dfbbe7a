"""The platform's figures (`make bench`). Each bench_*.py module has `run() -> list[tuple[str, str]]`."""
