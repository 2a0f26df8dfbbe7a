"""Thin JSON views over the services: a published form's artefact and a code-list version's items."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from core.errors import error_response
from modules.forms.services import FormsError, items_of, published_artefact

IMMUTABLE = "public, max-age=31536000, immutable"  # a published artefact and a list version never change


@require_GET
def artefact(request, form_id: int):
    try:
        body = published_artefact(form_id)
    except FormsError as exc:
        return error_response(exc)
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = IMMUTABLE
    return response


@require_GET
def code_list(request, version_id: int):
    try:
        items = items_of(version_id)
    except FormsError as exc:
        return error_response(exc)
    response = JsonResponse({"id": version_id, "items": list(items)}, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = IMMUTABLE
    return response
