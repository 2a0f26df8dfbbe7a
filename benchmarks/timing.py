"""Timing a step and saying whether a figure meets its target, for the benchmark groups."""

import time


def timed(fn):
    """(seconds, result) of calling `fn()`."""
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def verdict(ok: bool, target: str) -> str:
    return f"(target {target}: {'met' if ok else 'MISSED'})"
