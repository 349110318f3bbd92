"""Durations as people write them: short forms for `repr`, words for explanations, ISO 8601 for data."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

__all__ = ["format_iso", "label", "parse_iso", "positive", "short"]

_UNITS = (("d", 86400, "day"), ("h", 3600, "hour"), ("m", 60, "minute"), ("s", 1, "second"))
_ISO = re.compile(
    r"P(?:(?P<weeks>\d{1,9})W)?(?:(?P<days>\d{1,9})D)?"
    r"(?:T(?:(?P<hours>\d{1,9})H)?(?:(?P<minutes>\d{1,9})M)?(?:(?P<seconds>\d{1,9}(?:[.,]\d{1,6})?)S)?)?"
)


def _parts(duration: timedelta) -> list[tuple[int, str, str]]:
    seconds = duration.days * 86400 + duration.seconds
    parts = []
    for suffix, size, word in _UNITS:
        amount, seconds = divmod(seconds, size)
        if amount:
            parts.append((amount, suffix, word))
    return parts


def short(duration: timedelta) -> str:
    """The compact form used in `repr`: ``7d``, ``1d12h``, ``90s`` becomes ``1m30s``.

    >>> short(timedelta(days=1, hours=12))
    '1d12h'
    """
    text = "".join(f"{amount}{suffix}" for amount, suffix, _ in _parts(duration))
    if duration.microseconds:
        text += f"{duration.microseconds}us"
    return text or "0s"


def label(duration: timedelta) -> str:
    """Words for explanations: ``7 days``, ``day``, ``36 hours``; beyond a day, to a tenth of a day.

    >>> label(timedelta(days=7)), label(timedelta(days=1)), label(timedelta(hours=36))
    ('7 days', 'day', '36 hours')
    >>> label(timedelta(seconds=15_778_476))
    '182.6 days'
    """
    seconds = duration.total_seconds()
    for _, size, word in _UNITS:
        if seconds > 86400 and size < 3600:  # "182.6 days" reads better than "15778476 seconds"
            return f"{seconds / 86400:.1f} days"
        if seconds >= size and seconds % size == 0:
            amount = int(seconds // size)
            return word if amount == 1 else f"{amount} {word}s"
    return f"{seconds:g} seconds"


def counted(duration: timedelta) -> str:
    """Words for messages, always with a number: ``1 day``, ``10 minutes``.

    >>> counted(timedelta(days=1)), counted(timedelta(minutes=10))
    ('1 day', '10 minutes')
    """
    text = label(duration)
    return text if text[0].isdigit() else f"1 {text}"


def format_iso(duration: timedelta) -> str:
    """ISO 8601 duration text (days and time only, which have a fixed length).

    >>> format_iso(timedelta(days=7, hours=3, seconds=1.5))
    'P7DT3H1.5S'
    """
    days = duration.days
    hours, rest = divmod(duration.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    time = ""
    if hours:
        time += f"{hours}H"
    if minutes:
        time += f"{minutes}M"
    if seconds or duration.microseconds:
        time += f"{seconds}.{duration.microseconds:06d}".rstrip("0").rstrip(".") + "S"
    if not days and not time:
        return "PT0S"
    return "P" + (f"{days}D" if days else "") + (f"T{time}" if time else "")


def parse_iso(text: str) -> timedelta:
    """Read an ISO 8601 duration of weeks, days, hours, minutes and seconds.

    >>> parse_iso("P1DT12H")
    datetime.timedelta(days=1, seconds=43200)
    """
    match = _ISO.fullmatch(text) if len(text) <= 64 else None
    if match is None or text in ("P", "PT") or text.endswith("T"):
        raise ValueError(
            f"expected an ISO 8601 duration such as 'P7D' or 'PT3H' (years and months have no "
            f"fixed length), got {text[:64]!r}"
        )
    amounts = {name: float(value.replace(",", ".")) for name, value in match.groupdict().items() if value}
    return timedelta(**amounts)


def required(instance: Any, attribute: Any, value: Any) -> None:
    """An attrs validator: a positive `timedelta` (None is not one); errors name the field."""
    if not isinstance(value, timedelta):
        raise TypeError(f"{attribute.name}: expected a timedelta, got {type(value).__name__}")
    positive(instance, attribute, value)


def positive(instance: Any, attribute: Any, value: Any) -> None:
    """An attrs validator: None, or a positive `timedelta`; errors name the field."""
    if value is None:
        return
    if not isinstance(value, timedelta):
        raise TypeError(f"{attribute.name}: expected a timedelta or None, got {type(value).__name__}")
    if value <= timedelta(0):
        raise ValueError(f"{attribute.name}: expected a positive duration, got {value}")
