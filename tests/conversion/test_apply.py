"""conversion/apply.py: the text edited as planned, the rest byte for byte, columns counted in characters."""
from conversion_support import MPL, rewrite_after
from conversion import pipeline
from conversion.cell_state import CellState
from conversion.symbols import SymbolTable


def test_non_plotting_code_stays_byte_for_byte():
    source = (
        "import matplotlib.pyplot as plt\n"
        "x  =  [1,2,   3]   # spacing kept\n"
        "def f(a,\n      b = 2):\n    '''doc'''\n    return a+b\n\n"
        "plt.show()\n"
        "y = {'k' : f(1)}\t\n"
    )
    text, _ = pipeline.rewrite_cell(source, CellState(1, SymbolTable()))
    assert text == source.replace("plt.show()", "# plt.show()")


def test_plotting_sharing_a_line_with_real_work_keeps_the_work():
    text, _ = rewrite_after(MPL, "acc = score(y, p); plt.show()")
    assert text == "acc = score(y, p); pass  # plt.show()"
    compile(text, "<cell>", "exec")


def test_non_ascii_text_before_a_plot_on_its_line_does_not_shift_the_edit():
    # ast columns count UTF-8 bytes; the edit must count characters or it cuts the wrong text
    text, _ = rewrite_after(MPL, "label = 'naïve 🌸'; plt.title(label); n = 5")
    assert text == "label = 'naïve 🌸'; pass; n = 5  # plt.title(label)"
    compile(text, "<cell>", "exec")


def test_non_ascii_loop_header_is_rewritten_at_the_right_columns():
    text, _ = rewrite_after(MPL, """
        fig, axes = plt.subplots(2)
        for colonne_é, ax in zip(['a', 'b'], axes.flat):
            print(colonne_é)
            ax.set_title(colonne_é)
    """)
    assert "for colonne_é in ['a', 'b']:" in text
    compile(text, "<cell>", "exec")
