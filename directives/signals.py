from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.signals import page_published

from directives import services
from directives.models import SubmissionPage, Unit


@receiver(post_save, sender=Unit)
def give_unit_its_section(sender, instance, raw=False, **kwargs):
    if not raw:
        services.unit_section_ensure(unit=instance)


@receiver(page_published)
def stamp_first_submission(sender, instance, **kwargs):
    if isinstance(instance, SubmissionPage):
        services.submission_mark_submitted(page_id=instance.pk)
        instance.refresh_from_db(fields=["submitted_at"])
