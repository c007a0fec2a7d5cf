"""Message rendering: `{name}` placeholders and CLDR plural categories.

The plural rules are CLDR 47's, compiled by policyc from Babel's data.
"""

import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Final, Literal, NamedTuple

PluralCategory = Literal["zero", "one", "two", "few", "many", "other"]
Message = str | Mapping[str, str]

_PLACEHOLDER: Final = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


class Operands(NamedTuple):
    """CLDR plural operands: n absolute value, i integer digits, v/w visible fraction
    digits with/without trailing zeros, f/t those digits as a number, e exponent (0)."""

    n: Decimal
    i: int
    v: int
    w: int
    f: int
    t: int
    e: int


def operands(count: float | Decimal) -> Operands:
    """The plural operands of a number (an int, float or Decimal); a float counts as written
    (`1.5`, not binary)."""
    if isinstance(count, Decimal):
        number = abs(count)
    elif isinstance(count, float):
        number = abs(Decimal(repr(count)))
    else:
        number = abs(Decimal(count))
    if not number.is_finite():
        raise ValueError(f"cannot pick a plural form for {count!r}")
    exponent = int(number.as_tuple().exponent)
    digits = "".join(map(str, number.as_tuple().digits))
    fraction = digits[exponent:].rjust(-exponent, "0") if exponent < 0 else ""
    trimmed = fraction.rstrip("0")
    if isinstance(count, float) and count.is_integer():
        fraction = trimmed = ""
    return Operands(
        n=number,
        i=int(number),
        v=len(fraction),
        w=len(trimmed),
        f=int(fraction or 0),
        t=int(trimmed or 0),
        e=0,
    )


def _plural_en(o: Operands) -> PluralCategory:
    """en: one: i in 1 and v in 0."""
    if o.i == 1 and o.v == 0:
        return "one"
    return "other"


def _plural_fr(o: Operands) -> PluralCategory:
    """fr: many: e in 0 and i not in 0 and i mod 1000000 in 0 and v in 0 or e not in 0..5; one: i in 0,1."""
    if (o.e == 0 and o.i != 0 and o.i % 1000000 == 0 and o.v == 0) or not 0 <= o.e <= 5:
        return "many"
    if o.i in (0, 1):
        return "one"
    return "other"


def _plural_it(o: Operands) -> PluralCategory:
    """it: many: e in 0 and i not in 0 and i mod 1000000 in 0 and v in 0 or e not in 0..5; one: i in 1 and v in 0."""
    if (o.e == 0 and o.i != 0 and o.i % 1000000 == 0 and o.v == 0) or not 0 <= o.e <= 5:
        return "many"
    if o.i == 1 and o.v == 0:
        return "one"
    return "other"


def _plural_th(o: Operands) -> PluralCategory:
    """th: every number is `other`."""
    return "other"


def _plural_zh_tw(o: Operands) -> PluralCategory:
    """zh-TW: every number is `other`."""
    return "other"


PLURAL_RULES: Final[Mapping[str, Callable[[Operands], PluralCategory]]] = MappingProxyType(
    {
        "en": _plural_en,
        "fr": _plural_fr,
        "it": _plural_it,
        "th": _plural_th,
        "zh-TW": _plural_zh_tw,
    },
)


def plural_category(locale: str, count: float | Decimal) -> PluralCategory:
    """The CLDR plural category of `count` in `locale` ("one", "few", "other", ...)."""
    return PLURAL_RULES[locale](operands(count))


def render(message: Message, locale: str, params: Mapping[str, object]) -> str:
    """A message with its `{name}` placeholders replaced by `params`.

    Plural forms are chosen by `params["count"]` (a number); placeholders without a value
    and any other braces stay as written.
    """
    if isinstance(message, str):
        text = message
    else:
        count = params.get("count")
        if isinstance(count, bool) or not isinstance(count, int | float | Decimal):
            raise TypeError("this message has plural forms: pass count=<number>")
        text = message.get(plural_category(locale, count)) or message["other"]

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        return str(params[name]) if name in params else match.group(0)

    return _PLACEHOLDER.sub(value, text)
