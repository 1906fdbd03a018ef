"""One module per kind of value found in a ledger, in the manner of python-stdnum.

Each module offers the same function: `check(raw) -> (value, problems)`. `value` is the
normalised value (None when the raw value cannot be used); `problems` lists `Problem`s. An
empty raw value gives `(None, [])`: whether a field may be empty is the validator's business.
"""
