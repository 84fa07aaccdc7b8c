"""Static types of expressions: what the checker can tell before any answer exists.

Types are ``number``, ``string``, ``boolean``, ``date``, ``list``, ``object``, ``null`` and ``any``.
A field reference takes its type from the field; ``["field", group, sub]`` is a list of ``sub``'s
type. :class:`TypeChecker` reports unknown fields, ``row`` outside a group, arithmetic on text,
comparisons of unlike types and literals that are not among a choice field's options.
"""

from __future__ import annotations

from typing import Any

from formservice.engine.expressions import FUNCTIONS
from formservice.engine.model import NUMBER_TYPES, Definition, Field

_STRING_TYPES = frozenset(
    {"text", "textarea", "email", "phone", "orgnr", "kontonr", "municipality", "select", "radio"}
)
_VALUE_TYPES = {"text": "string", "date": "date", "boolean": "boolean"}
_NUMERIC_FUNCTIONS = frozenset({"add", "subtract", "multiply", "divide", "round", "abs"})
_AGGREGATES = frozenset({"sum", "min", "max"})
_ORDERED = frozenset({"lt", "lte", "gt", "gte"})


def field_type(field: Field) -> str:
    """The expression type of a field's value."""
    if field.type == "computed":
        return _VALUE_TYPES.get(field.value_type or "", "number")
    if field.type in NUMBER_TYPES:
        return "number"
    if field.type in _STRING_TYPES:
        return "string"
    return {"date": "date", "yesno": "boolean", "checkboxes": "list", "group": "list"}.get(
        field.type, "object"
    )


def literal_type(value: Any) -> str:
    """The type of a literal."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "object"


class TypeChecker:
    """Checks expressions of one definition; reports ``(pointer, message)`` pairs."""

    def __init__(self, definition: Definition) -> None:
        self.fields = definition.fields_by_id

    def check(self, expression: Any, group: Field | None, expected: str) -> list[tuple[str, str]]:
        """Problems of one structurally valid expression whose result should be ``expected``."""
        problems: list[tuple[str, str]] = []
        actual = self._type(expression, group, "", problems)
        if not problems and not _fits(actual, expected):
            problems.append(("", f"should give {_name(expected)}, but gives {_name(actual)}"))
        return problems

    def _reference(
        self, node: list[Any], group: Field | None, pointer: str, problems: list
    ) -> tuple[str, Field | None]:
        name, args = node[0], node[1:]
        if name == "row":
            if group is None:
                problems.append((pointer, '"row" can only be used inside a repeating group'))
                return "any", None
            sub = group.subfield(args[0])
            if sub is None:
                problems.append(
                    (pointer + "/1", f'unknown field "{args[0]}" in group "{group.id}"')
                )
                return "any", None
            return field_type(sub), sub
        field = self.fields.get(args[0])
        if field is None or not field.has_value:
            problems.append((pointer + "/1", f'unknown field "{args[0]}"'))
            return "any", None
        if len(args) == 2:
            sub = field.subfield(args[1]) if field.type == "group" else None
            if sub is None:
                problems.append(
                    (pointer + "/2", f'unknown field "{args[1]}" in group "{field.id}"')
                )
                return "list", None
            return f"list:{field_type(sub)}", None
        return field_type(field), field

    def _type(self, node: Any, group: Field | None, pointer: str, problems: list) -> str:
        if not isinstance(node, list):
            return literal_type(node)
        name = node[0]
        if name in ("field", "row"):
            return self._reference(node, group, pointer, problems)[0]
        args = node[1:]
        types = [
            "object"
            if name == "lookup" and i == 2
            else self._type(a, group, f"{pointer}/{i}", problems)
            for i, a in enumerate(args, start=1)
        ]
        function = FUNCTIONS[name]
        for index, arg_type in enumerate(types, start=1):
            if name in _NUMERIC_FUNCTIONS and not _fits(arg_type, "number"):
                problems.append(
                    (f"{pointer}/{index}", f'"{name}" needs numbers, got {_name(arg_type)}')
                )
            if name in _AGGREGATES and not (
                _fits(arg_type, "number") or arg_type in ("list:number", "list:any")
            ):
                problems.append(
                    (f"{pointer}/{index}", f'"{name}" needs numbers, got {_name(arg_type)}')
                )
        if name in _ORDERED or name in ("equals", "not_equals"):
            self._comparison(node, group, types, pointer, problems, ordered=name in _ORDERED)
        if name == "if" and len(types) == 3 and types[1] != types[2] and "null" not in types[1:]:
            return "any"
        if name == "if":
            return types[1]
        return function.returns

    def _comparison(
        self,
        node: list,
        group: Field | None,
        types: list[str],
        pointer: str,
        problems: list,
        *,
        ordered: bool,
    ) -> None:
        left, right = (_base(t) for t in types)
        if (
            ordered
            and not {left, right} <= {"number", "date", "any", "null"}
            and {left, right} != {"date", "string"}
        ):
            problems.append((pointer, f'"{node[0]}" compares {_name(left)} with {_name(right)}'))
            return
        if (
            not ordered
            and "any" not in (left, right)
            and "null" not in (left, right)
            and left != right
        ):
            problems.append((pointer, f'"{node[0]}" compares {_name(left)} with {_name(right)}'))
            return
        for ref, literal, index in ((node[1], node[2], 2), (node[2], node[1], 1)):
            if (
                isinstance(ref, list)
                and ref
                and ref[0] in ("field", "row")
                and isinstance(literal, str)
            ):
                _, field = self._reference(ref, group, pointer, [])
                if (
                    field is not None
                    and field.options
                    and literal not in {o.value for o in field.options}
                ):
                    problems.append(
                        (
                            f"{pointer}/{index}",
                            f'"{literal}" is not an option of field "{field.id}"',
                        )
                    )


def _base(type_name: str) -> str:
    return "list" if type_name.startswith("list") else type_name


def _fits(actual: str, expected: str) -> bool:
    return actual in ("any", "null") or expected == "any" or _base(actual) == expected


def _name(type_name: str) -> str:
    names = {"number": "a number", "string": "text", "boolean": "true/false", "date": "a date",
             "object": "an object", "null": "null", "any": "anything"}  # fmt: skip
    if type_name.startswith("list"):
        return "a list"
    return names.get(type_name, type_name)
