"""Shared input checks for the models.

Every check raises ``ValueError`` with a sentence that names the argument, so a finance
trainee can see what to change: ``"unit_price must not be negative (got -5.00)"``.
The helpers accept a scalar, a NumPy array or a pandas Series.
"""

from __future__ import annotations

from collections.abc import Mapping
from numbers import Real

import numpy as np
import pandas as pd

__all__ = [
    "as_series",
    "check_finite",
    "check_fraction",
    "check_not_negative",
    "check_positive",
    "check_range",
    "align",
    "fmt_value",
]


def fmt_value(value) -> str:
    """Format a number for an error message: two decimals, thousands separators."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return repr(value)
    if np.isnan(number):
        return "nan"
    if abs(number) >= 1000:
        return f"{number:,.2f}"
    return f"{number:.2f}"


def _where(value, mask) -> str:
    """Describe the first offending element of an array-like for an error message."""
    if isinstance(value, pd.Series):
        label = value.index[np.flatnonzero(mask)[0]]
        bad = value.to_numpy()[np.flatnonzero(mask)[0]]
        return f"{label!r} has {fmt_value(bad)}"
    arr = np.asarray(value)
    bad = arr.reshape(-1)[np.flatnonzero(np.asarray(mask).reshape(-1))[0]]
    return f"got {fmt_value(bad)}"


def _numeric(name: str, value):
    """Return ``value`` as float data (scalar or array) after checking it is numeric."""
    if isinstance(value, bool | np.bool_):
        raise ValueError(f"{name} must be a number, not {value!r}")
    if isinstance(value, Real | np.number):
        return float(value)
    if isinstance(value, pd.Series):
        if not (pd.api.types.is_numeric_dtype(value) and not pd.api.types.is_bool_dtype(value)):
            raise ValueError(f"{name} must hold numbers (its values have type {value.dtype})")
        return value.to_numpy(dtype=float, na_value=np.nan)
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number (got {value!r})") from None
    return arr


def check_finite(name: str, value) -> None:
    """Raise unless every value is a finite number (no blanks, NaN or infinity)."""
    data = _numeric(name, value)
    mask = ~np.isfinite(data)
    if np.any(mask):
        if np.ndim(data) == 0:
            raise ValueError(f"{name} must be a finite number (got {fmt_value(data)})")
        raise ValueError(f"{name} must be a finite number everywhere: {_where(value, mask)}")


def check_not_negative(name: str, value) -> None:
    """Raise unless every value is a finite number of zero or more."""
    check_finite(name, value)
    data = _numeric(name, value)
    mask = data < 0
    if np.any(mask):
        if np.ndim(data) == 0:
            raise ValueError(f"{name} must not be negative (got {fmt_value(data)})")
        raise ValueError(f"{name} must not be negative: {_where(value, mask)}")


def check_positive(name: str, value) -> None:
    """Raise unless every value is a finite number above zero."""
    check_finite(name, value)
    data = _numeric(name, value)
    mask = data <= 0
    if np.any(mask):
        if np.ndim(data) == 0:
            raise ValueError(f"{name} must be above zero (got {fmt_value(data)})")
        raise ValueError(f"{name} must be above zero everywhere: {_where(value, mask)}")


def check_range(name: str, value, low: float, high: float, *, what: str = "") -> None:
    """Raise unless ``low <= value <= high`` everywhere; ``what`` explains the unit."""
    check_finite(name, value)
    data = _numeric(name, value)
    mask = (data < low) | (data > high)
    if np.any(mask):
        extra = f" ({what})" if what else ""
        if np.ndim(data) == 0:
            raise ValueError(
                f"{name} must be between {fmt_value(low)} and {fmt_value(high)}{extra}; "
                f"got {fmt_value(data)}"
            )
        raise ValueError(
            f"{name} must be between {fmt_value(low)} and {fmt_value(high)}{extra}: "
            f"{_where(value, mask)}"
        )


def check_fraction(name: str, value) -> None:
    """Raise unless every value is a fraction from 0 to 1 (0.3 means 30%)."""
    check_range(name, value, 0.0, 1.0, what="a fraction: 0.3 means 30%")


def check_columns(name: str, frame: pd.DataFrame, columns, hint: str = "") -> None:
    """Raise unless ``frame`` has every one of ``columns``, naming the first one missing.

    ``hint`` (e.g. "pass the table gp_payments_practices") is added after a colon.
    """
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} has no column {missing[0]!r}" + (f": {hint}" if hint else ""))


def as_series(name: str, value, *, series_name: str | None = None) -> pd.Series:
    """Return ``value`` (Series, mapping or list of numbers) as a float Series.

    A mapping becomes a Series indexed by its keys; a list is indexed 0, 1, 2, ...
    """
    if isinstance(value, pd.Series):
        series = value
    elif isinstance(value, Mapping):
        series = pd.Series(dict(value))
    elif isinstance(value, Real | np.number) or np.ndim(value) == 0:
        raise ValueError(f"{name} must give one number per area (a Series), not a single number")
    else:
        series = pd.Series(list(value))
    if series.empty:
        raise ValueError(f"{name} must give at least one area")
    if series.index.has_duplicates:
        dup = series.index[series.index.duplicated()][0]
        raise ValueError(f"{name} names the area {dup!r} more than once")
    check_finite(name, series)
    out = series.astype(float)
    if series_name is not None:
        out = out.rename(series_name)
    return out


def align(**named):
    """Align the pandas Series among ``named`` on the index of the first Series.

    Scalars pass through unchanged. Series must cover exactly the same areas (index labels),
    possibly in a different order; otherwise the error names both arguments and an area
    that is in one but not the other. Returns the values in the order given.
    """
    names = list(named)
    values = list(named.values())
    series_at = [i for i, v in enumerate(values) if isinstance(v, pd.Series)]
    if len(series_at) < 2:
        return values
    first = series_at[0]
    base_index = values[first].index
    for i in series_at:
        index = values[i].index
        if index.has_duplicates:
            dup = index[index.duplicated()][0]
            raise ValueError(f"{names[i]} names the area {dup!r} more than once")
        if index.equals(base_index):
            continue
        only_here = index.difference(base_index)
        only_base = base_index.difference(index)
        if len(only_here) or len(only_base) or len(index) != len(base_index):
            if len(only_base):
                detail = f"{only_base[0]!r} is in {names[first]} but not in {names[i]}"
            else:
                detail = f"{only_here[0]!r} is in {names[i]} but not in {names[first]}"
            raise ValueError(
                f"{names[first]} and {names[i]} must cover the same areas: {detail}"
            )
        values[i] = values[i].reindex(base_index)
    return values
