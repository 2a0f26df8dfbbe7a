"""GraphiQL works without internet access: the page loads its scripts and styles from the platform, never a CDN."""

import base64
import hashlib
import re
from html.parser import HTMLParser

from api_support import headers
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.views import serve
from django.test import Client, RequestFactory


class _Assets(HTMLParser):
    """(url, integrity) of every script and stylesheet a page loads."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        url = attrs.get("src") if tag == "script" else attrs.get("href") if tag == "link" else None
        if url:
            self.found.append((url, attrs.get("integrity")))


def _assets(page: str) -> list[tuple[str, str | None]]:
    parser = _Assets()
    parser.feed(page)
    return parser.found


def _graphiql(unit=None) -> str:
    response = Client().get("/graphql/", HTTP_ACCEPT="text/html", **headers(unit))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    return response.content.decode()


def test_graphiql_loads_nothing_from_another_host(unit_a):
    for page in (_graphiql(), _graphiql(unit_a)):  # the platform's endpoint and a unit's
        assets = _assets(page)
        assert len(assets) == 9  # GraphiQL, its two styles, React, ReactDOM, fetch, graphql-ws, explorer, the glue
        assert not re.search(r"https?://|//[a-z]", page, re.IGNORECASE)  # no absolute or protocol-relative URL
        assert all(url.startswith("/" + settings.STATIC_URL.lstrip("/")) for url, _ in assets)


def test_graphiql_assets_are_served_and_are_the_files_graphene_django_pins(unit_a):
    request = RequestFactory().get("/")
    static = "/" + settings.STATIC_URL.lstrip("/")
    for url, integrity in _assets(_graphiql(unit_a)):
        path = url.removeprefix(static)
        found = finders.find(path)
        assert found, f"{path} is not among the static files"
        response = serve(request, path, insecure=True)  # as `egov demo` (runserver --insecure) serves it
        content = b"".join(response.streaming_content)
        assert response.status_code == 200 and content
        if integrity:  # the glue script is graphene-django's own file and carries no integrity value
            algorithm, digest = integrity.split("-", 1)
            assert algorithm == "sha256"
            assert base64.b64encode(hashlib.sha256(content).digest()).decode() == digest, path
    assert sum(1 for _, integrity in _assets(_graphiql(unit_a)) if integrity) == 8
