"""One factory per model, one module per topic; a test builds only what it needs."""

from .accounts import *  # noqa: F403
from .applications import *  # noqa: F403
from .awards import *  # noqa: F403
from .invoices import *  # noqa: F403
from .organizations import *  # noqa: F403
