"""GET /api/v1/me: who the token belongs to."""

from __future__ import annotations

import marshmallow as ma
from flask.views import MethodView

from hiring.api.auth import api_user, requires_token, resource

blp = resource("me", "/me", "The account the API token belongs to")


class MeSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    email = ma.fields.Email(required=True)
    name = ma.fields.String(required=True)
    roles = ma.fields.List(ma.fields.String(), required=True)
    active = ma.fields.Boolean(required=True)


@blp.route("")
class Me(MethodView):
    @requires_token(blp)
    @blp.response(200, MeSchema)
    def get(self) -> dict[str, object]:
        """The signed-in account: id, email, name, roles and whether it is active."""
        user = api_user()
        return {
            "id": user.id,
            "email": user.email,
            "name": user.name,
            "roles": sorted(user.roles),
            "active": user.active,
        }
