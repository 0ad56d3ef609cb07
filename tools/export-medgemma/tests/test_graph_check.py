"""Graph inputs/outputs of the engine's tiny model, read without the onnx package, and the contract checks on them."""
import json
import os
import shutil
import tempfile
import unittest

from export_medgemma import graph_check, layout, onnx_io

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
TINY = os.path.join(REPO, "model-fixtures", "tiny-medgemma")


class OnnxIoTests(unittest.TestCase):
    def test_decoder_inputs_outputs_types_and_shapes_are_read_from_the_protobuf(self):
        io = onnx_io.read_graph_io(os.path.join(TINY, layout.DECODER))
        self.assertEqual(io.input_names(), layout.decoder_inputs(6))
        self.assertEqual(io.output_names(), layout.decoder_outputs(6))
        inputs = {v.name: v for v in io.inputs}
        self.assertEqual(inputs["attention_mask"].element_type, "int64")
        self.assertEqual(inputs["past_key_values.5.value"].shape, ("batch_size", 1, "past_sequence_length", 8))
        self.assertEqual(io.outputs[0].shape, ("batch_size", "sequence_length", 262208))

    def test_vision_encoder_takes_896_square_images(self):
        io = onnx_io.read_graph_io(os.path.join(TINY, layout.VISION_ENCODER))
        self.assertEqual(io.inputs[0].shape, ("num_images", 3, 896, 896))
        self.assertEqual(io.inputs[0].element_type, "float")

    def test_a_file_that_is_not_onnx_is_a_format_error(self):
        with tempfile.NamedTemporaryFile(suffix=".onnx", delete=False) as f:
            f.write(b"\x3a\xff\xff")  # field 7 (graph), length-delimited, truncated length
        self.addCleanup(os.remove, f.name)
        with self.assertRaises(onnx_io.OnnxFormatError):
            onnx_io.read_graph_io(f.name)


class GraphCheckTests(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.dir = os.path.join(self.tmp.name, "m")
        shutil.copytree(TINY, self.dir, ignore=shutil.ignore_patterns("tokenizer*.json"))

    def test_the_engine_fixture_meets_the_contract(self):
        self.assertEqual(graph_check.check_graph_io(self.dir), [])

    def test_full_sequence_logits_fail_the_last_position_rule_of_exports(self):
        problems = graph_check.check_graph_io(self.dir, last_position_logits=True)
        self.assertEqual(problems, ["logits: positions axis is 'sequence_length', expected 1 (last position only)"])

    def test_swapped_graph_is_reported_by_name(self):
        shutil.copyfile(os.path.join(TINY, layout.EMBED_TOKENS), os.path.join(self.dir, layout.DECODER))
        problems = graph_check.check_graph_io(self.dir)
        self.assertEqual(len(problems), 2)
        self.assertTrue(problems[0].startswith("onnx/decoder_model_merged.onnx: inputs missing ['inputs_embeds'"))

    def test_config_disagreeing_with_the_graphs_is_reported(self):
        path = os.path.join(self.dir, layout.CONFIG)
        with open(path) as f:
            cfg = json.load(f)
        cfg["text_config"]["vocab_size"] = 1000
        cfg["text_config"]["head_dim"] = 16
        with open(path, "w") as f:
            json.dump(cfg, f)
        problems = graph_check.check_graph_io(self.dir)
        self.assertIn("logits: 262208 per position but config.json vocab_size is 1000", problems)
        self.assertTrue(any(p.startswith("past_key_values.0.key: shape") for p in problems))

    def test_layer_count_disagreeing_with_the_decoder_is_reported(self):
        path = os.path.join(self.dir, layout.CONFIG)
        with open(path) as f:
            cfg = json.load(f)
        cfg["text_config"]["num_hidden_layers"] = 4
        cfg["text_config"]["layer_types"] = cfg["text_config"]["layer_types"][:4]
        with open(path, "w") as f:
            json.dump(cfg, f)
        problems = graph_check.check_graph_io(self.dir)
        self.assertIn("unexpected ['past_key_values.4.key'", problems[0])


if __name__ == "__main__":
    unittest.main()
