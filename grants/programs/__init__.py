"""Grant programs as definitions (grants.programs.definition); CLEP is the only one so far.

``program_definition(slug)`` gives a program's definition; ``definition_for(funding_round)`` the one its
round belongs to.
"""

from .definition import Criterion, ProgramDefinition

__all__ = ["Criterion", "ProgramDefinition", "definition_for", "program_definition"]


def _definitions():
    from . import clep

    return {clep.DEFINITION.slug: clep.DEFINITION}


def program_definition(slug="clep"):
    """The definition of the program with this slug; LookupError for a program the portal does not know."""
    try:
        return _definitions()[slug]
    except KeyError:
        raise LookupError(f"No program definition for {slug!r}") from None


def definition_for(funding_round):
    """The definition of the program a round belongs to."""
    return program_definition(funding_round.program.slug)
