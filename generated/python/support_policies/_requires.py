"""Refuse Python older than 3.11 with a clear message.

`__init__` imports this module before anything else; it uses only syntax every Python 3
reads, so an old interpreter reaches the message instead of a SyntaxError.
"""

import sys

MINIMUM = (3, 11)

if sys.version_info < MINIMUM:
    _running = ".".join(str(part) for part in sys.version_info[:3])
    raise ImportError(
        __name__.split(".")[0]
        + " needs Python 3.11 or newer; this is Python "
        + _running
        + " ("
        + sys.executable
        + "). Install it into a Python 3.11+ environment."
    )
