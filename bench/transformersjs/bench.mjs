// (c) of the engine benchmark: transformers.js 4.3.1 (onnxruntime-node, CPU) on the same tiny MedGemma ONNX files and
// the same prompts as bench/FhirMedGemma.Benchmarks/Engine. Usage: node bench.mjs [iterations] [threads]
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { env, Gemma3ForConditionalGeneration, Tensor } from '@huggingface/transformers';
import * as ort from 'onnxruntime-node';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const iterations = Number(process.argv[2] ?? 5);
const threads = Number(process.argv[3] ?? 2);

env.allowRemoteModels = false;
env.localModelPath = path.join(root, 'model-fixtures');
const model = await Gemma3ForConditionalGeneration.from_pretrained('tiny-medgemma', {
  dtype: 'fp32',
  device: 'cpu',
  session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 },
});

// transformers.js does not know the decoder's token_type_ids input: hide it from its input check and feed zeros
// (text-only prompts: no image tokens) on every run.
const decoder = model.sessions['decoder_model_merged'];
const declared = decoder.inputNames;
if (declared.includes('token_type_ids')) {
  Object.defineProperty(decoder, 'inputNames', { value: declared.filter((n) => n !== 'token_type_ids') });
  const run = decoder.run.bind(decoder);
  decoder.run = (feed, ...rest) => {
    const [batch, seq] = feed.inputs_embeds.dims;
    feed.token_type_ids = new ort.Tensor('int64', new BigInt64Array(batch * seq), [batch, seq]);
    return run(feed, ...rest);
  };
}

const reference = JSON.parse(fs.readFileSync(path.join(root, 'model-fixtures', 'reference', 'generation_reference.json'), 'utf8'));
const prompt = (name) => reference.cases.find((c) => c.name === name).input_ids;

async function generate(ids, maxNewTokens) {
  const input_ids = new Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, ids.length]);
  const attention_mask = new Tensor('int64', new BigInt64Array(ids.length).fill(1n), [1, ids.length]);
  const out = await model.generate({
    input_ids, attention_mask, max_new_tokens: maxNewTokens, min_new_tokens: maxNewTokens, do_sample: false,
  });
  return Array.from(out.data.slice(ids.length), Number);
}

async function measure(name, ids, maxNewTokens) {
  await generate(ids, maxNewTokens); // warm-up
  const times = [];
  let last = [];
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    last = await generate(ids, maxNewTokens);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { name, prompt_tokens: ids.length, new_tokens: maxNewTokens, median_ms: times[Math.floor(times.length / 2)], times_ms: times, ids: last };
}

const short1 = await measure('transformersjs_short1', prompt('text_short'), 1);
const decode = await measure('transformersjs_decode64', prompt('text_short'), 64);
const prefill = await measure('transformersjs_prefill377', prompt('text_long'), 1);
const expected = reference.cases.find((c) => c.name === 'text_short').expected_new_ids;
const matches = decode.ids.slice(0, 24).every((id, i) => id === expected[i]);
console.log(JSON.stringify({
  threads,
  iterations,
  prefill34_plus1: { median_ms: short1.median_ms },
  decode64: { median_ms: decode.median_ms, times_ms: decode.times_ms },
  decode_per_token_ms_derived: (decode.median_ms - short1.median_ms) / 63,
  decode_tokens_per_s_derived: 63000 / (decode.median_ms - short1.median_ms),
  prefill: { median_ms: prefill.median_ms, prompt_tokens_per_s: (377 * 1000) / prefill.median_ms, times_ms: prefill.times_ms },
  greedy_ids_match_reference_first24: matches,
}, null, 2));
