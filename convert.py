#!/usr/bin/env python3
"""Turn a Jupyter notebook into a headless training script that exports its model.

    convert.py NOTEBOOK -o OUT.py [--model-var NAME] [--model-dir DIR] [--min-accuracy X]

Prints what it commented out or rewrote, cell by cell, and writes the script atomically (a
failed conversion keeps the previous one). The work is done by the passes of the `conversion`
package, listed in order in conversion/pipeline.py; docs/conversion.md says what each does.
"""
import argparse
import os
import pathlib
import sys

from conversion.notes import ConvertError
from conversion.pipeline import convert
from model_export.files import write_atomically


def accuracy(text):
    """argparse type for --min-accuracy: a number in [0, 1]."""
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 1")
    return value


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Convert a notebook into a headless script that exports its model.")
    parser.add_argument("notebook", type=pathlib.Path)
    parser.add_argument("-o", "--output", type=pathlib.Path, required=True, help="the script to write")
    parser.add_argument("--model-var", help="the notebook variable holding the model (default: found)")
    parser.add_argument("--model-dir", help="where the script writes the model (env MODEL_DIR wins; default ./build/model)")
    parser.add_argument("--min-accuracy", type=accuracy, default=None,
                        help="held-out accuracy a classifier must reach (env MIN_ACCURACY wins at run time; "
                             "default: 0.9 for an Iris model, else clearly better than always the most "
                             "frequent class)")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    options = {
        "model_var": args.model_var,
        "model_dir": os.path.abspath(args.model_dir) if args.model_dir else None,
        "min_accuracy": args.min_accuracy,
        "source": args.notebook.name,
    }
    try:
        script, report = convert(args.notebook, options)
        write_atomically(args.output, script)
    except ConvertError as error:
        print(f"convert.py: error: {error}", file=sys.stderr)
        return 1
    for note in report:
        print(note)
    print(f"convert.py: wrote {args.output} ({len(report)} lines commented out or rewritten)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
