"""Installation-wide configuration of the plug-in, read through core.env when used (units' settings are per unit)."""

from core.env import env, env_int

_SMS_URL = ("EGOV_NOTIFY_SMS_URL", "URL the SMS gateway takes messages at (POST JSON). Unset: SMS messages fail.")
_SMS_KEY = ("EGOV_NOTIFY_SMS_API_KEY", "API key sent to the SMS gateway as 'Authorization: Bearer <key>'.")
_SMS_TIMEOUT = ("EGOV_NOTIFY_SMS_TIMEOUT", "Seconds to wait for the SMS gateway.")
_SMS_SENDER = ("EGOV_NOTIFY_SMS_SENDER", "Brand name SMS are sent under when the unit sets none.")


def sms_url() -> str | None:
    return env(_SMS_URL[0], None, _SMS_URL[1]) or None


def sms_api_key() -> str:
    return env(_SMS_KEY[0], "", _SMS_KEY[1]) or ""


def sms_timeout() -> int:
    return env_int(_SMS_TIMEOUT[0], 10, _SMS_TIMEOUT[1])


def sms_sender() -> str:
    return env(_SMS_SENDER[0], "", _SMS_SENDER[1]) or ""


def document() -> None:
    sms_url(), sms_api_key(), sms_timeout(), sms_sender()
