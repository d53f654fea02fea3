"""A results report's figures and notes, shown where the report is read (its page, the
department's review)."""

from django import template

from directives.indicators.figures import report_figures as figures_of

register = template.Library()


@register.simple_tag
def report_figures(page):
    return figures_of(page)
