"""Helpers of the workspace tests: a client on a unit's address (the gateway header) or the platform's."""

from django.test import Client


class UnitClient(Client):
    """Every request goes to `unit` through the gateway header, as a browser on the unit's domain would."""

    def __init__(self, unit=None, user=None, **kwargs):
        super().__init__(HTTP_HOST="localhost", **kwargs)
        self.unit = unit
        if user is not None:
            self.force_login(user)

    def request(self, **request):
        if self.unit is not None:
            request.setdefault("HTTP_X_EGOV_UNIT", self.unit.code)
        return super().request(**request)
