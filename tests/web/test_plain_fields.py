"""The plain_ field macros write what the widget-rendering macros write, byte for byte:
the same labels, ids, checked and selected state, CSRF token, errors and what was typed
(escaped), so a page that uses them looks and reads the same."""

from __future__ import annotations

import pytest
from flask import Flask, render_template_string
from werkzeug.datastructures import MultiDict

from hiring.evaluation.forms import DecisionForm

WIDGETS = """{% from '_macros.html' import field, radio_group %}
{{ form.csrf_token }}|{{ form.revises }}|{{ radio_group(form.outcome) }}|
{{ field(form.level, type_class='form-select') }}|{{ field(form.rationale) }}|
{{ field(form.override_reason) }}"""

PLAIN = """{% from '_macros.html' import plain_hidden, plain_radio_group, plain_select,
plain_textarea %}
{{ plain_hidden(form.csrf_token) }}|{{ plain_hidden(form.revises) }}|\
{{ plain_radio_group(form.outcome) }}|
{{ plain_select(form.level) }}|{{ plain_textarea(form.rationale) }}|
{{ plain_textarea(form.override_reason) }}"""

LEVELS = {"junior": "Junior", "mid": "Mid-level & <up>", "senior": 'Senior "S"'}


def _render(form: DecisionForm) -> tuple[str, str]:
    return render_template_string(WIDGETS, form=form), render_template_string(PLAIN, form=form)


@pytest.mark.parametrize(
    "typed",
    [
        {},
        {"revises": "12", "outcome": "hire", "level": "mid", "rationale": "Fine & <b>good</b>"},
        {"outcome": "no_hire", "level": "nope", "override_reason": "Says \"no\"\nand 'why'"},
        {"outcome": "maybe", "rationale": "  spaced  "},
    ],
)
def test_the_plain_fields_match_the_widgets_after_a_failed_submit(
    app: Flask, typed: dict[str, str]
) -> None:
    with app.test_request_context("/", method="POST", data=typed):
        form = DecisionForm(formdata=MultiDict(typed)).with_levels(LEVELS)
        form.validate()
        form.outcome.errors = ["Choose hire or no hire."]
        form.level.errors = ["Choose the level to hire at."]
        form.rationale.errors = ["Write the reasoning.", "At least 20 characters."]
        form.override_reason.label.text = "Override reason (needed for no hire)"
        form.override_reason.description = "The verdict is meets the bar & more."
        widgets, plain = _render(form)

    assert 'name="csrf_token"' in plain
    assert plain == widgets


def test_the_plain_fields_match_the_widgets_on_a_blank_form(app: Flask) -> None:
    with app.test_request_context("/"):
        form = DecisionForm(formdata=None, data={"revises": "", "level": "senior"})
        widgets, plain = _render(form.with_levels(LEVELS))

    assert "selected" in plain
    assert plain == widgets
