"""What a web worker would otherwise load on its first request, loaded before it takes one.

Django imports the URLconfs (and with them every view and the modules' pages), the GraphQL schemas are assembled
from the modules' contributions, and the translation catalogues are read, each lazily on the first request that needs
it: about half a second, longer on a busy machine.
A worker gunicorn starts again after its request quota (deploy/gunicorn.conf.py) would make that request wait; the
config calls warm() once the worker has loaded the application, before it accepts connections.
"""

from django.conf import settings
from django.urls import get_resolver
from django.utils import translation


def warm() -> None:
    from core.api.assembly import PLATFORM, UNIT, get_schema

    for urlconf in (settings.ROOT_URLCONF, settings.PUBLIC_SCHEMA_URLCONF):
        get_resolver(urlconf).url_patterns  # noqa: B018 - the property imports the URLconf and what it names
    for code, _name in settings.LANGUAGES:
        translation.activate(code)  # reads the language's catalogues
    translation.deactivate()
    for endpoint in (UNIT, PLATFORM):
        get_schema(endpoint)
