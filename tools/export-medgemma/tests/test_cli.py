"""Argument parsing and cross-checks of the export tool (no torch needed)."""
import contextlib
import io
import os
import tempfile
import unittest

from export_medgemma import __main__ as entry
from export_medgemma import cli


class CliTests(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.tok = os.path.join(self.tmp.name, "tok")
        os.makedirs(self.tok)
        open(os.path.join(self.tok, "tokenizer.json"), "w").close()
        self.out = os.path.join(self.tmp.name, "out")

    def test_export_from_hub_id_defaults_to_fp16_without_int4(self):
        args = cli.parse_args(["export", "--model-id", "google/medgemma-1.5-4b-it", "--out", self.out])
        self.assertEqual(args.command, "export")
        self.assertEqual(args.dtype, "fp16")
        self.assertFalse(args.int4)
        self.assertEqual(args.exporter, "torchscript")

    def test_export_needs_exactly_one_source(self):
        with self.assertRaises(SystemExit), contextlib.redirect_stderr(io.StringIO()):
            cli.parse_args(["export", "--out", self.out])
        with self.assertRaises(SystemExit), contextlib.redirect_stderr(io.StringIO()):
            cli.parse_args(["export", "--tiny", "--model-id", "x/y", "--out", self.out])

    def test_int4_with_bf16_is_rejected(self):
        with self.assertRaisesRegex(cli.UsageError, "int4"):
            cli.parse_args(["export", "--model-id", "x/y", "--out", self.out, "--dtype", "bf16", "--int4"])

    def test_int4_block_size_must_be_a_power_of_two_in_range(self):
        for bad in ("24", "8", "512"):
            with self.assertRaisesRegex(cli.UsageError, "block-size"):
                cli.parse_args(["export", "--model-id", "x/y", "--out", self.out, "--int4", "--int4-block-size", bad])
        args = cli.parse_args(["export", "--model-id", "x/y", "--out", self.out, "--int4", "--int4-block-size", "128"])
        self.assertEqual(args.int4_block_size, 128)

    def test_tiny_needs_a_tokenizer_dir_holding_tokenizer_json(self):
        with self.assertRaisesRegex(cli.UsageError, "tokenizer-dir"):
            cli.parse_args(["export", "--tiny", "--out", self.out])
        with self.assertRaisesRegex(cli.UsageError, "no tokenizer.json"):
            cli.parse_args(["export", "--tiny", "--out", self.out, "--tokenizer-dir", self.tmp.name])
        args = cli.parse_args(["export", "--tiny", "--out", self.out, "--tokenizer-dir", self.tok])
        self.assertTrue(args.tiny)

    def test_snapshot_without_config_json_is_rejected(self):
        with self.assertRaisesRegex(cli.UsageError, "config.json"):
            cli.parse_args(["export", "--snapshot", self.tok, "--out", self.out])

    def test_non_empty_out_needs_overwrite(self):
        os.makedirs(self.out)
        open(os.path.join(self.out, "keep.txt"), "w").close()
        with self.assertRaisesRegex(cli.UsageError, "overwrite"):
            cli.parse_args(["export", "--model-id", "x/y", "--out", self.out])
        self.assertTrue(cli.parse_args(["export", "--model-id", "x/y", "--out", self.out, "--overwrite"]).overwrite)

    def test_bf16_verify_on_the_cpu_provider_is_rejected_but_auto_is_accepted(self):
        with self.assertRaisesRegex(cli.UsageError, "provider cuda or auto"):
            cli.parse_args(["export", "--model-id", "x/y", "--out", self.out, "--dtype", "bf16", "--verify",
                            "--provider", "cpu"])
        args = cli.parse_args(["export", "--model-id", "x/y", "--out", self.out, "--dtype", "bf16", "--verify"])
        self.assertEqual(args.provider, "auto")

    def test_agreeing_tokens_default_to_all_at_fp32_and_half_otherwise(self):
        args = cli.parse_args(["verify", "--model-dir", self.out, "--reference", self.tok, "--new-tokens", "10"])
        self.assertEqual(cli.min_agreeing_tokens(args, "fp32"), 10)
        self.assertEqual(cli.min_agreeing_tokens(args, "fp16"), 5)
        with self.assertRaisesRegex(cli.UsageError, "between"):
            cli.parse_args(["verify", "--model-dir", self.out, "--reference", self.tok, "--new-tokens", "4",
                            "--min-agreeing-tokens", "5"])

    def test_token_comes_from_the_file_then_the_environment(self):
        path = os.path.join(self.tmp.name, "token")
        with open(path, "w") as f:
            f.write("hf_secret\n")
        self.assertEqual(cli.read_token(path), "hf_secret")
        old = os.environ.pop("HF_TOKEN", None)
        try:
            os.environ["HF_TOKEN"] = "hf_env"
            self.assertEqual(cli.read_token(None), "hf_env")
        finally:
            os.environ.pop("HF_TOKEN", None)
            if old is not None:
                os.environ["HF_TOKEN"] = old
        with self.assertRaisesRegex(cli.UsageError, "token-file"):
            cli.parse_args(["download", "--model-id", "x/y", "--out", self.out, "--token-file", path + ".missing"])

    def test_main_reports_bad_input_on_stderr_with_exit_code_2(self):
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            code = entry.main(["export", "--model-id", "x/y", "--out", self.out, "--dtype", "bf16", "--int4"])
        self.assertEqual(code, 2)
        self.assertIn("export-medgemma: --int4 needs", err.getvalue())
        self.assertNotIn("Traceback", err.getvalue())


if __name__ == "__main__":
    unittest.main()
