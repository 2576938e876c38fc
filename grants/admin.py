"""The Django admin for funding rounds: staff can fix a round's dates, budget and rules, with history.

The admin's form runs ``FundingRound.clean()``, so rules the program definition does not know are refused.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import FundingRound


@admin.register(FundingRound)
class FundingRoundAdmin(SimpleHistoryAdmin):
    list_display = ("name", "slug", "opens_on", "closes_on", "budget", "award_cap")
    search_fields = ("name", "slug")
    filter_horizontal = ("eligible_counties", "service_areas")
    readonly_fields = ("decisions_finalized_at", "decisions_finalized_by")
