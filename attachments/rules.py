"""A task may require signed results reports: such a report is refused when it
is sent (published, or submitted for the leader's approval) without at least
one attached PDF whose signature is intact and trusted."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from attachments import services

# The page editor's buttons that send a report on its way.
SENDING_ACTIONS = (
    "action-publish",
    "action-submit",
    "action-workflow-action",
    "action-restart-workflow",
)


def _documents(form) -> list:
    formset = getattr(form, "formsets", {}).get("attachments")
    if formset is None:
        return []
    # The form cleans itself before its formsets: clean them now (Django caches it).
    formset.is_valid()
    documents = []
    for item in formset.forms:
        data = getattr(item, "cleaned_data", None) or {}
        if data.get("document") is not None and not data.get("DELETE"):
            documents.append(data["document"])
    return documents


def check_signed_report(form) -> None:
    """Called from the submission form's clean(); adds a form error, never raises a 500."""
    from directives.models import ResultsReportPage

    if not isinstance(form.instance, ResultsReportPage):
        return
    if not any(form.data.get(action) for action in SENDING_ACTIONS):
        return
    tasks = [task for task in form.cleaned_data.get("tasks") or [] if task.requires_signature]
    if not tasks:
        return
    verdicts = [(d, services.signature_current(document=d)) for d in _documents(form)]
    if any(check.is_valid for _document, check in verdicts):
        return
    message = _(
        "Nhiệm vụ “%(task)s” yêu cầu báo cáo có chữ ký số: hãy đính kèm tệp PDF đã ký số "
        "còn nguyên vẹn, với chứng thư thuộc nguồn tin cậy, rồi gửi lại."
    ) % {"task": str(tasks[0])}
    found = "; ".join(
        f"“{document.title}”: {check.get_status_display()}" for document, check in verdicts
    )
    if found:
        message += " " + _("Tệp đã đính kèm: %(files)s.") % {"files": found}
    else:
        message += " " + _("Báo cáo chưa có tệp đính kèm nào.")
    form.add_error(None, ValidationError(message))
