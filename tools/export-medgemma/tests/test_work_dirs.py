"""Scratch folders left by a killed export are removed before an --overwrite export (no torch needed)."""
import contextlib
import io
import os
import tempfile
import unittest

from export_medgemma import __main__ as entry


class WorkDirTests(unittest.TestCase):
    def test_only_folders_with_the_work_prefix_are_removed(self):
        with tempfile.TemporaryDirectory() as parent:
            stale = os.path.join(parent, entry.WORK_PREFIX + "abc")
            os.makedirs(os.path.join(stale, "model", "onnx"))
            os.makedirs(os.path.join(parent, "medgemma"))
            open(os.path.join(parent, entry.WORK_PREFIX + "file"), "w").close()
            with contextlib.redirect_stderr(io.StringIO()) as err:
                entry.remove_stale_work_dirs(parent)
            self.assertEqual(sorted(os.listdir(parent)), sorted(["medgemma", entry.WORK_PREFIX + "file"]))
            self.assertIn("interrupted export", err.getvalue())


if __name__ == "__main__":
    unittest.main()
