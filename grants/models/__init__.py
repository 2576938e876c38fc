"""The grant domain, one module per topic."""

from .organizations import Invitation, Membership, Organization

__all__ = ["Invitation", "Membership", "Organization"]
