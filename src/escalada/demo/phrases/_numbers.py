"""Number formatting shared by the language modules."""

from __future__ import annotations


def decimal_comma(value: float, thousands: str = ".") -> str:
    """1249.5 -> '1.249,50': the decimal comma most of continental Europe writes."""
    whole, cents = f"{value:,.2f}".split(".")
    return whole.replace(",", thousands) + "," + cents
