"""conversion/plan.py: statements commented as whole units, blocks keeping their real work, plotting functions."""
import pytest

from conversion_support import MPL, rewrite_after


def test_multiline_plot_call_is_commented_as_one_unit_with_its_text_kept():
    text, report = rewrite_after(MPL, """
        plt.scatter(
            x,
            y,
        )
        z = 1
    """)
    assert text == "# plt.scatter(\n#     x,\n#     y,\n# )\nz = 1"
    assert report == ["cell 1 line 1: matplotlib call plt.scatter"]


def test_loop_keeps_its_computation_and_loses_only_its_plotting():
    text, _ = rewrite_after(MPL, """
        for feature in features:
            spread = df[feature].max() - df[feature].min()
            df[feature].hist(bins=20)
            plt.title(feature)
    """)
    assert text == (
        "for feature in features:\n    spread = df[feature].max() - df[feature].min()\n"
        "    # df[feature].hist(bins=20)\n    # plt.title(feature)"
    )


@pytest.mark.parametrize("block, expected", [
    ("for c in cols:\n    plt.plot(c)\n    plt.show()",
     "for c in cols:\n    # plt.plot(c)\n    # plt.show()\n    pass"),
    ("if show:\n    plt.plot(x)\nelse:\n    print('no plot')",
     "if show:\n    # plt.plot(x)\n    pass\nelse:\n    print('no plot')"),
    ("def draw(x):\n    plt.plot(x)", "def draw(x):\n    # plt.plot(x)\n    pass"),
    ("with open('f') as f:\n    plt.plot(f)", "with open('f') as f:\n    # plt.plot(f)\n    pass"),
    ("try:\n    plt.plot(x)\nexcept ValueError:\n    pass",
     "try:\n    # plt.plot(x)\n    pass\nexcept ValueError:\n    pass"),
    ("for x in y: plt.plot(x)", "for x in y: pass  # plt.plot(x)"),
    ("if a:\n    plt.figure(); plt.show()\nb = 1", "if a:\n    # plt.figure(); plt.show()\n    pass\nb = 1"),
])
def test_an_emptied_block_gets_pass(block, expected):
    text, _ = rewrite_after(MPL, block)
    assert text == expected
    compile(text, "<cell>", "exec")


def test_calls_of_a_plotting_helper_function_are_commented_with_its_result():
    text, report = rewrite_after(MPL, """
        def make_figure(data):
            fig, ax = plt.subplots()
            ax.plot(data)
            return fig

        figure = make_figure(df)
        figure.savefig("a.png")
        n = len(df)
    """)
    kept = [line for line in text.split("\n") if line.strip() and not line.lstrip().startswith("#")]
    assert kept == ["def make_figure(data):", "    pass", "n = len(df)"]
    assert "cell 1 line 6: plotting function make_figure() call make_figure" in report
