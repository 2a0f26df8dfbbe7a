from django.http import JsonResponse


def index(request):
    return JsonResponse({"plugin": "${name}", "unit": request.unit.code})
