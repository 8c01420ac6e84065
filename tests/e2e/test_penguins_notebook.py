"""The README's "Your own notebook" walk, run as a user runs it: notebook/penguins.ipynb converted
with no flags and run headless, the model it exports served by ml_app and asked with the README's
rows, and its form drawn by web_app from ml_app's contract, with nothing in the project that
knows about penguins.
"""
import json
import re
import urllib.parse

import pytest
from ml_support import Service, WebApp
from test_convert_and_run import ROOT, convert_and_run

import contract

GENTOO = {"bill_length_mm": 46.1, "bill_depth_mm": 13.2, "flipper_length_mm": 211, "body_mass_g": 4500,
          "island": "Biscoe", "sex": "female"}

pytestmark = pytest.mark.skipif(contract.FORMAT_VERSION < 2,
                                reason="the export writes format 1 (Iris only) until the format 2 export lands")


@pytest.fixture(scope="module")
def penguins(tmp_path_factory):
    """The penguins notebook's model, exported; and ml_app and web_app serving it."""
    folder = tmp_path_factory.mktemp("penguins")
    run = convert_and_run(ROOT / "notebook" / "penguins.ipynb", folder)
    assert run.returncode == 0, run.stdout + run.stderr
    with Service(folder / "model", workers=1, log_dir=folder) as ml, WebApp(ml.url, log_dir=folder) as web:
        yield ml, web


def test_the_service_takes_the_columns_and_values_as_the_data_writes_them(penguins):
    ml, _ = penguins
    model = json.loads(ml.request("GET", "/model")[2])
    assert [field["name"] for field in model["inputs"]] == list(GENTOO)
    assert next(f for f in model["inputs"] if f["name"] == "island")["values"] == ["Biscoe", "Dream", "Torgersen"]
    status, _, body = ml.request("POST", "/prediction", GENTOO)
    assert status == 200
    assert json.loads(body)["prediction"] == "Gentoo"
    status, _, body = ml.request("POST", "/prediction", {**GENTOO, "island": "Atlantis"})
    assert status == 400
    assert [d["field"] for d in json.loads(body)["error"]["details"]] == ["island"]


def test_the_form_is_drawn_from_the_contract_and_predicts_without_javascript(penguins):
    _, web = penguins
    page = web.request("GET", "/")[2].decode()
    assert re.search(r'<select id="island" name="island"', page) and re.search(r'<select id="sex" name="sex"', page)
    assert re.findall(r'<a class="preset" href="/\?preset=([a-z]+)#', page) == ["adelie", "chinstrap", "gentoo"]
    form = urllib.parse.urlencode(GENTOO).encode()
    status, _, body = web.request("POST", "/predict", form, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200
    assert 'id="result-class">Gentoo</p>' in body.decode()
