"""The engine's model-directory contract (model-fixtures/README.md). Pure Python: no torch, no onnx.

The C# engine and tests/Deploy.Tests read these names; change them only together with the engine.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

ONNX_DIR = "onnx"
EMBED_TOKENS = "onnx/embed_tokens.onnx"
VISION_ENCODER = "onnx/vision_encoder.onnx"
DECODER = "onnx/decoder_model_merged.onnx"
GRAPHS = (EMBED_TOKENS, VISION_ENCODER, DECODER)
# Weights live beside each graph in one external-data file: "<graph>.onnx_data" (the community export convention).
EXTERNAL_DATA_SUFFIX = "_data"

CONFIG = "config.json"
GENERATION_CONFIG = "generation_config.json"
PREPROCESSOR_CONFIG = "preprocessor_config.json"
TOKENIZER = "tokenizer.json"
TOKENIZER_CONFIG = "tokenizer_config.json"
REQUIRED_FILES = (CONFIG, GENERATION_CONFIG, PREPROCESSOR_CONFIG, TOKENIZER, TOKENIZER_CONFIG)
# Copied from the checkpoint when present; the engine does not need them, Hugging Face tooling does.
OPTIONAL_FILES = (
    "processor_config.json", "special_tokens_map.json", "tokenizer.model", "added_tokens.json",
    "chat_template.json", "chat_template.jinja",
)
MANIFEST = "export_manifest.json"

EMBED_INPUTS = ("input_ids",)
EMBED_OUTPUTS = ("inputs_embeds",)
VISION_INPUTS = ("pixel_values",)
VISION_OUTPUTS = ("image_features",)
DECODER_FIXED_INPUTS = ("inputs_embeds", "attention_mask", "position_ids", "token_type_ids")

# Gemma 3 token ids the engine relies on.
BOS_ID = 2
STOP_IDS = (1, 106)
PAD_ID = 0
BOI_ID = 255999
EOI_ID = 256000
IMAGE_TOKEN_ID = 262144
TOKENS_PER_IMAGE = 256
IMAGE_SIZE = 896
# What the processor puts in place of the single <start_of_image> placeholder of a rendered prompt.
IMAGE_SEQUENCE = "\n\n<start_of_image>" + "<image_soft_token>" * TOKENS_PER_IMAGE + "<end_of_image>\n\n"


def external_data_name(graph: str) -> str:
    """File name (no folder) of a graph's external-data file, e.g. decoder_model_merged.onnx_data."""
    return os.path.basename(graph) + EXTERNAL_DATA_SUFFIX


def decoder_inputs(num_layers: int) -> list[str]:
    names = list(DECODER_FIXED_INPUTS)
    for i in range(num_layers):
        names += [f"past_key_values.{i}.key", f"past_key_values.{i}.value"]
    return names


def decoder_outputs(num_layers: int) -> list[str]:
    names = ["logits"]
    for i in range(num_layers):
        names += [f"present.{i}.key", f"present.{i}.value"]
    return names


@dataclass(frozen=True)
class TextShape:
    """The few config.json facts the export and the engine depend on."""

    num_layers: int
    num_kv_heads: int
    head_dim: int
    hidden_size: int
    vocab_size: int
    layer_types: tuple[str, ...] = field(default=())


def read_text_shape(config_path: str) -> TextShape:
    """Reads text_config from a Gemma 3 config.json; raises ValueError naming the missing key."""
    with open(config_path, encoding="utf-8") as f:
        cfg = json.load(f)
    text = cfg.get("text_config", cfg)
    try:
        layers = int(text["num_hidden_layers"])
        hidden = int(text["hidden_size"])
        heads = int(text["num_attention_heads"])
        shape = TextShape(
            num_layers=layers,
            num_kv_heads=int(text["num_key_value_heads"]),
            head_dim=int(text.get("head_dim") or hidden // heads),
            hidden_size=hidden,
            vocab_size=int(text["vocab_size"]),
            layer_types=tuple(text.get("layer_types") or ()),
        )
    except KeyError as e:
        raise ValueError(f"{config_path}: text_config has no {e.args[0]}") from None
    if shape.layer_types and len(shape.layer_types) != layers:
        raise ValueError(f"{config_path}: {len(shape.layer_types)} layer_types for {layers} layers")
    return shape


def expected_files(with_external_data: bool) -> list[str]:
    """Every file the engine reads, relative to the model directory."""
    files = list(REQUIRED_FILES) + list(GRAPHS)
    if with_external_data:
        files += [f"{ONNX_DIR}/{external_data_name(g)}" for g in GRAPHS]
    return files


def check_model_directory(model_dir: str, require_external_data: bool = False) -> list[str]:
    """Problems with a model directory, one line each; an empty list means the layout is complete.

    Checks presence of every file and that config/generation/preprocessor files agree with the Gemma 3 contract.
    Graph inputs and outputs are checked by verify.check_graph_io, which needs the onnx package.
    """
    problems: list[str] = []
    if not os.path.isdir(model_dir):
        return [f"{model_dir}: not a directory"]
    for rel in expected_files(require_external_data):
        if not os.path.isfile(os.path.join(model_dir, rel)):
            problems.append(f"{rel}: missing")
    config = os.path.join(model_dir, CONFIG)
    if os.path.isfile(config):
        try:
            shape = read_text_shape(config)
            if shape.vocab_size <= IMAGE_TOKEN_ID:
                problems.append(f"{CONFIG}: vocab_size {shape.vocab_size} does not cover image token {IMAGE_TOKEN_ID}")
        except (ValueError, json.JSONDecodeError) as e:
            problems.append(f"{CONFIG}: {e}")
    problems += _check_generation_config(os.path.join(model_dir, GENERATION_CONFIG))
    problems += _check_preprocessor_config(os.path.join(model_dir, PREPROCESSOR_CONFIG))
    return problems


def _load_json(path: str) -> dict | None:
    if not os.path.isfile(path):
        return None
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def _check_generation_config(path: str) -> list[str]:
    gen = _load_json(path)
    if gen is None:
        return []
    eos = gen.get("eos_token_id")
    eos = set(eos if isinstance(eos, list) else [eos])
    missing = [i for i in STOP_IDS if i not in eos]
    return [f"{GENERATION_CONFIG}: eos_token_id lacks {missing}"] if missing else []


def _check_preprocessor_config(path: str) -> list[str]:
    pre = _load_json(path)
    if pre is None:
        return []
    size = pre.get("size") or {}
    if size.get("height") != IMAGE_SIZE or size.get("width") != IMAGE_SIZE:
        return [f"{PREPROCESSOR_CONFIG}: size {size} is not {IMAGE_SIZE}x{IMAGE_SIZE}"]
    return []
