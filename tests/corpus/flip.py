"""After a fix: run the corpus notebooks still marked `fixed_by`, and drop the mark from those
that now do what they should, in tests/corpus/nb_*.py, then regenerate the notebooks.

    python tests/corpus/flip.py                          # every notebook marked fixed_by
    python tests/corpus/flip.py --category "legacy api"  # one category
    python tests/corpus/flip.py --dry-run                # say what would flip, change nothing

Strict xfails in tests/e2e/test_corpus.py fail as soon as a marked notebook passes; this
does the edit they ask for, from a real run rather than by hand.
"""
import argparse
import pathlib
import re
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import harness  # noqa: E402
import notebook_specs  # noqa: E402

#: `fixed_by=` and its value (a string literal or a module constant), with the comma before it.
FIXED_BY = re.compile(r",\s*fixed_by=(\"[^\"]*\"|'[^']*'|[A-Z_]+)")
#: The call that makes a corpus entry: notebook("name", or a module's helper, classify("name", ...
ENTRY = re.compile(r'\b(?:notebook|classify|categories|regress|refused)\("(\w+)"')


def unmark(source: str, name: str) -> str:
    """`source` with the fixed_by argument of notebook(\"<name>\", ...) (or of a helper's call that
    makes a notebook: classify, regress, ...) removed (the call must have one)."""
    entries = [m for m in ENTRY.finditer(source)]
    index = next(i for i, m in enumerate(entries) if m.group(1) == name)
    start = entries[index].start()
    end = entries[index + 1].start() if index + 1 < len(entries) else len(source)
    block, count = FIXED_BY.subn("", source[start:end], count=1)
    if not count:
        raise ValueError(f"{name}: no fixed_by argument in its notebook(...) call")
    return source[:start] + block + source[end:]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--category", help="only notebooks of this category")
    parser.add_argument("--jobs", "-j", type=int, default=2)
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)
    marked = [s for s in notebook_specs.corpus_specs() if s.fixed_by and args.category in (None, s.category)]
    outcomes = harness.run_corpus(marked, jobs=args.jobs, on_done=lambda r: print(r.line(), flush=True))
    fixed = sorted(name for name, result in outcomes.items() if result.as_expected)
    print(f"\n{len(fixed)} of {len(marked)} marked notebooks now do what they should: {', '.join(fixed) or 'none'}")
    if args.dry_run or not fixed:
        return 0
    modules = {path: path.read_text() for path in HERE.glob("nb_*.py")}
    for name in fixed:
        path = next(p for p, text in modules.items() if name in {m.group(1) for m in ENTRY.finditer(text)})
        modules[path] = unmark(modules[path], name)
    for path, text in modules.items():
        if path.read_text() != text:
            path.write_text(text)
    subprocess.run([sys.executable, str(HERE / "generate_corpus.py")], check=True)
    print("commit tests/corpus/nb_*.py and tests/notebooks/corpus/ with your fix")
    return 0


if __name__ == "__main__":
    sys.exit(main())
