"""Forms of the import pages: upload, column mapping, JSON Resume."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import FieldList, SelectChoice, SelectField, SubmitField, widgets
from wtforms.validators import InputRequired, Optional

from hiring.candidates.rules import SOURCES
from hiring.imports.tables import FIELDS, IGNORE, MAX_UPLOAD_BYTES
from hiring.web import IntegerField

MEGABYTES = MAX_UPLOAD_BYTES // (1024 * 1024)
SOURCE_CHOICES = [SelectChoice(key, label) for key, label in SOURCES.items()]
COLUMN_CHOICES = [SelectChoice(IGNORE, "Ignore this column")] + [
    SelectChoice(key, label) for key, label in FIELDS.items()
]


class CsvUploadForm(FlaskForm):
    file = FileField(
        "CSV file",
        description=f"UTF-8 text, at most {MEGABYTES} MB, with a header row naming the "
        "columns. Spreadsheets export it as 'CSV UTF-8'.",
        render_kw={"accept": ".csv,text/csv"},
    )
    submit = SubmitField("Upload and map the columns")


class MappingForm(FlaskForm):
    import_id = IntegerField(widget=widgets.HiddenInput(), validators=[InputRequired()])
    columns = FieldList(SelectField(choices=COLUMN_CHOICES, validate_choice=True))
    source = SelectField(
        "Source for rows without one",
        choices=SOURCE_CHOICES,
        default="inbound",
        description="Used when no column is mapped to Source or the row leaves it empty.",
    )
    job_id = SelectField(
        "Add every imported candidate to a job",
        validators=[Optional()],
        description="Candidates already active in the job stay where they are.",
    )
    preview = SubmitField("Preview the import")
    run = SubmitField("Import")


class JsonResumeForm(FlaskForm):
    file = FileField(
        "JSON Resume file",
        description=f"A .json file following jsonresume.org/schema, at most {MEGABYTES} MB.",
        render_kw={"accept": ".json,application/json"},
    )
    source = SelectField("Source", choices=SOURCE_CHOICES, default="inbound")
    job_id = SelectField("Add to a job", validators=[Optional()])
    submit = SubmitField("Import the resume")
