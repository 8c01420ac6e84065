"""The statement edit: plan -> hosted paths -> apply, as one cell pass.

plan.py decides statement by statement what is commented out or rewritten (learning what
the notebook's names mean on the way), hosted_paths.py rewrites Colab/Kaggle data paths on
the lines the plan leaves alone, and apply.py edits the text as planned. The plan holds
positions in the text, so the three run together here, on one syntax tree, with nothing in
between that could move a line; a pass that moves lines goes before or after this one.
"""
from .apply import apply_plan
from .hosted_paths import rewrite_hosted_paths
from .plan import plan_cell


def edit_statements(source, cell):
    """Cell pass: plotting, keyboard input, import fixes, Colab upload and hosted data paths
    edited as planned. Returns (source, notes): the hosted paths' notes, then the plan's."""
    tree, plan = plan_cell(source, cell.symbols, cell.number)
    source, hosted = rewrite_hosted_paths(source, tree, plan)
    source, applied = apply_plan(source, plan, cell.magic_lines, cell.number)
    return source, hosted + applied
