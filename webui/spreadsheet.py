"""CSV cells a spreadsheet will not run: OWASP's advice against CSV injection."""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A text cell that a spreadsheet would read as a formula (=, +, -, @, a tab or a carriage return
    first) gets a leading apostrophe, which spreadsheets show as text; other values are unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
