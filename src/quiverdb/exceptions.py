"""The one exception the library raises for failures reported by the C layer."""


class QuiverError(Exception):
    """A quiverdb operation failed; ``str(e)`` is the engine's message."""
