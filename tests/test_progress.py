"""An organisation's own account of its year: the sentences in which it states what it did are results,
under whatever heading; background, aims and the cover are not. Texts written for this test."""

from __future__ import annotations

from extract_support import text_blocks
from reportsite.extract.findings.base import Doc
from reportsite.extract.findings.progress import progress_to_drafts
from reportsite.records import Report

REPORT = Report(
    id="fund-2024", title="Annual report", publisher="WHF", date="2025", kind="annual-report", source="x.txt"
)
TEXT = """# ANNUAL REPORT 2024

This report was printed without formal editing by WHF.

# FOREWORD

## Water for towns

#### Wells

Towns have always depended on rivers for water in dry seasons. In 2024, WHF completed 40 new wells in
the northern districts, and the share of households with safe water rose to 81 per cent. WHF will drill
20 more wells next year. Our teams have put in place a repair service run by village committees.

#### Results at a glance

Rainfall was low across the region in the second half of the year.
"""


def test_results_stated_by_the_organisation_are_found_under_any_heading() -> None:
    blocks, sections = text_blocks(TEXT)
    texts = [d.text for d in progress_to_drafts(Doc(blocks, sections, REPORT))]
    assert texts == [
        "In 2024, WHF completed 40 new wells in the northern districts, and the share of households with "
        "safe water rose to 81 per cent.",
        "Our teams have put in place a repair service run by village committees.",
    ]
