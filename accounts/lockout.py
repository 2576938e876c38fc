"""How django-axes names the account a failed login was for."""


def login_identifier(request, credentials):
    """The email typed into the login form, lower-cased, so 'A@x.org' and 'a@x.org' share one counter."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username") or credentials.get("login")
    if not value and request is not None:
        value = request.POST.get("login", "")
    return (value or "").strip().lower()
