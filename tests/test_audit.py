"""The number audit: stated totals, shares that should add to 100%, and figures that disagree."""

from __future__ import annotations

from reportsite.link.audit import audit_extracts, numbers_disagree, share_totals, table_total
from reportsite.link.linked import link
from reportsite.records import Extract, Number, Report, Source, Table, TotalCheck

REPORT = Report(
    id="r", title="R", publisher="IOM", date="2024", kind="annual-report", cycle="2023", source="r.txt"
)
SRC = Source(lines=[1, 2])

DONORS = Table(
    id="r/table-1",
    number="1",
    caption="Funding overview in 2023",
    columns=["Donor", "Unearmarked contributions (2023)", "% of IOM total unearmarked", "% of donor's total"],
    units=[None, "USD", "%", "%"],
    rows=[
        ["United States", 15_235_646, "33.42%", "1%"],
        ["Denmark", 7_143_920, "15.67%", "19%"],
        ["Others", 23_204_324, "50.91%", "37%"],
        ["Total", 45_583_890, None, None],
    ],
    source=SRC,
    total=TotalCheck(
        column="Unearmarked contributions (2023)", stated=45_583_890, computed=45_583_890, ok=True
    ),
)


def number(
    nid: str, value: float, unit: str, scale: str | None, year: int | None, subject: str, text: str = ""
) -> Number:
    text = text or f"In {year}, IOM received {unit} {value} {scale or ''} in {subject} from donors."
    return Number(
        id=nid, value=value, unit=unit, scale=scale, year=year, subject=subject, text=text, source=SRC
    )


def test_a_stated_total_that_matches() -> None:
    item = table_total(DONORS)
    assert item is not None and item.ok and item.kind == "table-total"
    assert "45 583 890, as stated" in item.message


def test_a_wrong_total_is_caught() -> None:
    wrong = DONORS.model_copy(
        update={
            "total": TotalCheck(
                column="Unearmarked contributions (2023)", stated=45_583_990, computed=45_583_890, ok=False
            )
        }
    )
    item = table_total(wrong)
    assert item is not None and not item.ok
    assert item.message == (
        "Table 1 (Funding overview in 2023): 'Unearmarked contributions (2023)' states a total of 45 583 990, "
        "but its rows add up to 45 583 890 (a difference of -100)"
    )
    assert item.record_ids == ["r/table-1"]


def test_shares_add_to_100_within_rounding_and_per_row_ratios_are_left_alone() -> None:
    items = share_totals(DONORS)
    assert [(i.kind, i.ok) for i in items] == [("share-total", True)]
    assert "'% of IOM total unearmarked' add up to 100.00%" in items[0].message


def test_shares_that_do_not_add_up_are_caught() -> None:
    rows = [["A", 1, "33.42%", "1%"], ["B", 1, "15.67%", "1%"], ["C", 1, "45.91%", "1%"]]
    items = share_totals(DONORS.model_copy(update={"rows": rows}))
    assert [i.ok for i in items] == [False]
    assert "add up to 95.00%, not 100%" in items[0].message


def test_the_real_donor_shares_are_within_rounding() -> None:
    shares = [
        33.42,
        15.67,
        10.77,
        9.05,
        8.08,
        6.94,
        2.40,
        2.39,
        2.31,
        2.19,
        2.19,
        2.11,
        1.67,
        0.44,
        0.12,
        0.09,
        0.07,
        0.07,
    ]
    rows = [[f"d{i}", 1, f"{s:.2f}%", "19%"] for i, s in enumerate(shares)]
    (item,) = share_totals(DONORS.model_copy(update={"rows": rows}))
    assert item.ok and "99.98%" in item.message


def test_a_disagreeing_number_is_caught_and_rounding_is_not_a_disagreement() -> None:
    numbers = [
        number("r/n1", 45.6, "USD", "million", 2023, "unearmarked voluntary contributions"),
        number("r/n2", 45_583_890, "USD", None, 2023, "voluntary unearmarked contributions"),
        number("b/n3", 47.2, "USD", "million", 2023, "unearmarked voluntary contributions"),
        # Same words, another year: not the same figure.
        number("b/n4", 20.0, "USD", "million", 2022, "unearmarked voluntary contributions"),
        # Same year and words, another unit: not the same figure.
        number("b/n5", 3, "%", None, 2023, "unearmarked voluntary contributions"),
    ]
    # One problem for the figure, listing every place it is stated; n1 and n2 agree within rounding
    # but each disagrees with n3, so all three are listed.
    (item,) = numbers_disagree(numbers)
    assert item.record_ids == ["r/n1", "r/n2", "b/n3"]
    assert item.kind == "number-disagrees" and not item.ok
    assert item.message == (
        "'unearmarked voluntary contributions' in 2023 is stated 3 ways: USD 45.6 million (r/n1), "
        "USD 45 583 890 (r/n2) and USD 47.2 million (b/n3)"
    )
    # Two places: the message names them one and the other.
    (pair,) = numbers_disagree([numbers[0], numbers[2]])
    assert pair.message == (
        "'unearmarked voluntary contributions' in 2023 is USD 45.6 million in one place (r/n1) and "
        "USD 47.2 million in another (b/n3)"
    )


def test_a_subject_stated_in_every_report_is_not_compared_pair_by_pair() -> None:
    # 400 plain "amount" figures of one year: sentences sharing only common words are not one figure,
    # so the cost stays linear, while two sentences sharing a rare word are still compared.
    numbers = [
        number(f"r{i}/n", float(i), "USD", "million", 2023, "amount", f"In 2023 the amount was {i} million.")
        for i in range(400)
    ]
    numbers += [
        number("x/1", 5.0, "USD", "million", 2023, "amount", "The zebrafund amount was 5 million in 2023."),
        number("y/1", 7.0, "USD", "million", 2023, "amount", "The zebrafund amount was 7 million in 2023."),
    ]
    items = numbers_disagree(numbers)
    assert [i.record_ids for i in items] == [["x/1", "y/1"]]


def test_different_sentences_and_one_sentence_are_not_one_figure() -> None:
    numbers = [
        number(
            "r/1",
            29,
            "countries",
            None,
            2023,
            "countries",
            "It plays a coordination function in 29 countries.",
        ),
        number(
            "r/2", 46, "countries", None, 2023, "countries", "Camp management extended across 46 countries."
        ),
        number(
            "r/3", 6, "%", None, None, "revenue", "Flexible funding is 6 per cent of revenue, 1% unearmarked."
        ),
        number(
            "r/4", 1, "%", None, None, "revenue", "Flexible funding is 6 per cent of revenue, 1% unearmarked."
        ),
    ]
    assert numbers_disagree(numbers) == []


def test_unit_spellings_meet() -> None:
    items = numbers_disagree(
        [
            number("a/1", 97, "per cent", None, 2022, "resources earmarked"),
            number("b/1", 93, "%", None, 2022, "resources earmarked"),
        ]
    )
    assert len(items) == 1


def test_a_table_total_is_checked_against_the_text() -> None:
    extract = Extract(
        report=REPORT,
        tables=[DONORS],
        numbers=[number("r/n1", 46.6, "USD", "million", 2023, "unearmarked contributions")],
    )
    items = audit_extracts([extract])
    disagreements = [i for i in items if i.kind == "number-disagrees"]
    assert [i.record_ids for i in disagreements] == [["r/n1", "r/table-1"]]


def test_link_carries_the_audit_and_hidden_records_leave_it() -> None:
    from reportsite.link.curation import Curation, Override

    extract = Extract(report=REPORT, tables=[DONORS])
    assert {i.kind for i in link([extract], None).audit} == {"table-total", "share-total"}
    hidden = Curation(overrides=(Override(id="r/table-1", line=2, hide=True),))
    assert link([extract], None, hidden).audit == []


# --- the arithmetic prose states, on paragraphs written for these tests -------------------------------


def _extract(text: str) -> Extract:
    from extract_support import text_blocks
    from reportsite.extract.ids import IdAllocator
    from reportsite.extract.numbers import blocks_to_numbers

    blocks, sections = text_blocks(text)
    return Extract(report=REPORT, numbers=blocks_to_numbers(blocks, sections, REPORT, IdAllocator(REPORT.id)))


def _checks(text: str, kind: str) -> list:  # type: ignore[type-arg]
    from reportsite.link.arithmetic import arithmetic_checks

    return [c for c in arithmetic_checks([_extract(text)]) if c.kind == kind]


def test_a_total_and_its_parts() -> None:
    good = "The trust fund received a total of USD 9.5 million, of which USD 6 million came from cities and USD 3.5 million from regions.\n"
    (check,) = _checks(good, "total-parts")
    assert check.ok and "= 9 500 000" in check.message and check.sentences == [good.strip()]
    slip = good.replace("USD 3.5 million", "USD 4.5 million")
    (check,) = _checks(slip, "total-parts")
    assert not check.ok and "a slip of 1 000 000" in check.message
    # 'Including' may list only some parts: less than the total is fine, more is not.
    some = "Clinics treated 4 800 patients in total, including 1 200 children and 900 older people.\n"
    (check,) = _checks(some, "total-parts")
    assert check.ok
    too_many = some.replace("1 200 children", "4 200 children")
    (check,) = _checks(too_many, "total-parts")
    assert not check.ok


def test_what_is_left_after_amounts_spent() -> None:
    good = (
        "The programme received EUR 12.4 million in 2022. It spent EUR 7.5 million on housing and used "
        "EUR 2.1 million for training, leaving EUR 2.8 million to be carried over.\n"
    )
    (check,) = _checks(good.replace(". It", "; it"), "remainder")
    assert check.ok and "12.4 million EUR - 7.5 million EUR - 2.1 million EUR = 2 800 000" in check.message
    slip = good.replace(". It", "; it").replace("EUR 2.8 million", "EUR 3.8 million")
    (check,) = _checks(slip, "remainder")
    assert not check.ok and "a slip of 1 000 000" in check.message
    # The same figures across sentences of one paragraph are one account.
    (check,) = _checks(good, "remainder")
    assert check.ok and len(check.sentences) == 2


def test_a_rise_from_x_to_y_against_the_change_stated_elsewhere() -> None:
    text = (
        "The number of trained paramedics rose from 40 in 2020 to 95 in 2024 across the province.\n\n"
        "With 55 new trained paramedics, response times fell.\n"
    )
    (check,) = _checks(text, "from-to")
    assert check.ok and "a change of 55" in check.message and len(check.sentences) == 2
    slip = text.replace("With 55 new", "With 95 new")
    (check,) = _checks(slip, "from-to")
    assert not check.ok and "a slip of 40" in check.message
    # The same level for the same year, stated again.
    again = text.replace(
        "With 55 new trained paramedics, response times fell.", "In 2024, 90 trained paramedics were on duty."
    )
    (check,) = _checks(again, "from-to")
    assert not check.ok and "a slip of -5" in check.message


def test_a_rise_is_read_against_its_own_report_only() -> None:
    from reportsite.link.arithmetic import arithmetic_checks

    rise = _extract(
        "The number of trained paramedics rose from 40 in 2020 to 95 in 2024 across the province.\n"
    )
    other = _extract("With 60 new trained paramedics, response times fell.\n")
    other = other.model_copy(
        update={
            "report": REPORT.model_copy(update={"id": "other"}),
            "numbers": [n.model_copy(update={"id": "other/" + n.id}) for n in other.numbers],
        }
    )
    assert [c for c in arithmetic_checks([rise, other]) if c.kind == "from-to"] == []
    joined = _extract(
        "The number of trained paramedics rose from 40 in 2020 to 95 in 2024 across the province.\n\n"
        "With 60 new trained paramedics, response times fell.\n"
    )
    (check,) = [c for c in arithmetic_checks([joined]) if c.kind == "from-to"]
    assert not check.ok


def test_prose_checks_reach_the_audit() -> None:
    text = "The fund received a total of USD 10.2 million, of which USD 7.1 million from states and USD 2.3 million from foundations.\n"
    items = [i for i in audit_extracts([_extract(text)]) if i.kind == "total-parts"]
    assert len(items) == 1 and not items[0].ok and items[0].sentences


def test_a_change_is_not_a_restated_level() -> None:
    level = number(
        "r/a", 40.0, "USD", "million", 2023, "core budget", "The core budget was USD 40 million in 2023."
    )
    change = number(
        "r/b", 5.0, "USD", "million", 2023, "core budget", "The core budget rose by USD 5 million in 2023."
    )
    change.measure = "change"
    assert numbers_disagree([level, change]) == []
    again = number(
        "r/c", 45.0, "USD", "million", 2023, "core budget", "In 2023 the core budget was USD 45 million."
    )
    assert len(numbers_disagree([level, change, again])) == 1
