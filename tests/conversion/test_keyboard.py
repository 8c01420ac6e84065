"""conversion/keyboard.py: input() and what it feeds are commented, unless the notebook copes with no keyboard."""
from conversion_support import rewrite


def test_keyboard_input_is_commented_with_what_uses_it_and_an_input_loop_goes_whole():
    text, report = rewrite("""
        sl = float(input('Sepal length (cm): '))
        pred = knn.predict([[sl, 3.0, 1.4, 0.2]])
        print('Predicted:', names[pred])
        while True:
            s = input('q to quit: ')
            if s == 'q':
                break
        acc = knn.score(X_test, y_test)
    """)
    lines = text.split("\n")
    assert lines[:3] == ["# sl = float(input('Sepal length (cm): '))", "# pred = knn.predict([[sl, 3.0, 1.4, 0.2]])",
                         "# print('Predicted:', names[pred])"]
    assert all(line.startswith("# ") for line in lines[3:7]) and lines[7] == "acc = knn.score(X_test, y_test)"
    assert "keyboard input" in report[0] and report[-1] == "cell 1 line 4: loop reads keyboard input"


def test_the_report_says_keyboard_input_not_plotting_for_what_input_feeds():
    _, report = rewrite("""
        def ask(prompt):
            return float(input(prompt))
        sl = float(input('Sepal length: '))
        print(knn.predict([[sl, 3.0, 1.4, 0.2]]))
        pw = ask('Petal width: ')
    """)
    assert report[2:] == ["cell 1 line 4: uses keyboard input sl", "cell 1 line 5: keyboard input function ask() call ask"]
    assert not [line for line in report if "plot" in line]


def test_a_notebook_defining_its_own_input_keeps_its_calls():
    text, report = rewrite("input = lambda prompt: '5.1'\nv = float(input('x'))")
    assert text == "input = lambda prompt: '5.1'\nv = float(input('x'))" and report == []


def test_input_inside_a_try_that_copes_with_no_keyboard_is_kept():
    source = "try:\n    user = input('flower: ')\nexcept EOFError:\n    user = ''\nif user:\n    print(user)"
    text, report = rewrite(source)
    assert text == source and report == []
    exec(compile(text, "<cell>", "exec"), {"input": lambda prompt: (_ for _ in ()).throw(EOFError)})
