"""The findings rules registry and the settings object: named, switchable, validated."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from reportsite.extract.findings.registry import RULE_NAMES, rules_for
from reportsite.settings import SETTINGS, Settings


def test_a_management_response_gets_response_topics_and_no_citations() -> None:
    names = [r.name for r in rules_for("management-response")]
    assert "response-topics" in names and "response-intro" in names
    assert "topics" not in names and "citations" not in names


def test_an_evaluation_gets_plain_topics_and_citations() -> None:
    names = [r.name for r in rules_for("evaluation")]
    assert "topics" in names and "citations" in names
    assert "response-topics" not in names
    assert names[0] == "labelled-items"


def test_rules_switch_off_and_on_by_name() -> None:
    names = [r.name for r in rules_for("evaluation", disable=["citations"], enable=["response-intro"])]
    assert "citations" not in names and "response-intro" in names
    assert names == [n for n in RULE_NAMES if n in names]


def test_an_unknown_rule_is_named_in_the_error() -> None:
    with pytest.raises(ValueError, match="'no-such-rule'"):
        rules_for("evaluation", disable=["no-such-rule"])


def test_settings_refuse_an_unknown_key_and_a_value_out_of_range() -> None:
    with pytest.raises(ValidationError, match="margn_band"):
        Settings.model_validate({"pdf": {"margn_band": 0.1}})
    with pytest.raises(ValidationError, match="margin_band"):
        Settings.model_validate({"pdf": {"margin_band": 0.9}})
    with pytest.raises(ValidationError, match="lead_min_words"):
        Settings.model_validate({"findings": {"lead_min_words": 9, "lead_max_words": 4}})
    assert Settings.model_validate({"link": {"max_related": 3}}).link.max_related == 3
    assert SETTINGS.link.max_related == 5
