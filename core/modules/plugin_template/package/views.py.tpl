from django.http import JsonResponse
from django.shortcuts import render

from ${package} import services


def index(request):
    return JsonResponse({"plugin": "${name}", "unit": request.unit.code})


def page(request):
    """A page of the staff workspace: it extends the shared layout, so it gets the navigation and the styles."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path(), "/dang-nhap/")
    return render(request, "${package}/page.html", {"notes": services.notes()})
