"""Checks the three graphs' inputs and outputs (names, element types, fixed dimensions) against the contract.

Pure Python (onnx_io reads the protobuf), so `check` runs anywhere and the export checks its own output with it.
"""
from __future__ import annotations

import os

from . import layout, onnx_io

KV_TYPES = ("float", "float16", "bfloat16")


def check_graph_io(model_dir: str, last_position_logits: bool = False) -> list[str]:
    """Problems, one line each. last_position_logits: require logits [batch, 1, vocab] (what this tool exports)."""
    shape = layout.read_text_shape(os.path.join(model_dir, layout.CONFIG))
    problems: list[str] = []
    graphs = {}
    for rel in layout.GRAPHS:
        try:
            graphs[rel] = onnx_io.read_graph_io(os.path.join(model_dir, rel))
        except (OSError, onnx_io.OnnxFormatError) as e:
            problems.append(f"{rel}: unreadable ({e})")
    if problems:
        return problems
    problems += _names(layout.EMBED_TOKENS, graphs[layout.EMBED_TOKENS], list(layout.EMBED_INPUTS), list(layout.EMBED_OUTPUTS))
    problems += _names(layout.VISION_ENCODER, graphs[layout.VISION_ENCODER], list(layout.VISION_INPUTS), list(layout.VISION_OUTPUTS))
    problems += _names(layout.DECODER, graphs[layout.DECODER], layout.decoder_inputs(shape.num_layers),
                       layout.decoder_outputs(shape.num_layers))
    if problems:
        return problems
    types = {v.name: v for g in graphs.values() for v in g.inputs + g.outputs}
    for name in ("inputs_embeds", "pixel_values", "image_features", "logits"):
        if types[name].element_type != "float":
            problems.append(f"{name}: {types[name].element_type}, the engine feeds and reads float32")
    for name in ("input_ids", "attention_mask", "position_ids", "token_type_ids"):
        if types[name].element_type != "int64":
            problems.append(f"{name}: {types[name].element_type}, expected int64")
    problems += _kv_cache(graphs[layout.DECODER], shape)
    problems += _logits(types["logits"], shape, last_position_logits)
    return problems


def _names(rel: str, io: onnx_io.GraphIO, inputs: list[str], outputs: list[str]) -> list[str]:
    problems = []
    if io.input_names() != inputs:
        problems.append(f"{rel}: inputs {_diff(io.input_names(), inputs)}")
    if io.output_names() != outputs:
        problems.append(f"{rel}: outputs {_diff(io.output_names(), outputs)}")
    return problems


def _diff(got: list[str], want: list[str]) -> str:
    missing = [n for n in want if n not in got]
    extra = [n for n in got if n not in want]
    if not missing and not extra:
        return "in another order than " + ", ".join(want[:6])
    return f"missing {missing[:4]}, unexpected {extra[:4]}"


def _kv_cache(decoder: onnx_io.GraphIO, shape: layout.TextShape) -> list[str]:
    cache = [v for v in decoder.inputs + decoder.outputs if v.name.startswith(("past_key_values.", "present."))]
    kinds = {v.element_type for v in cache}
    if len(kinds) != 1 or not kinds <= set(KV_TYPES):
        return [f"KV cache element types {sorted(kinds)}: expected one of {KV_TYPES} throughout"]
    for v in cache:
        heads, dim = (v.shape[1], v.shape[3]) if len(v.shape) == 4 else (None, None)
        if len(v.shape) != 4 or (isinstance(heads, int) and heads != shape.num_kv_heads) or \
                (isinstance(dim, int) and dim != shape.head_dim):
            return [f"{v.name}: shape {v.shape}, expected [batch, {shape.num_kv_heads}, length, {shape.head_dim}]"]
    return []


def _logits(logits: onnx_io.ValueInfo, shape: layout.TextShape, last_position: bool) -> list[str]:
    dims = logits.shape
    if len(dims) != 3:
        return [f"logits: rank {len(dims)}, expected [batch, positions, vocab]"]
    problems = []
    if isinstance(dims[2], int) and dims[2] != shape.vocab_size:
        problems.append(f"logits: {dims[2]} per position but config.json vocab_size is {shape.vocab_size}")
    if last_position and dims[1] != 1:
        problems.append(f"logits: positions axis is {dims[1]!r}, expected 1 (last position only)")
    return problems
