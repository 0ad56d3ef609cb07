"""The three exported graphs as torch modules over a Hugging Face Gemma3ForConditionalGeneration.

Boundaries are float32 (inputs_embeds, pixel_values, image_features, logits) so the engine feeds one type whatever the
weight precision; the KV cache stays in the weight precision to halve its memory. The decoder returns logits for the
last position only: [batch, 1, vocab] instead of [batch, seq, vocab] (262,208 floats a position would cost gigabytes
for a long prompt), so an engine must index the logits by the output's own shape.
"""
from __future__ import annotations

import inspect

import torch
import torch.nn as nn
import torch.nn.functional as F

from . import layout


def language_model(model: nn.Module) -> nn.Module:
    return model.model.language_model


class EmbedTokens(nn.Module):
    """input_ids [B, S] -> inputs_embeds [B, S, hidden] float32, already scaled by sqrt(hidden) (HF's scaled embedding)."""

    def __init__(self, model: nn.Module):
        super().__init__()
        self.embed = language_model(model).embed_tokens

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        return self.embed(input_ids).float()


class VisionEncoder(nn.Module):
    """pixel_values [N, 3, 896, 896] float32 -> image_features [N, 256, hidden] float32 (SigLIP tower + projector)."""

    def __init__(self, model: nn.Module, dtype: torch.dtype):
        super().__init__()
        self.tower = model.model.vision_tower
        self.proj = model.model.multi_modal_projector
        self.dtype = dtype

    def forward(self, pixel_values: torch.Tensor) -> torch.Tensor:
        h = self.tower(pixel_values=pixel_values.to(self.dtype)).last_hidden_state
        return self.proj(h).float()


def _rotate_half(x: torch.Tensor) -> torch.Tensor:
    x1, x2 = x[..., : x.shape[-1] // 2], x[..., x.shape[-1] // 2:]
    return torch.cat((-x2, x1), dim=-1)


class _Rope:
    """cos/sin per layer type across transformers versions.

    5.x: one rotary_emb called as rotary_emb(x, position_ids, layer_type) (as tools/make_tiny_gemma3.py does);
    4.5x: rotary_emb for global layers and rotary_emb_local for sliding ones.
    """

    def __init__(self, lm: nn.Module):
        self.lm = lm
        params = [p for p in inspect.signature(lm.rotary_emb.forward).parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        self.by_type = len(params) >= 3 or not hasattr(lm, "rotary_emb_local")

    def __call__(self, x: torch.Tensor, position_ids: torch.Tensor, layer_type: str):
        if self.by_type:
            return self.lm.rotary_emb(x, position_ids, layer_type)
        if layer_type == "sliding_attention":
            return self.lm.rotary_emb_local(x, position_ids)
        return self.lm.rotary_emb(x, position_ids)


class Decoder(nn.Module):
    """Gemma 3 text decoder with an explicit KV cache, a 2-D padding mask and image token_type_ids.

    Masks follow Hugging Face: causal, plus bidirectional attention among the soft tokens of one image
    (token_type_ids == 1, contiguous runs), minus padding; sliding layers also drop keys older than the window.
    """

    def __init__(self, model: nn.Module, dtype: torch.dtype):
        super().__init__()
        self.lm = language_model(model)
        self.lm_head = model.lm_head
        tc = model.config.text_config
        self.types = list(tc.layer_types)
        self.window = int(tc.sliding_window)
        self.attn_cap = getattr(tc, "attn_logit_softcapping", None)
        self.final_cap = getattr(tc, "final_logit_softcapping", None)
        self.dtype = dtype
        self.rope = _Rope(self.lm)

    def _bias(self, attention_mask, token_type_ids, past_len: int, seq_len: int) -> dict[str, torch.Tensor]:
        dev = token_type_ids.device
        batch = token_type_ids.shape[0]
        total = past_len + seq_len
        q_idx = torch.arange(seq_len, device=dev) + past_len
        k_idx = torch.arange(total, device=dev)
        causal = k_idx[None, :] <= q_idx[:, None]                                  # [S, T]
        img = token_type_ids == 1                                                  # [B, S]
        prev = F.pad(img, (1, 0), value=False)[:, :-1]
        group = torch.cumsum((img & ~prev).to(torch.int64), dim=1) - 1              # image run index
        group = torch.where(img, group, torch.full_like(group, -1))
        kgroup = torch.cat([torch.full((batch, past_len), -1, dtype=torch.int64, device=dev), group], dim=1)
        block = (group[:, :, None] == kgroup[:, None, :]) & (group[:, :, None] >= 0)  # [B, S, T]
        pad = attention_mask.to(torch.bool)[:, None, :]                           # [B, 1, T]
        full = (causal[None] | block) & pad
        slide = full & (k_idx[None, None, :] > (q_idx[None, :, None] - self.window))
        # float32 even for fp16 weights: a fully masked (padding) row then softmaxes to finite values instead of NaN
        neg = torch.tensor(torch.finfo(torch.float32).min, dtype=torch.float32, device=dev)
        zero = torch.tensor(0.0, dtype=torch.float32, device=dev)
        return {"full_attention": torch.where(full, zero, neg)[:, None],
                "sliding_attention": torch.where(slide, zero, neg)[:, None]}

    def forward(self, inputs_embeds, attention_mask, position_ids, token_type_ids, *past):
        batch, seq_len, _ = inputs_embeds.shape
        past_len = past[0].shape[2]
        h = inputs_embeds.to(self.dtype)
        bias = self._bias(attention_mask, token_type_ids, past_len, seq_len)
        rope = {t: self.rope(h, position_ids, t) for t in set(self.types)}
        presents = []
        for i, layer in enumerate(self.lm.layers):
            a = layer.self_attn
            x = layer.input_layernorm(h)
            q = a.q_norm(a.q_proj(x).view(batch, seq_len, -1, a.head_dim).transpose(1, 2))
            k = a.k_norm(a.k_proj(x).view(batch, seq_len, -1, a.head_dim).transpose(1, 2))
            v = a.v_proj(x).view(batch, seq_len, -1, a.head_dim).transpose(1, 2)
            cos, sin = (t.unsqueeze(1) for t in rope[self.types[i]])
            q = q * cos + _rotate_half(q) * sin
            k = k * cos + _rotate_half(k) * sin
            k = torch.cat([past[2 * i], k], dim=2)
            v = torch.cat([past[2 * i + 1], v], dim=2)
            presents += [k, v]
            rep = a.num_key_value_groups
            kk = k.repeat_interleave(rep, dim=1) if rep > 1 else k
            vv = v.repeat_interleave(rep, dim=1) if rep > 1 else v
            w = torch.matmul(q, kk.transpose(2, 3)) * a.scaling
            if self.attn_cap:
                w = torch.tanh(w / self.attn_cap) * self.attn_cap
            w = torch.softmax(w.float() + bias[self.types[i]], dim=-1).to(self.dtype)
            o = a.o_proj(torch.matmul(w, vv).transpose(1, 2).reshape(batch, seq_len, -1))
            h = h + layer.post_attention_layernorm(o)
            h = h + layer.post_feedforward_layernorm(layer.mlp(layer.pre_feedforward_layernorm(h)))
        last = self.lm.norm(h[:, -1:, :])                                           # last position only
        logits = self.lm_head(last).float()
        if self.final_cap:
            logits = torch.tanh(logits / self.final_cap) * self.final_cap
        return (logits, *presents)


def decoder_example(model: nn.Module, dtype: torch.dtype, device) -> tuple:
    """Tracing inputs: batch 2, 3 new tokens over a 4-token past, so every dynamic axis differs."""
    tc = model.config.text_config
    shape_b, shape_s, shape_p = 2, 3, 4
    kv = [torch.randn(shape_b, tc.num_key_value_heads, shape_p, tc.head_dim, dtype=dtype, device=device)
          for _ in range(2 * tc.num_hidden_layers)]
    return (torch.randn(shape_b, shape_s, tc.hidden_size, device=device),
            torch.ones(shape_b, shape_p + shape_s, dtype=torch.long, device=device),
            torch.arange(shape_p, shape_p + shape_s, device=device)[None].repeat(shape_b, 1),
            torch.tensor([[0, 1, 1], [0, 0, 0]], dtype=torch.long, device=device),
            *kv)


def decoder_dynamic_axes(num_layers: int) -> dict[str, dict[int, str]]:
    dyn = {"inputs_embeds": {0: "batch_size", 1: "sequence_length"},
           "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
           "position_ids": {0: "batch_size", 1: "sequence_length"},
           "token_type_ids": {0: "batch_size", 1: "sequence_length"},
           "logits": {0: "batch_size"}}
    for name in layout.decoder_inputs(num_layers)[len(layout.DECODER_FIXED_INPUTS):]:
        dyn[name] = {0: "batch_size", 2: "past_sequence_length"}
    for name in layout.decoder_outputs(num_layers)[1:]:
        dyn[name] = {0: "batch_size", 2: "total_sequence_length"}
    return dyn
