"""Every upload (or replaced file) gets its signature verdict and its preview."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.documents import get_document_model

from attachments import services, tasks
from attachments.models import Preview, TrustedRoot
from search.tasks import enqueue


@receiver(post_save, sender=get_document_model())
def examine_upload(sender, instance, raw=False, **kwargs):
    if raw:
        return
    known = Preview.objects.filter(document=instance).values_list("file_name", flat=True).first()
    if known == instance.file.name[:255]:
        return
    services.preview_pending(document=instance)
    enqueue(tasks.check_signature, instance.pk)
    enqueue(tasks.make_preview, instance.pk)


@receiver(post_save, sender=TrustedRoot)
@receiver(post_delete, sender=TrustedRoot)
def roots_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        enqueue(tasks.recheck_signatures)
