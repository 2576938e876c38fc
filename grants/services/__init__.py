"""Verbs that change the grant domain, one module per topic. Each does the whole job: checks, the write,
the audit record and the notice, so callers (views, commands, tasks) cannot forget a step."""

from .errors import ServiceError

__all__ = ["ServiceError"]
