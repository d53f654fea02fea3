"""What keeps the index current: publication, drafts, deletion, uploads."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.documents import get_document_model
from wagtail.models import Page, Revision
from wagtail.signals import page_published, page_unpublished

from directives.models import Unit, UnitSectionPage
from search import indexing, tasks
from search.models import DocumentText


def owe_update(page_id: int) -> None:
    # Recorded with the change, so that a dead broker delays the update, never drops it.
    indexing.request_index(page_id)
    tasks.enqueue(tasks.index_page, page_id)


@receiver(page_published)
@receiver(page_unpublished)
def reindex_page(sender, instance, **kwargs):
    owe_update(instance.pk)


@receiver(post_save, sender=Revision)
def reindex_draft(sender, instance, created, raw=False, **kwargs):
    # A draft's text lives in its revisions; a live page's drafts wait for publication.
    if created and not raw:
        page = instance.content_object
        if isinstance(page, Page) and not page.live:
            # Owed now, queued at the commit: a first publication saves a draft revision
            # and publishes it in one transaction (portal.middleware.AtomicPageSaveMiddleware),
            # and then its publication's own update indexes the page once.
            indexing.request_index(page.pk)
            transaction.on_commit(lambda: _draft_saved(page.pk))


def _draft_saved(page_id: int) -> None:
    if not Page.objects.filter(pk=page_id, live=True).exists():
        tasks.enqueue(tasks.index_page, page_id)


@receiver(post_save, sender=Unit)
def reindex_unit_section(sender, instance, raw=False, **kwargs):
    # The section is the unit's result in search: its name and category.
    # (directives' own receiver, connected first, has just made or renamed it.)
    section_id = UnitSectionPage.objects.filter(unit=instance).values_list("pk", flat=True).first()
    if section_id and not raw:
        owe_update(section_id)


@receiver(post_save, sender=get_document_model())
def read_uploaded_text(sender, instance, raw=False, **kwargs):
    if raw:
        return
    known = (
        DocumentText.objects.filter(document=instance).values_list("file_name", flat=True).first()
    )
    if known != instance.file.name:  # new file, or replaced
        tasks.enqueue(tasks.extract_document_text, instance.pk)
