"""Write the corpus notebooks into tests/notebooks/corpus/: `python tests/corpus/generate_corpus.py`.

The committed .ipynb files are the corpus; the nb_*.py modules keep them
reviewable and reproducible (stable cell ids, so regenerating changes only what
was edited). Each module holds one family of notebooks; see their docstrings.
"""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import nb_cells  # noqa: E402
import nb_legacy  # noqa: E402
import nb_models  # noqa: E402
import nb_plain  # noqa: E402
import nb_tabular  # noqa: E402
import nb_tabular_codes  # noqa: E402
import nb_tabular_dummies  # noqa: E402
import nb_tabular_mixed  # noqa: E402
import nb_tabular_fits  # noqa: E402
import nb_tabular_names  # noqa: E402
import nb_tabular_voices  # noqa: E402
from writer import write_all  # noqa: E402

MODULES = (nb_plain, nb_models, nb_legacy, nb_cells, nb_tabular, nb_tabular_mixed, nb_tabular_fits, nb_tabular_codes,
           nb_tabular_names, nb_tabular_dummies, nb_tabular_voices)


def entries():
    return [entry for module in MODULES for entry in module.NOTEBOOKS]


if __name__ == "__main__":
    print(f"wrote {write_all(entries())} notebooks")
