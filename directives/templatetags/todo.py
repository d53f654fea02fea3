"""The site header's "Việc cần làm (N)", counted as in the admin menu."""

from django import template
from django.utils import timezone

from directives.compliance.todo import todo_count
from directives.units import roles

register = template.Library()


@register.inclusion_tag("directives/includes/todo_link.html", takes_context=True)
def todo_link(context):
    user = context["request"].user
    shown = bool(roles.member_unit_ids(user)) or roles.is_department(user)
    return {"shown": shown, "count": todo_count(user, today=timezone.localdate()) if shown else 0}
