"""conversion/awaits.py: top-level await runs on one event loop; what a script cannot run is a clear error."""
import pytest
from nbformat.v4 import new_code_cell

from conversion_support import OPTIONS, notebook_file, notebook_part, rewrite
from conversion import pipeline
from conversion.notes import ConvertError


def test_top_level_await_runs_on_one_event_loop_in_the_script(tmp_path):
    path = notebook_file(tmp_path, new_code_cell("import asyncio\nasync def double(x):\n    await asyncio.sleep(0)\n"
                                                 "    return 2 * x"),
                         new_code_cell("a = await double(2)\nb, c = await asyncio.gather(double(a), double(3))"),
                         new_code_cell("print(a, b, c, await  (double(c)))"))
    script, report = pipeline.convert(path, OPTIONS)
    assert "b, c = _convert_loop_.run_until_complete(_convert_await_(lambda: asyncio.gather(double(a), double(3))))" in script
    assert [str(n) for n in report] == ["cell 2 line 1: top-level await: run on the script's event loop",
                                        "cell 2 line 2: top-level await: run on the script's event loop",
                                        "cell 3 line 1: top-level await: run on the script's event loop"]
    namespace = {}
    exec(compile(notebook_part(script), "out.py", "exec"), namespace)
    assert (namespace["a"], namespace["b"], namespace["c"]) == (4, 8, 6)


@pytest.mark.parametrize("source, message", [
    ("async for x in agen():\n    print(x)", "async for"),
    ("async with lock:\n    pass", "async with"),
    ("x = await f(await g())", "inside another"),
])
def test_top_level_async_that_a_script_cannot_run_is_a_clear_error(source, message):
    with pytest.raises(ConvertError, match=message):
        rewrite(source)
