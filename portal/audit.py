"""The audit trail: who changed which record, when and why, read from django-simple-history."""

from heapq import merge

from django.db.models import Q
from simple_history.models import registered_models

# How many of the newest changes of each kind of record the combined log reads; every record's own
# history (admin "History" button) still shows all of its changes.
PER_MODEL_LIMIT = 500

ACTION_LABELS = {"+": "created", "~": "changed", "-": "deleted"}


def history_models():
    """The history table of every model registered with django-simple-history."""
    return [model.history.model for model in registered_models.values() if hasattr(model, "history")]


def recent_changes(search="", limit=PER_MODEL_LIMIT):
    """The newest historical rows across every audited model, newest first.

    Each row is a simple-history record: ``history_date``, ``history_user``, ``history_type``,
    ``history_change_reason`` and ``instance``. Render ``instance`` only for the rows on screen.
    """
    streams = []
    for history_model in history_models():
        rows = history_model.objects.select_related("history_user").order_by("-history_date")
        if search:
            rows = rows.filter(
                Q(history_user__email__icontains=search) | Q(history_change_reason__icontains=search)
            )
        streams.append(rows[:limit])
    return list(merge(*streams, key=lambda row: row.history_date, reverse=True))
