"""Admin pages for the department only (the review queue), and for everyone who reads
everything: the department and its leaders (the compliance matrix, the board)."""

from django.core.exceptions import PermissionDenied

from directives.admin_shell import PortalAdminView
from directives.units import roles


def department_only(request) -> None:
    # Who may do what: directives.units.roles, the door to every permission rule.
    if not roles.is_department(request.user):
        raise PermissionDenied


class DepartmentPageView(PortalAdminView):
    """An admin page for department reviewers only, titled under the dashboard."""

    def dispatch(self, request, *args, **kwargs):
        department_only(request)
        return super().dispatch(request, *args, **kwargs)


def readers_only(request) -> None:
    # Who may do what: directives.units.roles, the door to every permission rule.
    if not roles.reads_everything(request.user):
        raise PermissionDenied


class ReaderPageView(PortalAdminView):
    """An admin page for the department and its leaders (read-only figures)."""

    def dispatch(self, request, *args, **kwargs):
        readers_only(request)
        return super().dispatch(request, *args, **kwargs)
