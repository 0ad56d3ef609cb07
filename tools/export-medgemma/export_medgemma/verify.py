"""Checks an exported directory: graph inputs/outputs against the contract, then transformers vs onnxruntime on a
text prompt and an image prompt (prefill logit difference, greedy tokens agreeing from the start)."""
from __future__ import annotations

import json
import os

import numpy as np

from . import graph_check, layout


def synthetic_image():
    """A printed lab-report picture, so the image path is exercised without shipping a file."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (640, 480), "white")
    draw = ImageDraw.Draw(img)
    for i, row in enumerate(["Hemoglobin 13.2 g/dL (13.5-17.5) L", "WBC 7.1 10*3/uL (4.5-11.0)",
                             "Glucose 104 mg/dL (70-99) H"]):
        draw.text((20, 40 + 40 * i), row, fill="black")
    return img


def render_prompt(tokenizer, text: str, with_image: bool) -> str:
    content = ([{"type": "image"}] if with_image else []) + [{"type": "text", "text": text}]
    if getattr(tokenizer, "chat_template", None):
        return tokenizer.apply_chat_template([{"role": "user", "content": content}], tokenize=False,
                                             add_generation_prompt=True)
    # Gemma 3's template, for tokenizers saved without one.
    return ("<bos><start_of_turn>user\n" + ("<start_of_image>" if with_image else "") + text
            + "<end_of_turn>\n<start_of_turn>model\n")


# ONNX element types of the KV cache (numpy has no bfloat16, so the cache travels as OrtValues, never as arrays).
KV_ELEMENT_TYPES = {"tensor(float)": 1, "tensor(float16)": 10, "tensor(bfloat16)": 16}


class OrtModel:
    """Greedy generation over the three graphs, fed exactly as model-fixtures/README.md tells the engine to."""

    def __init__(self, model_dir: str, provider: str):
        import onnxruntime as ort

        self.ort = ort
        providers = execution_providers(ort, provider)
        self.embed = ort.InferenceSession(os.path.join(model_dir, layout.EMBED_TOKENS), providers=providers)
        self.vision = ort.InferenceSession(os.path.join(model_dir, layout.VISION_ENCODER), providers=providers)
        self.decoder = ort.InferenceSession(os.path.join(model_dir, layout.DECODER), providers=providers)
        shape = layout.read_text_shape(os.path.join(model_dir, layout.CONFIG))
        self.n, self.kv_heads, self.head_dim = shape.num_layers, shape.num_kv_heads, shape.head_dim
        past = next(i for i in self.decoder.get_inputs() if i.name.startswith("past_key_values"))
        if past.type not in KV_ELEMENT_TYPES:
            raise ValueError(f"{layout.DECODER}: unsupported KV cache type {past.type}")
        self.kv_type = past.type
        if past.type == "tensor(bfloat16)" and providers == ["CPUExecutionProvider"]:
            raise SystemExit("verify: a bf16 export runs on the CUDA provider only (install onnxruntime-gpu on a GPU machine)")
        self.output_names = [o.name for o in self.decoder.get_outputs()]

    def _empty_past(self):
        shape = (1, self.kv_heads, 0, self.head_dim)
        if self.kv_type == "tensor(bfloat16)":  # no numpy dtype: ask onnxruntime for a 0-element bf16 tensor
            return self.ort.OrtValue.ortvalue_from_shape_and_type(list(shape), KV_ELEMENT_TYPES[self.kv_type])
        dtype = np.float16 if self.kv_type == "tensor(float16)" else np.float32
        return self._value(np.zeros(shape, dtype))

    def _value(self, array: np.ndarray):
        return self.ort.OrtValue.ortvalue_from_numpy(np.ascontiguousarray(array))

    def _step_feed(self, embeds: np.ndarray, total: int, positions: np.ndarray, token_types: np.ndarray) -> dict:
        return {"inputs_embeds": self._value(embeds), "attention_mask": self._value(np.ones((1, total), np.int64)),
                "position_ids": self._value(positions), "token_type_ids": self._value(token_types)}

    def generate(self, ids: list[int], pixel_values: np.ndarray | None, new_tokens: int):
        arr = np.array([ids], dtype=np.int64)
        embeds = self.embed.run(None, {"input_ids": arr})[0]
        if pixel_values is not None:
            features = self.vision.run(None, {"pixel_values": pixel_values.astype(np.float32)})[0]
            embeds[0, arr[0] == layout.IMAGE_TOKEN_ID] = features.reshape(-1, features.shape[-1])
        length = arr.shape[1]
        feed = self._step_feed(embeds, length, np.arange(length, dtype=np.int64)[None],
                               (arr == layout.IMAGE_TOKEN_ID).astype(np.int64))
        for i in range(self.n):
            for kind in ("key", "value"):
                feed[f"past_key_values.{i}.{kind}"] = self._empty_past()
        out, first_logits = [], None
        for step in range(new_tokens):
            result = self.decoder.run_with_ort_values(self.output_names, feed)
            logits = result[0].numpy()[0, -1]  # [batch, 1, vocab]: the last position is the only one
            first_logits = logits.copy() if first_logits is None else first_logits
            nxt = int(logits.argmax())
            out.append(nxt)
            feed = self._step_feed(self.embed.run(None, {"input_ids": np.array([[nxt]], np.int64)})[0],
                                   length + step + 1, np.array([[length + step]], np.int64), np.zeros((1, 1), np.int64))
            for i in range(self.n):
                feed[f"past_key_values.{i}.key"] = result[1 + 2 * i]
                feed[f"past_key_values.{i}.value"] = result[2 + 2 * i]
        return out, first_logits


def execution_providers(ort, provider: str) -> list[str]:
    """ORT providers for --provider; auto picks CUDA when this onnxruntime build has it."""
    available = ort.get_available_providers()
    if provider == "cuda" or (provider == "auto" and "CUDAExecutionProvider" in available):
        if "CUDAExecutionProvider" not in available:
            raise SystemExit("verify: --provider cuda needs onnxruntime-gpu and a visible GPU "
                             f"(this onnxruntime has {available})")
        return ["CUDAExecutionProvider", "CPUExecutionProvider"]
    return ["CPUExecutionProvider"]


def agreeing_prefix(a: list[int], b: list[int]) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def verify(model_dir: str, reference: str, provider: str, new_tokens: int, min_agree: int, image_path: str | None,
           report_path: str | None) -> bool:
    """Runs both runtimes on the same prompts; prints and returns whether every case passed."""
    import torch
    from PIL import Image
    from transformers import AutoTokenizer, Gemma3ForConditionalGeneration
    from transformers.models.gemma3.image_processing_gemma3 import Gemma3ImageProcessor

    problems = layout.check_model_directory(model_dir) or graph_check.check_graph_io(model_dir)
    if problems:
        print("verify: layout problems:\n  " + "\n  ".join(problems))
        return False
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    processor = Gemma3ImageProcessor.from_pretrained(model_dir)
    hf = Gemma3ForConditionalGeneration.from_pretrained(reference, dtype=torch.float32,
                                                        attn_implementation="eager").eval()
    ort_model = OrtModel(model_dir, provider)
    image = Image.open(image_path).convert("RGB") if image_path else synthetic_image()
    cases = [("text", render_prompt(tokenizer, "Summarize: 54 y/o F with type 2 diabetes, HbA1c 8.1%.", False), None),
             ("image", render_prompt(tokenizer, "Extract every lab value with its unit.", True),
              processor(images=image, return_tensors="pt")["pixel_values"])]
    results, ok = [], True
    for name, prompt, pixels in cases:
        text = prompt.replace("<start_of_image>", layout.IMAGE_SEQUENCE, 1) if pixels is not None else prompt
        ids = tokenizer(text, add_special_tokens=False)["input_ids"]
        input_ids = torch.tensor([ids])
        kwargs = {"input_ids": input_ids, "attention_mask": torch.ones_like(input_ids)}
        if pixels is not None:
            kwargs.update(pixel_values=pixels.float(), token_type_ids=(input_ids == layout.IMAGE_TOKEN_ID).long())
        with torch.no_grad():
            hf_logits = hf(**kwargs).logits[0, -1].float().numpy()
            hf_ids = hf.generate(**kwargs, max_new_tokens=new_tokens, min_new_tokens=new_tokens,
                                 do_sample=False)[0, len(ids):].tolist()
        ort_ids, ort_logits = ort_model.generate(ids, pixels.numpy() if pixels is not None else None, new_tokens)
        agree = agreeing_prefix(hf_ids, ort_ids)
        finite = bool(np.isfinite(ort_logits).all())
        case = {"case": name, "prompt_tokens": len(ids), "max_abs_logit_diff": float(np.abs(hf_logits - ort_logits).max()),
                "top1_equal": int(hf_logits.argmax()) == int(ort_logits.argmax()), "finite": finite,
                "greedy_agreeing": agree, "greedy_total": new_tokens, "hf_ids": hf_ids, "ort_ids": ort_ids}
        case["passed"] = finite and case["top1_equal"] and agree >= min_agree
        ok &= case["passed"]
        results.append(case)
        print(f"verify {name}: {len(ids)} prompt tokens, max|dlogit| {case['max_abs_logit_diff']:.4g}, "
              f"top-1 equal {case['top1_equal']}, greedy {agree}/{new_tokens} agree -> "
              f"{'PASS' if case['passed'] else 'FAIL'}", flush=True)
    if report_path:
        with open(report_path, "w", encoding="utf-8") as f:
            json.dump({"model_dir": model_dir, "provider": provider, "min_agreeing_tokens": min_agree,
                       "passed": ok, "cases": results}, f, indent=1)
    return ok
