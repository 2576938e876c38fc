"""Whether a funding decision departs from the ranking order: plain data in, the applications it passes over out.

An award passes over every higher-ranked application already declined; a decline passes over every
lower-ranked application already awarded. Such a decision needs a written rationale (kept on the decision,
shown in the ranking and read by the preliminary report's selection section). Unranked applications (not
eligible, or without a scored review) never depart from the order.
"""

AWARD = "award"
DECLINE = "decline"


def passed_over(application_id, outcome, ranks, decided):
    """The ids of the applications this decision passes over, best-ranked first.

    ``ranks`` maps application id → rank (1 is best); ``decided`` maps application id → "award"/"decline"
    for the round's other decisions.
    """
    rank = ranks.get(application_id)
    if rank is None:
        return []
    if outcome == AWARD:
        others = [pk for pk, other in decided.items() if other == DECLINE and ranks.get(pk, rank) < rank]
    elif outcome == DECLINE:
        others = [pk for pk, other in decided.items() if other == AWARD and ranks.get(pk, rank) > rank]
    else:
        return []
    return sorted((pk for pk in others if pk != application_id), key=ranks.get)
