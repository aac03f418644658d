"""Swedish wording of what a schema column expects: used by error messages and the data dictionary."""

from __future__ import annotations

import pandera.pandas as pa

_TYPE_NOUN = {"int64": "heltal", "float64": "decimaltal", "str": "text", "datetime64[ns]": "datum",
              "None": "id"}
_TYPE_PHRASE = {"int64": "ett heltal", "float64": "ett tal", "str": "text",
                "datetime64[ns]": "ett datum (ÅÅÅÅ-MM-DD)", "None": "ett id (text eller heltal)"}


def dtype_key(column: pa.Column) -> str:
    """'int64', 'float64', 'str', 'datetime64[ns]' or 'None' (any type)."""
    if column.dtype is None:
        return "None"
    text = str(column.dtype)
    if text.startswith("string") or text in ("str", "object"):
        return "str"
    return text


def type_noun(column: pa.Column) -> str:
    return _TYPE_NOUN.get(dtype_key(column), dtype_key(column))


def type_phrase(column: pa.Column) -> str:
    return _TYPE_PHRASE.get(dtype_key(column), dtype_key(column))


def number(value) -> str:
    """55.0 -> '55', 0.5 -> '0,5' (no thousands separator: years read better without)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace(".", ",")


def check_text(check: pa.Check) -> str:
    """The rule of one check: '≥ 0', 'mellan 55 och 70', 'ett av: kvinna, man'."""
    stats = check.statistics or {}
    name = check.name
    if name == "greater_than_or_equal_to":
        return f"≥ {number(stats['min_value'])}"
    if name == "greater_than":
        return f"> {number(stats['min_value'])}"
    if name == "less_than_or_equal_to":
        return f"≤ {number(stats['max_value'])}"
    if name == "less_than":
        return f"< {number(stats['max_value'])}"
    if name == "in_range":
        return f"mellan {number(stats['min_value'])} och {number(stats['max_value'])}"
    if name == "isin":
        return "ett av: " + ", ".join(str(v) for v in stats["allowed_values"])
    if check.description:
        return check.description
    return str(check.error or name)


def expected_text(column: pa.Column) -> str:
    """What a cell of the column must hold: 'ett heltal ≥ 0', 'ett av: kvinna, man'."""
    rules = [check_text(c) for c in column.checks]
    if any(c.name == "isin" for c in column.checks):
        return "; ".join(rules)
    phrase = type_phrase(column)
    if not rules:
        return phrase
    joiner = ": " if dtype_key(column) == "str" else " "
    return phrase + joiner + "; ".join(rules)


def allowed_text(column: pa.Column) -> str:
    """Rules for the data dictionary, without the type: '≥ 0', 'kvinna, man', '' if free."""
    parts = []
    for check in column.checks:
        if check.name == "isin":
            parts.append(", ".join(f"`{v}`" for v in check.statistics["allowed_values"]))
        else:
            parts.append(check_text(check))
    if column.unique:
        parts.append("unik")
    if column.nullable:
        parts.append("får saknas")
    return "; ".join(parts)


def key_text(columns: list[str]) -> str:
    if len(columns) == 1:
        return f"unikt värde i {columns[0]}"
    return "unik kombination av " + ", ".join(columns)
