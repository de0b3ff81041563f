"""Bearer tokens for the API (`Authorization: Bearer TOKEN`), obtained from POST /api/v1/token."""

from ninja.security import HttpBearer

from .models import Token


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        user = Token.user_for(token)
        if user is None:
            return None
        # Everything downstream (cchc.reporting.access, the audit log) reads request.user, as for
        # a page of the web app: the API has no permission rules of its own.
        request.user = user
        return user
