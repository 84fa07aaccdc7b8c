"""The documentation page's reading of the OpenAPI document: operations and shapes as plain
rows a template can show, and each JSON Schema type said in a few words."""

from __future__ import annotations

from typing import Any


def type_of(schema: dict[str, Any]) -> str:
    """``string``, ``integer or null``, ``list of Round``, ``one of draft, submitted`` …"""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(type_of(option) for option in schema["anyOf"])
    if "enum" in schema:
        return "one of " + ", ".join(str(value) for value in schema["enum"])
    kind = schema.get("type", "any")
    if kind == "array":
        return "list of " + type_of(schema.get("items") or {})
    if kind == "object" and "properties" not in schema:
        return "object"
    if "pattern" in schema and kind == "string":
        return "decimal string" if "\\d" in schema["pattern"] else "string"
    return str(kind)


def operations(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Every operation: method, path, summary, description, parameters and responses."""
    found = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            found.append({
                "id": operation["operationId"], "method": method.upper(), "path": path,
                "summary": operation.get("summary", ""), "description": operation.get("description", ""),
                "parameters": [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                                "type": type_of(p.get("schema") or {}), "description": p.get("description", "")}
                               for p in operation.get("parameters", [])],
                "responses": [{"status": status, "description": r.get("description", ""),
                               "type": type_of(((r.get("content") or {}).get("application/json") or {}).get("schema") or {})}
                              for status, r in sorted(operation["responses"].items())],
            })  # fmt: skip
    return found


def shapes(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Every shape (component schema) with its fields."""
    found = []
    for name, schema in sorted(document["components"]["schemas"].items()):
        required = set(schema.get("required", []))
        found.append({
            "name": name, "description": schema.get("description", ""),
            "fields": [{"name": field, "type": type_of(prop), "required": field in required,
                        "description": prop.get("description", "")}
                       for field, prop in (schema.get("properties") or {}).items()],
        })  # fmt: skip
    return found
