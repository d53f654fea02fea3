"""The two content languages: Vietnamese pages are the record, English ones mirror them.

Compliance (tasks, submissions, reports) is counted on the Vietnamese tree
only: a translated directive page carries copies of its task rows, which must
never count twice. The public part of the tree (home, directive index,
directives) is mirrored into every other locale: an English alias appears as
soon as a Vietnamese page is published, shows the Vietnamese text until a
translator translates it in wagtail-localize's editor, and is brought up to
date whenever its source is republished. Unit sections stay Vietnamese only;
the English home page routes /en/ addresses of them to the Vietnamese tree
(HomePage.route).
"""

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

from wagtail_localize.models import TranslationSource


def source_language() -> str:
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def in_source_locale(prefix: str = "") -> Q:
    """Filter to the Vietnamese tree (a join, no extra query)."""
    return Q(**{f"{prefix}locale__language_code": source_language()})


def _mirrored_models() -> tuple[type[Page], ...]:
    """The public directive part of the site, parents first."""
    from directives.models import DirectiveIndexPage, DirectivePage
    from home.models import HomePage

    return (HomePage, DirectiveIndexPage, DirectivePage)


def mirrored(page: Page) -> bool:
    """Pages the English tree mirrors."""
    return isinstance(page, _mirrored_models())


def other_locales() -> list[Locale]:
    return list(Locale.objects.exclude(language_code=source_language()))


def _alias_where_missing(page: Page, locales: list[Locale]) -> int:
    """An alias (with any missing parents) in each locale the page is not in yet."""
    made = 0
    for locale in locales:
        if page.get_translation_or_none(locale) is None:
            page.copy_for_translation(locale, copy_parents=True, alias=True)
            made += 1
    return made


def mirror(page: Page) -> None:
    """Give a published Vietnamese page its place in every other language tree.

    A page not yet in a locale gets an alias there; a page already translated
    gets its translation refreshed from the new source text, untranslated new
    passages falling back to Vietnamese.
    """
    _alias_where_missing(page, other_locales())
    source = TranslationSource.objects.get_for_instance_or_none(page)
    if source is None:
        return
    source.update_from_db()
    for translation in source.translations.filter(enabled=True):
        translation.save_target(publish=True)


def mirror_tree() -> int:
    """Mirror every live public page (bootstrap, and when a locale is added)."""
    locales = other_locales()
    done = 0
    with transaction.atomic():
        for model in _mirrored_models():
            for page in model.objects.live().filter(in_source_locale(), alias_of__isnull=True):
                done += _alias_where_missing(page, locales)
    return done


def localized_urls(pages: Iterable[Page], locale: Locale, request=None) -> dict[int, str]:
    """Each page's address in `locale` (its translation or alias), the page's own if none.

    One query for the whole list, so that English listings link to English
    pages without a query per row.
    """
    pages = list(pages)
    urls = {page.pk: page.get_url(request) for page in pages}
    if locale.language_code == source_language():
        return urls
    by_key = {page.translation_key: page.pk for page in pages}
    for translated in Page.objects.live().filter(translation_key__in=by_key, locale=locale):
        urls[by_key[translated.translation_key]] = translated.get_url(request)
    return urls


def source_of(page: Page) -> Page:
    """The Vietnamese page a translation or alias renders (the page itself if Vietnamese)."""
    if page.locale.language_code == source_language():
        return page
    source = (
        type(page).objects.filter(in_source_locale(), translation_key=page.translation_key).first()
    )
    return source or page
