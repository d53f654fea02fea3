"""What keeps the index current: publication, drafts, deletion, uploads."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.documents import get_document_model
from wagtail.models import Page, Revision
from wagtail.signals import page_published, page_unpublished

from search import tasks
from search.models import DocumentText


@receiver(page_published)
@receiver(page_unpublished)
def reindex_page(sender, instance, **kwargs):
    tasks.enqueue(tasks.index_page, instance.pk)


@receiver(post_save, sender=Revision)
def reindex_draft(sender, instance, created, raw=False, **kwargs):
    # A draft's text lives in its revisions; a live page's drafts wait for publication.
    if created and not raw:
        page = instance.content_object
        if isinstance(page, Page) and not page.live:
            tasks.enqueue(tasks.index_page, page.pk)


@receiver(post_save, sender=get_document_model())
def read_uploaded_text(sender, instance, raw=False, **kwargs):
    if raw:
        return
    known = (
        DocumentText.objects.filter(document=instance).values_list("file_name", flat=True).first()
    )
    if known != instance.file.name:  # new file, or replaced
        tasks.enqueue(tasks.extract_document_text, instance.pk)
