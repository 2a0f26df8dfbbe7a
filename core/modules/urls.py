"""Each module's URLs, mounted at /m/<id>/ in the unit URLconf, answering 404 in units that did not enable it."""

import functools
from importlib import import_module

from django.db import connection
from django.urls import Resolver404, URLResolver
from django.urls.resolvers import RoutePattern
from django.utils.translation import gettext as _

from core.errors import error_response
from core.modules.errors import MODULE_NOT_ENABLED
from core.modules.registry import all_manifests


def _only_where_enabled(module_id: str, view):
    from core.modules.services import is_enabled

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        unit = getattr(request, "unit", None)
        if not is_enabled(unit, module_id):
            # The same answer as an unknown address: a unit cannot tell what others have enabled.
            return error_response(MODULE_NOT_ENABLED, _("Đơn vị chưa bật mô-đun này."), 404)
        return view(request, *args, **kwargs)

    return guarded


class ModuleResolver(URLResolver):
    """Resolves like include(), then puts the enablement check in front of whichever view matched."""

    def __init__(self, module_id: str, urlconf: str):
        super().__init__(RoutePattern(f"m/{module_id}/"), urlconf, app_name=module_id, namespace=module_id)
        self.module_id = module_id
        self._guarded: dict = {}

    def resolve(self, path):
        match = super().resolve(path)
        view = match.func
        if view not in self._guarded:
            self._guarded[view] = _only_where_enabled(self.module_id, view)
        match.func = self._guarded[view]
        return match


class ModuleRootResolver(URLResolver):
    """A module's `public_urlpatterns` at the unit's root (the citizen portal's landing page at "/"): they resolve
    only where the unit enabled the module; elsewhere resolving goes on to the next pattern (the kernel's page)."""

    def __init__(self, module_id: str, patterns: list):
        super().__init__(RoutePattern(""), patterns, app_name=module_id, namespace=f"public-{module_id}")
        self.module_id = module_id

    def resolve(self, path):
        from core.modules.services import is_enabled

        if not is_enabled(getattr(connection, "tenant", None), self.module_id):
            raise Resolver404({"path": path})
        return super().resolve(path)


def module_urlpatterns() -> list[URLResolver]:
    """The resolvers of the modules that declare `urls`, for the unit URLconf; a urls module's
    `public_urlpatterns` answer at the unit's root (where the unit enabled the module)."""
    patterns: list[URLResolver] = [ModuleResolver(m.id, m.urls) for m in all_manifests().values() if m.urls]
    for m in all_manifests().values():
        public = getattr(import_module(m.urls), "public_urlpatterns", None) if m.urls else None
        if public:
            patterns.append(ModuleRootResolver(m.id, public))
    return patterns


def platform_module_urlpatterns() -> list[URLResolver]:
    """The modules' platform-wide pages (e.g. the citizens' look-up), at /m/<id>/ on the platform host; and the few
    a citizen types or scans, which a module's `platform_urls` lists in `public_urlpatterns`, at the host's root
    (the look-up page: /tra-cuu/)."""
    from django.urls import include, path

    patterns: list = []
    for m in all_manifests().values():
        if m.platform_urls:
            patterns.append(path(f"m/{m.id}/", include((m.platform_urls, m.id), namespace=f"platform-{m.id}")))
            public = getattr(import_module(m.platform_urls), "public_urlpatterns", None)
            if public:
                patterns.append(path("", include((public, m.id), namespace=f"public-{m.id}")))
    return patterns
