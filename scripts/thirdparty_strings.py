"""Build the Tagalog catalogue for the strings that allauth and Django show on our pages.

Django and allauth ship Spanish but no Tagalog. This script collects the messages of theirs that our
pages display (sign-in, sign-up, password reset, email verification, MFA, form errors) into
``locale/thirdparty/tl/LC_MESSAGES/django.po``, keeping every translation already written there.
Re-run it after upgrading either package, then translate any new empty entries.
"""

import sys
from pathlib import Path

import allauth
import django
import polib

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "locale" / "thirdparty" / "tl" / "LC_MESSAGES" / "django.po"

# Which source files' messages appear on the portal's pages, per package.
SOURCES = {
    Path(allauth.__file__).parent / "locale" / "es" / "LC_MESSAGES" / "django.po": (
        "account/forms.py",
        "account/adapter.py",
        "account/models.py",
        "account/views.py",
        "templates/account/login.html",
        "templates/account/logout.html",
        "templates/account/signup.html",
        "templates/account/password_reset",
        "templates/account/password_change.html",
        "templates/account/password_set.html",
        "templates/account/email_confirm.html",
        "templates/account/email.html",
        "templates/account/verification_sent.html",
        "templates/account/verified_email_required.html",
        "templates/account/account_inactive.html",
        "templates/account/messages/",
        "templates/account/email/",
        "templates/mfa/",
        "mfa/base/forms.py",
        "mfa/totp/forms.py",
        "mfa/recovery_codes/forms.py",
        "mfa/adapter.py",
        "mfa/models.py",
    ),
}

# Django's catalogues carry no source references, so its messages are chosen by text: the form and
# password errors a person can meet on our pages.
DJANGO_CATALOGUES = [
    Path(django.__file__).parent / "conf" / "locale" / "es" / "LC_MESSAGES" / "django.po",
    Path(django.__file__).parent / "contrib" / "auth" / "locale" / "es" / "LC_MESSAGES" / "django.po",
]
DJANGO_MESSAGES = {
    "This field is required.",
    "Enter a valid email address.",
    "Enter a valid URL.",
    "Enter a valid value.",
    "Enter a whole number.",
    "Enter a number.",
    "Enter a valid date.",
    "Select a valid choice. %(value)s is not one of the available choices.",
    "Select a valid choice. That choice is not one of the available choices.",
    "Ensure this value is less than or equal to %(limit_value)s.",
    "Ensure this value is greater than or equal to %(limit_value)s.",
    "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
    "Ensure that there are no more than %(max)s digit in total.",
    "Ensure that there are no more than %(max)s decimal place.",
    "The submitted file is empty.",
    "No file was submitted. Check the encoding type on the form.",
    "The two password fields didn’t match.",
    "The password is too similar to the %(verbose_name)s.",
    "This password is too short. It must contain at least %d character.",
    "Your password must contain at least %(min_length)d character.",
    "Your password can’t be too similar to your other personal information.",
    "Your password can’t be a commonly used password.",
    "Your password can’t be entirely numeric.",
    "This password is too common.",
    "This password is entirely numeric.",
    "%(model_name)s with this %(field_label)s already exists.",
    "Yes",
    "No",
    # Month and day names, for dates written out in the page's language.
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "AM",
    "PM",
}


def wanted(entry, prefixes):
    references = [path for path, _line in entry.occurrences]
    return any(ref.endswith(prefix) or prefix in ref for ref in references for prefix in prefixes)


def main():
    existing = polib.pofile(str(TARGET)) if TARGET.exists() else None
    known = {(e.msgctxt, e.msgid): e for e in existing} if existing else {}
    catalogue = polib.POFile()
    catalogue.metadata = {
        "Project-Id-Version": "CLEP Portal third-party strings",
        "Language": "tl",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    chosen = [
        entry
        for source, prefixes in SOURCES.items()
        for entry in polib.pofile(str(source))
        if wanted(entry, prefixes)
    ]
    chosen += [
        entry
        for source in DJANGO_CATALOGUES
        for entry in polib.pofile(str(source))
        if entry.msgid in DJANGO_MESSAGES
    ]
    seen = set()
    for entry in chosen:
        key = (entry.msgctxt, entry.msgid)
        if entry.obsolete or key in seen:
            continue
        seen.add(key)
        previous = known.get(key)
        catalogue.append(
            polib.POEntry(
                msgctxt=entry.msgctxt,
                msgid=entry.msgid,
                msgid_plural=entry.msgid_plural,
                msgstr=previous.msgstr if previous else "",
                msgstr_plural=previous.msgstr_plural
                if previous
                else ({0: "", 1: ""} if entry.msgid_plural else {}),
                occurrences=entry.occurrences[:1],
                flags=[f for f in entry.flags if f.endswith("-format")],
            )
        )
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    catalogue.save(str(TARGET))
    untranslated = [e for e in catalogue if not (e.msgstr or any(e.msgstr_plural.values()))]
    print(f"{len(catalogue)} messages in {TARGET.relative_to(ROOT)}, {len(untranslated)} untranslated.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
