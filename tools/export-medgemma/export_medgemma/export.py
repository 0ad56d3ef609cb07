"""Writes the engine's model directory: three ONNX graphs with external weights, optional int4, and the HF side files."""
from __future__ import annotations

import datetime
import json
import os
import shutil
import tempfile

from . import __version__, layout, modules


def export_graphs(model, dtype, device: str, staging: str, opset: int, exporter: str) -> None:
    import torch

    tc = model.config.text_config
    vc = model.config.vision_config
    n = tc.num_hidden_layers
    graphs = [
        (layout.EMBED_TOKENS, modules.EmbedTokens(model),
         (torch.tensor([[layout.BOS_ID, 105, 2364, 107, 106]], device=device),),
         list(layout.EMBED_INPUTS), list(layout.EMBED_OUTPUTS),
         {"input_ids": {0: "batch_size", 1: "sequence_length"}, "inputs_embeds": {0: "batch_size", 1: "sequence_length"}}),
        (layout.VISION_ENCODER, modules.VisionEncoder(model, dtype),
         (torch.zeros(1, vc.num_channels, vc.image_size, vc.image_size, device=device),),
         list(layout.VISION_INPUTS), list(layout.VISION_OUTPUTS),
         {"pixel_values": {0: "num_images"}, "image_features": {0: "num_images"}}),
        (layout.DECODER, modules.Decoder(model, dtype), modules.decoder_example(model, dtype, device),
         layout.decoder_inputs(n), layout.decoder_outputs(n), modules.decoder_dynamic_axes(n)),
    ]
    for rel, module, example, inputs, outputs, dynamic_axes in graphs:
        print(f"export: tracing {rel}", flush=True)
        # Scratch beside the staging folder (the output volume), not $TMPDIR: the decoder alone is gigabytes.
        with tempfile.TemporaryDirectory(dir=os.path.dirname(staging)) as tmp, torch.no_grad():
            # The exporter scatters >2 GB weights into one file per tensor: export to a scratch folder,
            # then re-save as one graph file plus one <graph>.onnx_data file.
            raw = os.path.join(tmp, os.path.basename(rel))
            torch.onnx.export(module.eval(), example, raw, input_names=inputs, output_names=outputs,
                              dynamic_axes=dynamic_axes, opset_version=opset, dynamo=(exporter == "dynamo"))
            save_with_external_data(raw, os.path.join(staging, rel))


def save_with_external_data(src: str, dest: str) -> None:
    import onnx

    proto = onnx.load(src, load_external_data=True)
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    onnx.save_model(proto, dest, save_as_external_data=True, all_tensors_to_one_file=True,
                    location=layout.external_data_name(dest), size_threshold=1024)
    onnx.checker.check_model(dest)  # by path: works past the 2 GB protobuf limit


def quantize_int4(staging: str, block_size: int) -> None:
    """Decoder MatMul weights -> MatMulNBits (4-bit, symmetric); the lm_head included. Embeddings and vision stay."""
    import onnx
    from onnxruntime.quantization.matmul_nbits_quantizer import MatMulNBitsQuantizer

    path = os.path.join(staging, layout.DECODER)
    print(f"export: int4 quantizing {layout.DECODER} (block {block_size})", flush=True)
    quantizer = MatMulNBitsQuantizer(onnx.load(path, load_external_data=True), block_size=block_size,
                                     is_symmetric=True, accuracy_level=4)
    quantizer.process()
    os.remove(path)
    os.remove(os.path.join(os.path.dirname(path), layout.external_data_name(path)))
    onnx.save_model(quantizer.model.model, path, save_as_external_data=True, all_tensors_to_one_file=True,
                    location=layout.external_data_name(path), size_threshold=1024)


def write_config(config, staging: str) -> None:
    """The complete config (use_diff=False): hub configs omit defaults such as num_attention_heads, which the engine reads."""
    config.to_json_file(os.path.join(staging, layout.CONFIG), use_diff=False)


def copy_side_files(snapshot: str, staging: str) -> None:
    for name in layout.REQUIRED_FILES + layout.OPTIONAL_FILES:
        if name == layout.CONFIG:
            continue  # written in full by write_config
        src = os.path.join(snapshot, name)
        if os.path.isfile(src):
            shutil.copyfile(src, os.path.join(staging, name))
    gen = os.path.join(staging, layout.GENERATION_CONFIG)
    if not os.path.isfile(gen):
        # Gemma 3 stops on <eos> and <end_of_turn>; a checkpoint without a generation config gets exactly that.
        with open(gen, "w", encoding="utf-8") as f:
            json.dump({"bos_token_id": layout.BOS_ID, "eos_token_id": list(layout.STOP_IDS),
                       "pad_token_id": layout.PAD_ID}, f, indent=1)


def write_manifest(staging: str, source: str, revision: str | None, dtype: str, int4: bool, block: int) -> None:
    manifest = {
        "tool": f"export-medgemma {__version__}",
        "source": source,
        "revision": revision,
        "dtype": dtype,
        "quantization": f"int4 MatMulNBits block {block}" if int4 else None,
        "io": "inputs_embeds, pixel_values, image_features, logits float32; KV cache in the weight dtype",
        "logits": "last position only: [batch, 1, vocab]",
        "exported_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }
    with open(os.path.join(staging, layout.MANIFEST), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1)


def publish(staging: str, out: str) -> None:
    """Moves a finished staging folder into place, so a failed export never leaves a half directory at --out."""
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.replace(staging, out)
