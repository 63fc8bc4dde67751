"""The ledger: staff stocks and flows per period, unit and category."""

from sterkte.ledger.compare import Variance, compare, difference_ledger
from sterkte.ledger.display import format_number, format_percent
from sterkte.ledger.glossary import (
    CLOSING,
    FLOW_BY_NAME,
    FLOWS,
    NET,
    OPENING,
    Category,
    Flow,
    label,
)
from sterkte.ledger.ledger import Cell, IdentityViolation, Key, Ledger, stocks_and_flows
from sterkte.ledger.periods import Period, PeriodKind

__all__ = [
    "CLOSING",
    "FLOWS",
    "FLOW_BY_NAME",
    "NET",
    "OPENING",
    "Category",
    "Cell",
    "Flow",
    "IdentityViolation",
    "Key",
    "Ledger",
    "Period",
    "PeriodKind",
    "Variance",
    "compare",
    "difference_ledger",
    "format_number",
    "format_percent",
    "label",
    "stocks_and_flows",
]
