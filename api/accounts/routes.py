"""The accounts endpoints, one blueprint group per URL prefix: /auth, /users, /admin/users."""
from __future__ import annotations

from sanic import Blueprint

from api.accounts import admin, oauth, sessions, users

routes = Blueprint.group(
    Blueprint.group(sessions.bp, oauth.bp, url_prefix="/auth"),
    users.bp,
    admin.bp,
)
