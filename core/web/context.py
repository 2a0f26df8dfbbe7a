"""Template context of every page: the workspace's navigation, computed only when a template shows it."""

from core.web import navigation


def workspace(request):
    unit = getattr(request, "unit", None)
    user = getattr(request, "user", None)
    found: list = []

    def nav():
        if not found:
            signed_in = unit is not None and user is not None and user.is_authenticated
            found.append(navigation.grouped(navigation.entries_for(unit, user), request.path) if signed_in else [])
        return found[0]

    return {"workspace_nav": nav}
