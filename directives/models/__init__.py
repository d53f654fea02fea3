from directives.models.directives import (
    DirectiveAttachment,
    DirectiveIndexPage,
    DirectivePage,
    DirectiveTask,
    Recurrence,
)
from directives.models.document_types import DocumentType
from directives.models.sections import UnitIndexPage, UnitSectionPage
from directives.models.submissions import (
    ImplementationPlanPage,
    ResultsReportPage,
    SubmissionAttachment,
    SubmissionPage,
)
from directives.models.units import Unit, UnitCategory, UnitContactEmail

__all__ = [
    "DirectiveAttachment",
    "DirectiveIndexPage",
    "DirectivePage",
    "DirectiveTask",
    "DocumentType",
    "ImplementationPlanPage",
    "Recurrence",
    "ResultsReportPage",
    "SubmissionAttachment",
    "SubmissionPage",
    "Unit",
    "UnitCategory",
    "UnitContactEmail",
    "UnitIndexPage",
    "UnitSectionPage",
]
