"""Lifecycles as data: for each kind of record, its states and the transitions allowed between them.

One table per record kind (applications.py, awards.py, quarterly.py, invoices.py; report runs live in
reporting.lifecycle). A service asks the table before it changes a status, pages read it to know which
buttons to show, and tests read it to know what to try. Plain data rather than django-fsm-2: a transition
here carries a translated label and a guard that returns the reason for a refusal (shown on the page and
raised by the service), states can be derived from dates (an award whose period ended), and imports and
simple-history keep writing the status field directly.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from ..services.errors import ServiceError


class TransitionRefused(ServiceError):
    """A record cannot take this transition from its current state; the message says why."""


# A guard returns None when the transition may go ahead, or the translated reason it may not.
Guard = Callable[[Any], "str | None"]


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset
    target: "str | None"  # None: the record stays in its state (an edit, an amendment)
    label: Any  # a lazily translated verb for buttons and history ("Withdraw")
    guards: tuple = ()
    # What to say when the record is in none of ``sources`` (default: a sentence naming its state).
    refused: Any = None


REGISTRY = {}


def lifecycle_of(record):
    """The lifecycle table of a record's model (tables register themselves by naming their model)."""
    return REGISTRY[type(record)]


@dataclass(frozen=True)
class Lifecycle:
    """The states of one record kind (code → lazily translated label) and its transitions."""

    name: str
    states: dict
    transitions: tuple
    # How to read a record's current state; a derived state (e.g. "ended") can be computed here.
    state_of: Callable[[Any], str] = field(default=lambda record: record.status)
    # The record kind as people say it, lazily translated ("application"), for refusal messages.
    verbose_name: Any = None

    # The record's model, so templates can find the table from a record (see ``lifecycle_of``).
    model: Any = None

    def __post_init__(self):
        if self.model is not None:
            REGISTRY[self.model] = self
        actions = [t.action for t in self.transitions]
        if len(actions) != len(set(actions)):
            raise ValueError(f"{self.name}: an action is listed twice")
        for t in self.transitions:
            unknown = (set(t.sources) | ({t.target} - {None})) - set(self.states)
            if unknown:
                raise ValueError(f"{self.name}.{t.action}: unknown states {unknown}")

    def transition(self, action):
        for candidate in self.transitions:
            if candidate.action == action:
                return candidate
        raise KeyError(f"{self.name} has no action {action!r}")

    def label_of(self, state):
        return self.states[state]

    def display(self, record):
        """The translated label of the record's current (possibly derived) state."""
        return self.label_of(self.state_of(record))

    def refusal(self, record, action):
        """None when ``record`` may take ``action`` now, otherwise the translated reason it may not."""
        transition = self.transition(action)
        state = self.state_of(record)
        if state not in transition.sources:
            if transition.refused:
                return str(transition.refused)
            return _("This cannot be done while the %(kind)s is “%(state)s”.") % {
                "kind": self.verbose_name or self.name,
                "state": self.states.get(state, state),
            }
        for guard in transition.guards:
            reason = guard(record)
            if reason:
                return reason
        return None

    def can(self, record, action):
        return self.refusal(record, action) is None

    def check(self, record, action):
        """Raise TransitionRefused unless ``record`` may take ``action``; return the state it moves to."""
        reason = self.refusal(record, action)
        if reason:
            raise TransitionRefused(reason)
        target = self.transition(action).target
        return self.state_of(record) if target is None else target

    def allowed_actions(self, record):
        return [t.action for t in self.transitions if self.can(record, t.action)]
