"""Shared field types of the API's input schemas: numbers the database columns can hold.

A money amount is at most 12 digits of yuan with fen (DecimalField(max_digits=14, decimal_places=2)),
a property quantity has at most 3 decimals (measures.QUANTITY). Out of range is a 422 with the field
named, not a database error.
"""

from decimal import Decimal
from typing import Annotated

from pydantic import Field

# Only the size is checked here: the sign, the range and the fen (payment_amount_precision) are
# rules of the services, which answer with their own codes and Chinese messages.
Money = Annotated[Decimal, Field(gt=-(10**12), lt=10**12, allow_inf_nan=False)]
Quantity = Annotated[Decimal, Field(max_digits=14, decimal_places=3, allow_inf_nan=False)]

# Paging: the database's integers end at 2^63; nobody pages past a billion rows.
Offset = Annotated[int, Field(ge=0, le=10**9)]
Limit = Annotated[int, Field(ge=1, le=1000)]
