// Writes tests/Inference.Tests/Tokenization/tokenizer_hard_cases.json: our own hard cases, tokenized by Hugging Face's
// Rust tokenizers (npm `tokenizers@0.23.2`) with the Gemma 3 tokenizer.json of model-fixtures/tiny-medgemma.
// Usage: npm install tokenizers@0.23.2 && node tools/make_tokenizer_hard_cases.js
const path = require('path');
const fs = require('fs');
const { Tokenizer } = require('tokenizers');

const root = path.resolve(__dirname, '..');
const texts = [
  'family 👨‍👩‍👧‍👦 flag 🇩🇪 thumbs 👍🏽 heart ❤️',
  '🩺🩺🩺💉💊🧬',
  '中文病历：患者血压 140/90 mmHg，心率 88 次/分。',
  '한국어 검사 결과: 정상',
  'Ελληνικά και русский текст',
  'cafe\u0301 nai\u0308ve re\u0301sume\u0301 a\u0300\u0301\u0302\u0303',
  'हिन्दी में रक्त शर्करा',
  'a  b   c    d     e                                                  f',
  '\t\t\tindented\n\n\nthree newlines\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\nmany',
  'crlf\r\n\r\nline\rcr',
  'rare \u{20000}\u{2A6D6} private \uE000\u{10FFFD} old italic \u{10300}\u{10301}',
  'control \u0001\u0002\u001F del \u007F',
  'literal <0x41> and <0xE2><0x82> text',
  'partial <start_of_tur and <end_of_turn> and <unused5> and </td><td>',
  'literal \u2581 marker \u2581\u2581 twice',
  ' leading space',
  'trailing space ',
  '   ',
  '\n',
  'x'.repeat(1) + '\u00A0nbsp\u2003emspace\u200Bzwsp',
  '<bos><bos><eos><pad><start_of_image><image_soft_token><end_of_image>',
];

(async () => {
  const tokenizer = Tokenizer.fromFile(path.join(root, 'model-fixtures/tiny-medgemma/tokenizer.json'));
  const cases = [];
  for (const text of texts) {
    const encoding = await tokenizer.encode(text, null, { addSpecialTokens: false });
    const ids = Array.from(encoding.getIds());
    const decoded = await tokenizer.decode(ids, false);
    cases.push({ text, ids, decoded });
  }
  const out = path.join(root, 'tests/Inference.Tests/Tokenization/tokenizer_hard_cases.json');
  fs.writeFileSync(out, JSON.stringify({ generator: 'huggingface tokenizers 0.23.2 (npm)', cases }, null, 1) + '\n');
  console.log(`wrote ${cases.length} cases to ${out}`);
})();
