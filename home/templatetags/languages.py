"""The language switcher and language-aware links for the site's templates."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from wagtail.models import Page

from directives import caching

register = template.Library()


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    current: bool


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """A link per language: the page's translation (or English alias) where one
    exists, otherwise the same address in that language, which
    the English home page routes to the Vietnamese page (HomePage.route)."""
    request = context.get("request")
    if request is None:
        return {"links": []}
    page = context.get("page")
    translations = {}
    if isinstance(page, Page):
        translations = caching.cached(
            "translations", page.pk, compute=lambda: _translation_urls(page, request)
        )
    current = get_language()
    links = [
        LanguageLink(
            code=code,
            name=name,
            url=translations.get(code) or translate_url(request.get_full_path(), code),
            current=code == current,
        )
        for code, name in settings.LANGUAGES
    ]
    return {"links": links}


def _translation_urls(page, request) -> dict[str, str]:
    return {
        translation.locale.language_code: translation.get_url(request)
        for translation in page.get_translations(inclusive=True).live().select_related("locale")
    }


@register.simple_tag(takes_context=True)
def localized_slugurl(context, slug):
    """The page with that slug in the active language's tree, else in Vietnamese."""
    request = context.get("request")
    return caching.cached(
        "slug-url", slug, get_language(), compute=lambda: _slug_url(slug, request)
    )


def _slug_url(slug, request) -> str:
    pages = Page.objects.live().filter(slug=slug).select_related("locale")
    found = {page.locale.language_code: page for page in pages}
    page = found.get(get_language()) or found.get(settings.LANGUAGE_CODE)
    return page.get_url(request) if page else ""
