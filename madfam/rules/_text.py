"""No-op marker for translatable strings (Babel extracts the ``N_`` keyword)."""


def N_(message: str) -> str:
    """Mark ``message`` for extraction; the app translates it when displaying."""
    return message
