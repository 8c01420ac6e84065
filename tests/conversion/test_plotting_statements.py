"""conversion/plotting_statements.py: whether a statement plots, and what of it stays (loop headers, returns, decorators)."""
import pytest

from conversion_support import MPL, rewrite_after


def test_subplots_axes_and_loops_over_them_are_commented():
    text, _ = rewrite_after(MPL, """
        fig, axes = plt.subplots(2, 2)
        axes[0, 1].plot(x)
        for a in axes.flat:
            a.set_xlabel("cm")
        fig.savefig("out.png")
        n = len(x)
    """)
    assert [line for line in text.split("\n") if not line.startswith("#")] == ["n = len(x)"]


def test_a_loop_zipping_data_with_axes_drops_the_axes_and_keeps_its_real_work():
    text, report = rewrite_after(MPL + "\nfig, axes = plt.subplots(2, 2)", """
        for col, ax in zip(cols, axes.flat):
            stats[col] = df[col].mean()
            ax.hist(df[col])
    """)
    assert text == "for col in cols:\n    stats[col] = df[col].mean()\n    # ax.hist(df[col])"
    assert report[0] == "cell 1 line 1: loop over a plot object: header rewritten as `for col in cols:`"


def test_a_zip_of_several_data_iterables_keeps_them_all_in_order():
    text, _ = rewrite_after(MPL + "\nfig, axes = plt.subplots(2, 2)",
                            "for i, ax, c in zip(range(4), axes.flat, colors):\n    total += i")
    assert text == "for i, c in zip(range(4), colors):\n    total += i"


@pytest.mark.parametrize("loop", [
    "for i, ax in enumerate(axes.flat):\n    total += i",
    "for col, ax in zip(cols, axes.flat): total += 1",
    "for pair in zip(cols, axes.flat):\n    total += 1",
])
def test_other_loops_over_a_plot_object_are_commented_whole(loop):
    text, _ = rewrite_after(MPL + "\nfig, axes = plt.subplots(2, 2)", loop)
    assert all(line.startswith("#") for line in text.split("\n"))


@pytest.mark.parametrize("statement", [
    "_ = [plt.plot(df[c]) for c in cols]",
    "[sns.histplot(df[c]) for c in cols];",
    "print(plt.hist(df['a']))",
    "plt.show() if SHOW else None",
    "df.apply(lambda row: plt.plot(row), axis=1)",
])
def test_a_plotting_call_nested_inside_a_statement_comments_the_statement(statement):
    text, report = rewrite_after(MPL + "\nimport seaborn as sns", statement)
    assert text == "# " + statement
    assert len(report) == 1


def test_a_lambda_that_plots_is_a_plotting_helper_whose_calls_are_commented():
    text, report = rewrite_after(MPL, """
        draw = lambda col: plt.hist(df[col])
        draw('petal width')
        widths = [len(c) for c in cols]
    """)
    assert text == "draw = lambda col: plt.hist(df[col])\n# draw('petal width')\nwidths = [len(c) for c in cols]"
    assert report == ["cell 1 line 2: plotting function draw() call draw"]


def test_a_widget_decorator_is_commented_and_the_function_it_decorates_is_kept():
    text, report = rewrite_after("from ipywidgets import interact, widgets", """
        @interact(n=(1, 10))
        def head(n=3):
            return df.head(n)
        @functools.lru_cache()
        def mean_of(col):
            return df[col].mean()
        interact(head, n=widgets.IntSlider(3))
    """)
    assert text.split("\n")[:3] == ["# @interact(n=(1, 10))", "def head(n=3):", "    return df.head(n)"]
    assert "\n@functools.lru_cache()\ndef mean_of(col):" in text
    assert text.endswith("\n# interact(head, n=widgets.IntSlider(3))")
    assert report == ["cell 1 line 1: plotting decorator: ipywidgets call interact",
                      "cell 1 line 7: ipywidgets call interact"]
    compile(text, "<cell>", "exec")


def test_a_function_returning_its_model_and_a_figure_keeps_the_model():
    text, report = rewrite_after(MPL, """
        def train_and_plot(X, y):
            model = LogisticRegression().fit(X, y)
            fig, ax = plt.subplots()
            ax.bar(range(4), model.coef_[0])
            return model, fig
        model, fig = train_and_plot(X, y)
        fig.savefig('coef.png')
        print(model)
    """)
    assert "    return model, None  # return model, fig\n" in text
    assert "\nmodel, fig = train_and_plot(X, y)\n# fig.savefig('coef.png')\nprint(model)" in text
    assert "cell 1 line 5: returns a plot: returned as None, the rest kept" in report


def test_deleting_a_plot_result_is_commented_with_it():
    text, _ = rewrite_after(MPL, "fig, ax = plt.subplots()\nrows = [1]\ndel fig, ax\ndel rows")
    assert text.split("\n")[2:] == ["# del fig, ax", "del rows"]


def test_a_block_whose_condition_plots_is_commented_whole():
    text, _ = rewrite_after(MPL, "if (ax := df.plot()) is not None:\n    ax.set_title('t')\nprint('after')")
    assert text == "# if (ax := df.plot()) is not None:\n#     ax.set_title('t')\nprint('after')"
