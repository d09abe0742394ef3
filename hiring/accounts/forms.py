from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    widgets,
)
from wtforms.fields import DateField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, ValidationError

from hiring.roles import ROLE_LABELS
from hiring.time_zones import TIME_ZONE_NAMES, zone_label
from hiring.web import IntegerField

ROLE_CHOICES = [SelectChoice(role.value, label) for role, label in ROLE_LABELS.items()]


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])
    next = HiddenField()
    submit = SubmitField("Sign in")


class ActionForm(FlaskForm):
    """A button that changes state: only the CSRF token travels with it."""


class VersionedActionForm(FlaskForm):
    version = IntegerField(widget=widgets.HiddenInput(), validators=[InputRequired()])


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        "New password",
        validators=[DataRequired()],
        description="At least 12 characters. Long passphrases are welcome; no symbols needed.",
    )
    confirm = PasswordField("Repeat the new password", validators=[DataRequired()])
    submit = SubmitField("Set password")


class ChangePasswordForm(SetPasswordForm):
    current_password = PasswordField("Current password", validators=[DataRequired()])
    submit = SubmitField("Change password")


class TokenForm(FlaskForm):
    name = StringField(
        "Token name",
        validators=[DataRequired(), Length(max=100)],
        description="What will use it, for example 'ATS sync' or 'reporting notebook'.",
    )
    submit = SubmitField("Create token")


class TimeZoneForm(FlaskForm):
    time_zone = SelectField(
        "Show times in",
        choices=[
            SelectChoice("", "Your browser's time zone"),
            *(SelectChoice(zone, zone_label(zone)) for zone in TIME_ZONE_NAMES),
        ],
        # The service refuses an unknown zone with a message that says what to do.
        validate_choice=False,
        description="My interviews and the dashboard show times in this zone. Your "
        "browser's zone follows the computer you use (UTC when JavaScript is off).",
    )
    submit = SubmitField("Save time zone")

    def validate_time_zone(self, field: SelectField) -> None:
        # "" is a choice (the browser's zone), so only a missing field is incomplete.
        if not field.raw_data:
            raise ValidationError("Choose a time zone.")

    def keep_refused(self) -> None:
        """List a refused value as the chosen option, so the page shows what was sent
        next to the message instead of silently picking another zone."""
        refused = self.time_zone.data or ""
        self.time_zone.choices = [SelectChoice(refused, refused), *self.time_zone.choices]


class UserCreateForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    roles = MultiCheckboxField("Roles", choices=ROLE_CHOICES)
    access = RadioField(
        "How will they sign in?",
        choices=[
            SelectChoice("invite", "Send an invitation link: they choose their own password"),
            SelectChoice("password", "Set an initial password now"),
        ],
        default="invite",
    )
    password = PasswordField(
        "Initial password",
        validators=[Optional()],
        description="Only when setting a password now: at least 12 characters. "
        "Share it privately; they can change it on their account page.",
    )
    submit = SubmitField("Create user")


class UserEditForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    roles = MultiCheckboxField("Roles", choices=ROLE_CHOICES)
    version = IntegerField(widget=widgets.HiddenInput(), validators=[InputRequired()])
    submit = SubmitField("Save changes")


class UserFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField("Search", validators=[Optional(), Length(max=200)])
    role = SelectField(
        "Role", choices=[SelectChoice("", "Any role"), *ROLE_CHOICES], validators=[Optional()]
    )
    status = SelectField(
        "Status",
        choices=[
            SelectChoice("active", "Active"),
            SelectChoice("invited", "Invitation pending"),
            SelectChoice("inactive", "Deactivated"),
            SelectChoice("all", "All"),
        ],
        default="active",
        validators=[Optional()],
    )


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    actor = StringField("Actor email", validators=[Optional(), Length(max=254)])
    action = SelectField(
        "Action", choices=[SelectChoice("", "Any action")], validators=[Optional()]
    )
    object_type = SelectField(
        "Object", choices=[SelectChoice("", "Any object")], validators=[Optional()]
    )
    since = DateField("From", validators=[Optional()])
    until = DateField("To (inclusive)", validators=[Optional()])
