"""The navigation registry of the staff workspace: the kernel's own entries plus the `nav` entries of the modules'
manifests (plug-ins included), filtered for one unit and one person: a module's entries only where the unit enabled
it, an entry with roles only for members holding one of them."""

from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.accounts.services import role_codes
from core.modules.manifest import NavEntry
from core.modules.registry import all_manifests
from core.modules.services import enabled_modules

GROUPS = {"work": _("Công việc"), "reports": _("Báo cáo"), "admin": _("Quản trị")}

# The kernel's entries: every member has a home; administrators the pages for people, roles and modules (and the
# Django unit admin for the modules' own tables).
KERNEL = (
    NavEntry(_("Trang làm việc"), "/lam-viec/", order=0),
    NavEntry(_("Thư liên thông lỗi"), "/lam-viec/thu-loi/", roles=("administrator", "receiving_officer", "clerk",
                                                              "leader"), order=800),
    NavEntry(_("Thành viên của đơn vị"), "/lam-viec/quan-tri/thanh-vien/", roles=("administrator",), group="admin",
             order=900),
    NavEntry(_("Vai trò của đơn vị"), "/lam-viec/quan-tri/vai-tro/", roles=("administrator",), group="admin", order=910),
    NavEntry(_("Mô-đun của đơn vị"), "/lam-viec/quan-tri/mo-dun/", roles=("administrator",), group="admin", order=920),
    NavEntry(_("Trang quản trị đơn vị"), "/admin/", roles=("administrator",), group="admin", order=990),
)


@dataclass(frozen=True)
class Link:
    label: str
    path: str
    group: str
    module: str | None


def entries_for(unit, user) -> list[Link]:
    """The entries `user` sees in `unit`, ordered by group then order (one query for the roles, one for modules)."""
    roles = role_codes(user, unit)
    superuser = bool(getattr(user, "is_superuser", False))
    enabled = enabled_modules(unit)
    candidates = [(None, e) for e in KERNEL]
    for manifest in all_manifests().values():
        if manifest.id in enabled:
            candidates += [(manifest.id, e) for e in manifest.nav]
    allowed = [(m, e) for m, e in candidates if superuser or not e.roles or roles.intersection(e.roles)]
    order = list(GROUPS)
    allowed.sort(key=lambda me: (order.index(me[1].group) if me[1].group in order else len(order), me[1].order))
    return [Link(gettext(str(e.label)), e.path, e.group, m) for m, e in allowed]


def _current(links: list[Link], current_path: str) -> str | None:
    """The one entry the page is under: its own path, else the longest path it lies below (a module's root
    /m/x/ is not current on its page /m/x/y/ when /m/x/y/ has an entry of its own)."""
    if any(link.path == current_path for link in links):
        return current_path
    below = [link.path for link in links if link.path not in ("/lam-viec/", "/") and current_path.startswith(link.path)]
    return max(below, key=len) if below else None


def grouped(links: list[Link], current_path: str = "") -> list[dict]:
    """[{"title", "links": [{"label", "path", "current"}]}] for the template, in GROUPS' order."""
    out: list[dict] = []
    current = _current(links, current_path)
    for key, title in GROUPS.items():
        items = [{"label": link.label, "path": link.path, "current": link.path == current}
                 for link in links if link.group == key]
        if items:
            out.append({"title": str(title), "links": items})
    return out


def is_allowed(unit, user, path: str) -> bool:
    """Whether `path` is among the entries `user` sees (the workspace does not link what it would refuse)."""
    return any(link.path == path for link in entries_for(unit, user))
