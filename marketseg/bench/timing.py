"""Per-layer and per-model times of one dbt invocation, from its target folder."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

TOP_MODELS = 10
LAYERS = (
    "staging", "intermediate", "marts", "segments", "audit", "semantic", "seeds", "tests",
    "unit tests", "hooks", "other",
)  # fmt: skip


def node_times(target: Path) -> list[dict]:
    """Every node of the last invocation: unique_id, name, layer, tags, status, seconds."""
    results = json.loads((target / "run_results.json").read_text())
    manifest = json.loads((target / "manifest.json").read_text())
    nodes = {**manifest.get("nodes", {}), **manifest.get("unit_tests", {})}
    rows = []
    for result in results["results"]:
        unique_id = result["unique_id"]
        node = nodes.get(unique_id, {})
        rows.append(
            {
                "unique_id": unique_id,
                "name": node.get("name", unique_id.split(".")[-1]),
                "layer": layer_of(unique_id, node),
                "tags": node.get("tags", []),
                "folder": "/".join(node.get("fqn", [])[1:-1]),
                "status": result["status"],
                "seconds": float(result["execution_time"]),
            }
        )
    return rows


def layer_of(unique_id: str, node: dict) -> str:
    """The layer a node's time counts in: the model's top folder (marts/segments apart),
    seeds, tests (data tests), or unit tests."""
    kind = unique_id.split(".", maxsplit=1)[0]
    if kind == "unit_test":
        return "unit tests"
    if kind == "test":
        return "tests"
    if kind == "seed":
        return "seeds"
    if kind in {"exposure", "saved_query", "semantic_model", "metric"}:
        return "other"
    # fqn: project, top folder, [sub folders,] name
    folders = node.get("fqn", [])[1:-1]
    if folders[:2] == ["marts", "segments"]:
        return "segments"
    return folders[0] if folders else kind


def by_layer(rows: list[dict]) -> dict[str, dict]:
    """Seconds and node count per layer (summed over nodes; two threads overlap them)."""
    layers: dict[str, dict] = defaultdict(lambda: {"seconds": 0.0, "nodes": 0})
    for row in rows:
        layers[row["layer"]]["seconds"] += row["seconds"]
        layers[row["layer"]]["nodes"] += 1
    order = {name: i for i, name in enumerate(LAYERS)}
    return {
        name: {"seconds": round(value["seconds"], 2), "nodes": value["nodes"]}
        for name, value in sorted(layers.items(), key=lambda kv: (order.get(kv[0], 99), kv[0]))
    }


def top_models(rows: list[dict], count: int = TOP_MODELS) -> list[dict]:
    models = [row for row in rows if row["unique_id"].startswith("model.")]
    models.sort(key=lambda row: row["seconds"], reverse=True)
    return [
        {"model": row["name"], "layer": row["layer"], "seconds": round(row["seconds"], 2)}
        for row in models[:count]
    ]


PREDICTIONS_FOLDER = "intermediate/predictions"


def predictions(rows: list[dict]) -> dict[str, float]:
    """Seconds of each model fitting or scoring the predictions (issue #16); empty when the
    build has none (predictions_enabled false)."""
    return {
        row["name"]: round(row["seconds"], 2)
        for row in rows
        if row["unique_id"].startswith("model.") and row["folder"] == PREDICTIONS_FOLDER
    }


# staging models tagged `events` that serve the audit, not the sessions: the hand-written
# path does not list rejected rows (rejected_rows, outside the path, did until issue #14)
AUDIT_EVENT_MODELS = ("base_marketplace__event_rejections",)


def events_path(rows: list[dict]) -> dict:
    """The project's events path: staging models tagged `events` (but the audit's) and the
    models of the intermediate sessions folder (what the hand-written equivalent computes)."""
    chosen = [
        row
        for row in rows
        if row["unique_id"].startswith("model.")
        and row["name"] not in AUDIT_EVENT_MODELS
        and (
            (row["layer"] == "staging" and "events" in row["tags"])
            or row["folder"] == "intermediate/sessions"
        )
    ]
    return {
        "seconds": round(sum(row["seconds"] for row in chosen), 2),
        "models": sorted(row["name"] for row in chosen),
    }


def models_seconds(rows: list[dict], names: tuple[str, ...]) -> float:
    return round(sum(row["seconds"] for row in rows if row["name"] in names), 2)


def elapsed(target: Path) -> float:
    """dbt's own elapsed time of the invocation (after parsing)."""
    return float(json.loads((target / "run_results.json").read_text())["elapsed_time"])
