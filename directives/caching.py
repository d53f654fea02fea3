"""Caching what every signed-in user sees alike, and forgetting it when content changes.

Keys carry a content generation: every publication, unpublication, review or
change of a directive, a unit document, a task or a unit moves it on, so an
entry can never outlive the content it was made from, in every worker at once
(Redis), without having to know which pages a change touches. Nothing
per-user (the name in the header, the language switcher, drafts) goes in.
"""

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")
GENERATION_KEY = "content-generation"
# Entries also expire on their own: keys holding today's date stop being asked for.
TIMEOUT_SECONDS = 24 * 3600


def generation() -> int:
    """The current content generation."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        # add(), not set(): two workers starting at once agree on one value.
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def content_changed() -> None:
    """Move the generation on: every cached entry is stale from now on."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet, or evicted
        cache.add(GENERATION_KEY, 2, timeout=None)


def cached(name: str, *parts: object, compute: Callable[[], T]) -> T:
    """`compute()`'s value, computed once per generation and `parts`."""
    key = ":".join(str(part) for part in (name, generation(), *parts))
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=TIMEOUT_SECONDS)
    return value
