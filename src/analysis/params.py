"""Access to the cited parameter file (`parametrar.yml`).

Each entry carries its value with unit, source and status (PolicyEngine style), e.g.
`{varde: 2453, enhet: kr per listad och år, kalla: "rapporten §6", status: publicerad}`.
"""

from __future__ import annotations

from typing import Any


def entry(params: dict, path: str) -> dict:
    """The whole entry at a dotted path, e.g. `ersattning_listad.pris_per_viktenhet`."""
    node: Any = params
    for key in path.split("."):
        if not isinstance(node, dict) or key not in node:
            raise KeyError(f"parametern '{path}' saknas (stannade vid '{key}')")
        node = node[key]
    return node


def value(params: dict, path: str) -> Any:
    """The value of an entry: its `varde` (scalar) or `varden` (mapping)."""
    node = entry(params, path)
    if isinstance(node, dict):
        if "varde" in node:
            return node["varde"]
        if "varden" in node:
            return node["varden"]
    return node


def source(params: dict, path: str) -> str:
    """The cited source of an entry, e.g. `rapporten §6`."""
    node = entry(params, path)
    return node.get("kalla", "") if isinstance(node, dict) else ""


def status(params: dict, path: str) -> str:
    """The data status of an entry: publicerad, offentlig statistik, sammanstalld, syntetisk."""
    node = entry(params, path)
    return node.get("status", "") if isinstance(node, dict) else ""
