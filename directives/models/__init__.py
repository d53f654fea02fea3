from directives.models.directives import (
    DirectiveAttachment,
    DirectiveIndexPage,
    DirectivePage,
    DirectiveTask,
    Recurrence,
)
from directives.models.document_types import DocumentType
from directives.models.reports import (
    ConsolidatedReport,
    Frequency,
    ReminderDigest,
    ReminderKind,
    ReportRecipient,
    ReportSchedule,
    ReportStatus,
)
from directives.models.reviews import ReviewEvent, ReviewState, SubmissionReview
from directives.models.sections import UnitIndexPage, UnitSectionPage
from directives.models.submissions import (
    ImplementationPlanPage,
    ResultsReportPage,
    SubmissionAttachment,
    SubmissionPage,
)
from directives.models.units import Unit, UnitCategory, UnitContactEmail
from directives.models.workflows import UnitApprovalTask

__all__ = [
    "ConsolidatedReport",
    "Frequency",
    "ReminderDigest",
    "ReminderKind",
    "ReportRecipient",
    "ReportSchedule",
    "ReportStatus",
    "DirectiveAttachment",
    "DirectiveIndexPage",
    "DirectivePage",
    "DirectiveTask",
    "DocumentType",
    "ImplementationPlanPage",
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
