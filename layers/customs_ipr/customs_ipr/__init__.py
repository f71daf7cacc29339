"""customs-ipr: customs protection of recorded intellectual property rights.

The domain package. Lambda handlers in ``functions/`` adapt events into calls here;
the same package runs locally behind the ``customs-ipr`` command line.
"""

__version__ = "0.1.0"
