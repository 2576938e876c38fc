"""The main navigation: what each role can do, in one list.

Each entry names a URL and the roles that see it; ``None`` means signed-out visitors.
Entries whose URL does not exist (yet) are left out, so features add themselves here.
"""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

ANONYMOUS = None
APPLICANT = "applicant"
REVIEWER = "reviewer"
PROGRAM_MANAGER = "program_manager"
FISCAL = "fiscal"
EVERYONE = {ANONYMOUS, APPLICANT, REVIEWER, PROGRAM_MANAGER, FISCAL}

NAV_ITEMS = [
    ("portal:home", _("Home"), {ANONYMOUS}),
    ("grants:self_check", _("Am I eligible?"), {ANONYMOUS, APPLICANT}),
    ("grants:applicant_home", _("My organization"), {APPLICANT}),
    ("grants:quarterly_home", _("Quarterly reports"), {APPLICANT}),
    ("grants:invoices_home", _("Invoices"), {APPLICANT}),
    ("grants:staff_rounds", _("Funding rounds"), {PROGRAM_MANAGER}),
    ("grants:staff_review_home", _("Review and awards"), {PROGRAM_MANAGER}),
    ("grants:staff_submissions", _("Quarterly submissions"), {PROGRAM_MANAGER}),
    ("grants:staff_invoices", _("Invoices"), {PROGRAM_MANAGER, FISCAL}),
    ("grants:reviewer_home", _("My reviews"), {REVIEWER, PROGRAM_MANAGER}),
    ("reporting:staff_reports", _("Legislative reports"), {PROGRAM_MANAGER}),
    ("grants:audit_log", _("Audit log"), {PROGRAM_MANAGER}),
    ("opendata:dashboard", _("Program dashboard"), EVERYONE),
    ("reporting:public_reports", _("Published reports"), EVERYONE),
]


def items_for(user, current_path):
    role = user.role if user.is_authenticated else ANONYMOUS
    items = []
    for url_name, label, roles in NAV_ITEMS:
        if role not in roles:
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "is_current": current_path == url})
    return items
