"""Privacy pages (admins): a candidate's export and erasure."""

from __future__ import annotations

import io
from typing import Any

from flask import Blueprint, flash, redirect, render_template, send_file, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import Length

from hiring import policy
from hiring.domain import ValidationFailed
from hiring.policy import Action
from hiring.privacy import export as data_export
from hiring.privacy import services
from hiring.web import attach_errors, permission_required

privacy = Blueprint("privacy", __name__, url_prefix="/admin/candidates")


class EraseForm(FlaskForm):
    confirmation = StringField(
        "Type the candidate's email address to confirm",
        validators=[Length(max=254)],
        description="Erasure cannot be undone.",
    )
    submit = SubmitField("Erase personal data")


def _actor():
    return current_user._get_current_object()  # type: ignore[attr-defined]


@privacy.app_context_processor
def inject_privacy_permission() -> dict[str, Any]:
    """Lets the candidate page show the privacy link to admins only."""
    return {"may_manage_privacy": policy.can(current_user, Action.MANAGE_CANDIDATE_PRIVACY)}


def _render(candidate_id: int, form: EraseForm, status: int = 200) -> ResponseReturnValue:
    candidate = services.get_candidate(_actor(), candidate_id)
    return render_template(
        "privacy/candidate.html",
        candidate=candidate,
        form=form,
        retention=services.retention_policy(),
    ), status


@privacy.get("/<int:candidate_id>/privacy")
@permission_required(Action.MANAGE_CANDIDATE_PRIVACY)
def candidate(candidate_id: int) -> ResponseReturnValue:
    return _render(candidate_id, EraseForm(formdata=None))


@privacy.get("/<int:candidate_id>/export")
@permission_required(Action.MANAGE_CANDIDATE_PRIVACY)
def export(candidate_id: int) -> ResponseReturnValue:
    bundle = data_export.export_candidate(_actor(), candidate_id)
    return send_file(
        io.BytesIO(bundle.data),
        mimetype="application/zip",
        as_attachment=True,
        download_name=bundle.filename,
        max_age=0,
    )


@privacy.post("/<int:candidate_id>/erase")
@permission_required(Action.MANAGE_CANDIDATE_PRIVACY)
def erase(candidate_id: int) -> ResponseReturnValue:
    form = EraseForm()
    if form.validate_on_submit():
        try:
            result = services.erase_candidate(_actor(), candidate_id, form.confirmation.data or "")
        except ValidationFailed as exc:
            attach_errors(form, exc)
        else:
            message = f"Personal data of candidate #{candidate_id} erased."
            if result.files_failed:
                flash(
                    f"{len(result.files_failed)} resume file(s) could not be deleted from "
                    "disk; the server log names them.",
                    "warning",
                )
            flash(message, "success")
            return redirect(url_for("candidates.show", candidate_id=candidate_id))
    return _render(candidate_id, form, 422)
