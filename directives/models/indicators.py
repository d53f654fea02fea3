"""The figures a unit reports for its tasks' indicators (definitions: `indicators.definitions`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey


class IndicatorValue(models.Model):
    """One figure of one report for one indicator of one task it answers.

    A child of the report's page (not a table of its own beside it): the figures are
    saved in the report's revisions with its text, so a draft's figures never count,
    and the live rows are always those of the published version.
    """

    page = ParentalKey(
        "directives.SubmissionPage", on_delete=models.CASCADE, related_name="indicator_values"
    )
    task = models.ForeignKey(
        "directives.DirectiveTask", on_delete=models.CASCADE, related_name="indicator_values"
    )
    code = models.CharField(_("mã chỉ tiêu"), max_length=32)
    value = models.DecimalField(_("số liệu"), max_digits=18, decimal_places=4)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["page", "task", "code"], name="one_figure_per_report_indicator"
            )
        ]
        verbose_name = _("số liệu chỉ tiêu")
        verbose_name_plural = _("số liệu chỉ tiêu")

    def __str__(self):
        return f"{self.code}: {self.value}"
