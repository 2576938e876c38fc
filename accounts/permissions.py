"""Who may open which page: one place for the role checks every view uses.

Commerce pages (program managers, reviewers) also require multi-factor authentication in this session: a
staff account without an authenticator app is sent to set one up, one with an app whose session has not
entered a code is asked for one, before it reaches any staff page.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .mfa import is_mfa_satisfied, mfa_required_response
from .models import User

STAFF_ROLES = frozenset({User.Role.PROGRAM_MANAGER})
REVIEW_ROLES = frozenset({User.Role.PROGRAM_MANAGER, User.Role.REVIEWER})


def _refuse_or_none(request, roles):
    """None when the request may go on; otherwise the response that refuses it."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if user.role not in roles:
        raise PermissionDenied(_("This page is for Commerce program staff only."))
    if not is_mfa_satisfied(request):
        return mfa_required_response(request)
    return None


def _role_required(roles):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            refusal = _refuse_or_none(request, roles)
            return refusal or view(request, *args, **kwargs)

        return wrapper

    return decorator


staff_required = _role_required(STAFF_ROLES)
reviewer_required = _role_required(REVIEW_ROLES)


class _RoleRequiredMixin:
    allowed_roles = frozenset()

    def dispatch(self, request, *args, **kwargs):
        refusal = _refuse_or_none(request, self.allowed_roles)
        return refusal or super().dispatch(request, *args, **kwargs)


class StaffRequiredMixin(_RoleRequiredMixin):
    """Program managers with MFA."""

    allowed_roles = STAFF_ROLES


class ReviewerRequiredMixin(_RoleRequiredMixin):
    """Reviewers and program managers with MFA."""

    allowed_roles = REVIEW_ROLES
