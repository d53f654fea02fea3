"""The directives domain's models, one module per concept, re-exported here.

Dependencies run one way, from low to high: deadlines/blocks/recipients -> models ->
locales -> units -> compliance -> submissions -> notices -> reports -> wiring
(signals, hooks, tasks, commands). One loop is left on purpose: page models'
`get_context` (and `route`) import `directives.selectors` inside the method, as
Wagtail's own `get_context` idiom does, because the page contexts read across every
concept above the models (positions, locales, roles) while those concepts import the
models. Two smaller ones are broken the same way: `locales` imports the page models
inside its functions (the submission form, which Wagtail needs as a class when
`SubmissionPage` is defined, imports `locales`), and `ReportSchedule.clean` imports
the crontab check from `reports.scheduling`.
"""

from directives.models.calendar import CalendarFeed
from directives.models.directives import (
    DirectiveAttachment,
    DirectiveIndexPage,
    DirectivePage,
    DirectiveReceipt,
    DirectiveTask,
    Recurrence,
)
from directives.models.document_types import DocumentType
from directives.models.indicators import IndicatorValue
from directives.models.outbox import MailStatus, NoticeMail
from directives.models.reports import (
    ChannelMessage,
    ConsolidatedReport,
    Frequency,
    ReminderDigest,
    ReminderKind,
    ReportRecipient,
    ReportSchedule,
    ReportStatus,
    UnitReminder,
)
from directives.models.reviews import ReviewEvent, ReviewState, SubmissionReview
from directives.models.sections import UnitIndexPage, UnitSectionPage
from directives.models.submissions import (
    ImplementationPlanPage,
    Progress,
    ResultsReportPage,
    SubmissionAttachment,
    SubmissionPage,
)
from directives.models.units import Unit, UnitCategory, UnitContactEmail
from directives.models.workflows import UnitApprovalTask

__all__ = [
    "ConsolidatedReport",
    "Frequency",
    "CalendarFeed",
    "ChannelMessage",
    "ReminderDigest",
    "UnitReminder",
    "ReminderKind",
    "ReportRecipient",
    "ReportSchedule",
    "ReportStatus",
    "DirectiveAttachment",
    "DirectiveIndexPage",
    "DirectivePage",
    "DirectiveReceipt",
    "DirectiveTask",
    "DocumentType",
    "ImplementationPlanPage",
    "IndicatorValue",
    "MailStatus",
    "NoticeMail",
    "Progress",
    "Recurrence",
    "ResultsReportPage",
    "ReviewEvent",
    "ReviewState",
    "SubmissionAttachment",
    "SubmissionPage",
    "SubmissionReview",
    "Unit",
    "UnitApprovalTask",
    "UnitCategory",
    "UnitContactEmail",
    "UnitIndexPage",
    "UnitSectionPage",
]
