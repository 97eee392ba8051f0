"""Numbers written the Vietnamese way: 1.234,5 (dots group thousands, a comma
before the decimals)."""

from __future__ import annotations

from decimal import Decimal


def vietnamese_number(value: Decimal | float | int | None, decimals: int = 1) -> str:
    """`value` with `decimals` decimals, e.g. 1234.5 -> "1.234,5"; "" for None."""
    if value is None:
        return ""
    text = f"{Decimal(str(value)):,.{max(decimals, 0)}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")
