"""What the official outputs print: text as typed, times in Vietnam time."""

from datetime import UTC, date, datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from directives.compliance.matrix import build_matrix
from directives.models import SubmissionPage
from directives.reports.rendering import on_demand_meta, render_pdf, render_xlsx
from tests import factories

pytestmark = pytest.mark.django_db
# 01:40 on 2 December in Vietnam.
SENT = datetime(2026, 12, 1, 18, 40, tzinfo=UTC)


@pytest.fixture
def matrix(workspace):
    report = factories.submission(
        workspace.a.unit,
        workspace.plan,
        title="Báo cáo kết quả A",
        tasks=[workspace.a.task],
        report=True,
        body=[("paragraph", "<p>Tỷ lệ đạt &lt; 50% &amp; cần “đẩy mạnh” tuyên truyền</p>")],
    )
    SubmissionPage.objects.filter(pk__in=[report.pk, workspace.a.live.pk]).update(submitted_at=SENT)
    return build_matrix(directives=[workspace.plan], as_of=date(2026, 12, 2))


def test_the_pdf_prints_text_as_typed_not_escaped_twice(matrix):
    pdf = render_pdf(matrix, on_demand_meta(matrix))
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages).split())
    assert "Tỷ lệ đạt < 50% & cần “đẩy mạnh” tuyên truyền" in text
    assert "&lt;" not in text and "&amp;" not in text
    assert "(02/12/2026)" in text  # the excerpt's date, Vietnam time


def test_the_xlsx_prints_submission_times_in_vietnam_time(matrix):
    # The consolidated report's annex and the matrix page's download are both this workbook.
    workbook = load_workbook(BytesIO(render_xlsx(matrix, on_demand_meta(matrix))))
    excerpts = workbook.worksheets[2]
    row = next(
        r for r in excerpts.iter_rows(min_row=2, values_only=True) if r[0] == "Huyện ủy Lâm Hà"
    )
    assert row[1] == "02/12/2026 01:40"
    assert row[2] == "Tỷ lệ đạt < 50% & cần “đẩy mạnh” tuyên truyền"
    grid = [c for r in workbook.worksheets[1].iter_rows(values_only=True) for c in r if c]
    assert any("(02/12/2026)" in str(cell) for cell in grid)
    assert not any("01/12/2026" in str(cell) for cell in grid)
