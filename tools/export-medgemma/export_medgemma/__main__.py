"""Entry point: python -m export_medgemma {download,export,verify,check} ... (run from tools/export-medgemma)."""
from __future__ import annotations

import os
import sys
import tempfile

from . import cli, graph_check, layout

WORK_PREFIX = ".export-work-"


def main(argv: list[str] | None = None) -> int:
    try:
        args = cli.parse_args(argv)
    except cli.UsageError as e:
        print(f"export-medgemma: {e}", file=sys.stderr)
        return 2
    if args.command == "check":
        return run_check(args)
    if args.command == "download":
        from . import source

        path = source.download(args.model_id, args.revision, args.out, cli.read_token(args.token_file))
        print(f"download: {args.model_id} in {path}")
        return 0
    if args.command == "verify":
        from . import verify

        dtype = _manifest_dtype(args.model_dir)
        ok = verify.verify(args.model_dir, args.reference, args.provider, args.new_tokens,
                           cli.min_agreeing_tokens(args, dtype), args.image, args.report)
        return 0 if ok else 1
    return run_export(args)


def run_check(args) -> int:
    problems = layout.check_model_directory(args.model_dir, args.require_external_data)
    if not problems:
        problems = graph_check.check_graph_io(args.model_dir, args.last_position_logits)
    for p in problems:
        print(f"check: {p}", file=sys.stderr)
    print(f"check: {args.model_dir}: {'OK' if not problems else f'{len(problems)} problem(s)'}")
    return 0 if not problems else 1


def run_export(args) -> int:
    from . import export, source, verify

    out = os.path.abspath(args.out)
    parent = os.path.dirname(out)
    os.makedirs(parent, exist_ok=True)
    if args.overwrite:
        remove_stale_work_dirs(parent)
    with tempfile.TemporaryDirectory(dir=parent, prefix=WORK_PREFIX) as work:
        snapshot = _resolve_snapshot(args, work)
        model, dtype = source.load_model(snapshot, args.dtype, args.device)
        staging = os.path.join(work, "model")
        export.export_graphs(model, dtype, args.device, staging, args.opset, args.exporter)
        export.write_config(model.config, staging)
        del model
        if args.int4:
            export.quantize_int4(staging, args.int4_block_size)
        export.copy_side_files(snapshot, staging)
        origin = args.model_id or args.snapshot or ("tiny random" if args.tiny else f"random from {args.config_path}")
        export.write_manifest(staging, origin, args.revision, args.dtype, args.int4, args.int4_block_size)
        problems = (layout.check_model_directory(staging, require_external_data=True)
                    or graph_check.check_graph_io(staging, last_position_logits=True))
        if problems:
            print("export: the written directory breaks the layout:\n  " + "\n  ".join(problems), file=sys.stderr)
            return 1
        export.publish(staging, out)
        print(f"export: wrote {out}")
        if args.verify:
            ok = verify.verify(out, snapshot, args.provider, args.new_tokens,
                               cli.min_agreeing_tokens(args, args.dtype), args.image, args.report)
            return 0 if ok else 1
    return 0


def remove_stale_work_dirs(parent: str) -> None:
    """Scratch folders of an export that was killed (e.g. out of memory) would otherwise fill the volume."""
    import shutil

    for name in os.listdir(parent):
        if name.startswith(WORK_PREFIX) and os.path.isdir(os.path.join(parent, name)):
            print(f"export: removing {name}, left by an interrupted export", file=sys.stderr)
            shutil.rmtree(os.path.join(parent, name), ignore_errors=True)


def _resolve_snapshot(args, work: str) -> str:
    from . import source

    if args.snapshot:
        return args.snapshot
    if args.model_id:
        return source.download(args.model_id, args.revision, os.path.join(work, "snapshot"),
                               cli.read_token(args.token_file))
    config = source.tiny_config() if args.tiny else _config_from(args.config_path)
    return source.random_snapshot(config, args.tokenizer_dir, os.path.join(work, "snapshot"), args.seed)


def _config_from(path: str):
    from transformers import Gemma3Config

    return Gemma3Config.from_json_file(path)


def _manifest_dtype(model_dir: str) -> str:
    import json

    try:
        with open(os.path.join(model_dir, layout.MANIFEST), encoding="utf-8") as f:
            return json.load(f).get("dtype", "fp16")
    except FileNotFoundError:
        return "fp16"


if __name__ == "__main__":
    sys.exit(main())
