"""Where the weights come from: a hub id (downloaded with a token), a local snapshot, or random weights for tests.

Every source ends as a snapshot folder on disk (config, safetensors, tokenizer, preprocessor, generation config), so the
export and the verify step read one kind of input.
"""
from __future__ import annotations

import json
import os
import shutil

from . import layout

# The files a snapshot download needs: weights, configs, tokenizer, chat template. Not the original PyTorch .bin files.
DOWNLOAD_PATTERNS = ["*.json", "*.safetensors", "tokenizer.model", "*.jinja"]


def download(model_id: str, revision: str | None, out: str, token: str | None) -> str:
    """Downloads a gated checkpoint; a 401/403 means the terms are not accepted for the token's account."""
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import GatedRepoError, RepositoryNotFoundError

    try:
        return snapshot_download(repo_id=model_id, revision=revision, local_dir=out, token=token,
                                 allow_patterns=DOWNLOAD_PATTERNS)
    except GatedRepoError as e:
        raise SystemExit(f"{model_id} is gated: accept the Health AI Developer Foundations terms on its hub page "
                         f"with the account that owns the token, then retry ({type(e).__name__})") from None
    except RepositoryNotFoundError:
        raise SystemExit(f"{model_id}: not found, or the token cannot see it") from None


def tiny_config():
    """Gemma 3 4B's architecture at tiny width (as model-fixtures/tiny-medgemma): 6 layers, 5 sliding + 1 global."""
    from transformers import Gemma3Config

    return Gemma3Config(
        text_config=dict(
            vocab_size=262208, hidden_size=16, intermediate_size=32, num_hidden_layers=6,
            num_attention_heads=2, num_key_value_heads=1, head_dim=8, query_pre_attn_scalar=8,
            sliding_window=8, max_position_embeddings=131072, rms_norm_eps=1e-6,
            layer_types=["sliding_attention"] * 5 + ["full_attention"],
            rope_parameters={
                "full_attention": {"rope_type": "linear", "factor": 8.0, "rope_theta": 1000000.0},
                "sliding_attention": {"rope_type": "default", "rope_theta": 10000.0},
            },
            hidden_activation="gelu_pytorch_tanh", final_logit_softcapping=None, attn_logit_softcapping=None,
            pad_token_id=layout.PAD_ID, eos_token_id=list(layout.STOP_IDS), bos_token_id=layout.BOS_ID,
        ),
        vision_config=dict(
            hidden_size=16, intermediate_size=32, num_hidden_layers=2, num_attention_heads=2,
            image_size=layout.IMAGE_SIZE, patch_size=14, num_channels=3, layer_norm_eps=1e-6, vision_use_head=False,
        ),
        mm_tokens_per_image=layout.TOKENS_PER_IMAGE, boi_token_index=layout.BOI_ID, eoi_token_index=layout.EOI_ID,
        image_token_index=layout.IMAGE_TOKEN_ID, eos_token_id=list(layout.STOP_IDS),
    )


def random_snapshot(config, tokenizer_dir: str, out: str, seed: int) -> str:
    """Writes a random-weight checkpoint of `config` plus tokenizer/preprocessor/generation files to `out`."""
    import torch
    from transformers import Gemma3ForConditionalGeneration
    from transformers.models.gemma3.image_processing_gemma3 import Gemma3ImageProcessor

    torch.manual_seed(seed)
    model = Gemma3ForConditionalGeneration(config).eval()
    with torch.no_grad():
        for _, p in model.named_parameters():
            # larger than the default init, so that logits depend visibly on the input and greedy ties are rare
            p.copy_(torch.randn_like(p) * (0.5 if p.dim() > 1 else 0.2))
        for block in model.model.language_model.layers:
            for norm in (block.post_attention_layernorm, block.post_feedforward_layernorm):
                norm.weight.copy_(2.0 + 0.2 * torch.randn_like(norm.weight))
    os.makedirs(out, exist_ok=True)
    model.save_pretrained(out)
    Gemma3ImageProcessor(
        do_resize=True, size={"height": layout.IMAGE_SIZE, "width": layout.IMAGE_SIZE}, resample=2, do_rescale=True,
        rescale_factor=1 / 255, do_normalize=True, image_mean=[0.5] * 3, image_std=[0.5] * 3, do_convert_rgb=True,
        do_pan_and_scan=False).save_pretrained(out)
    with open(os.path.join(out, layout.GENERATION_CONFIG), "w", encoding="utf-8") as f:
        json.dump({"bos_token_id": layout.BOS_ID, "eos_token_id": list(layout.STOP_IDS), "pad_token_id": layout.PAD_ID,
                   "do_sample": False}, f, indent=1)
    for name in (layout.TOKENIZER, layout.TOKENIZER_CONFIG) + layout.OPTIONAL_FILES:
        src = os.path.join(tokenizer_dir, name)
        if os.path.isfile(src) and name not in ("processor_config.json",):
            shutil.copyfile(src, os.path.join(out, name))
    return out


def load_model(snapshot: str, dtype_name: str, device: str):
    """Gemma3ForConditionalGeneration in the export precision, eager attention (the graphs re-implement it)."""
    import torch
    from transformers import Gemma3ForConditionalGeneration

    dtype = torch_dtype(dtype_name)
    model = Gemma3ForConditionalGeneration.from_pretrained(snapshot, dtype=dtype, attn_implementation="eager")
    return model.to(device).eval(), dtype


def torch_dtype(name: str):
    import torch

    return {"fp32": torch.float32, "fp16": torch.float16, "bf16": torch.bfloat16}[name]
