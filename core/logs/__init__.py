"""Structured logs: one JSON object per line carrying the request's id and the unit's code (opt-in, EGOV_JSON_LOGS)."""
