from django import template

register = template.Library()


@register.filter
def percent(share):
    """0.874 -> "87%"; nothing judged -> "—"."""
    return "—" if share is None else f"{round(share * 100)}%"


@register.filter
def signed_points(change):
    """+4.5 / −3 percentage points, or nothing when there is nothing to compare."""
    if change is None:
        return ""
    sign = "+" if change > 0 else ("−" if change < 0 else "±")
    return f"{sign}{abs(change):g}"
