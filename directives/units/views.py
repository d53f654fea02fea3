"""Admin pages for the department only (the review queue, the compliance matrix)."""

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
