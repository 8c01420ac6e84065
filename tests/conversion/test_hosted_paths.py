"""conversion/hosted_paths.py: Colab's and Kaggle's data paths and uploads name the script's folder."""
from conversion_support import rewrite
import iris_files


def test_colab_only_imports_and_calls_are_commented():
    text, report = rewrite("from google.colab import drive\ndrive.mount('/content/drive')\nx = 1")
    assert text == "# from google.colab import drive\n# drive.mount('/content/drive')\nx = 1"
    assert report[0] == "cell 1 line 1: Colab-only import google.colab"


def test_colab_upload_reads_the_data_files_next_to_the_script(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    iris_files.write_kaggle_csv(tmp_path)
    (tmp_path / "model.joblib").write_bytes(b"not data")
    text, report = rewrite("""
        from google.colab import files
        import io, os
        import pandas as pd
        uploaded = files.upload()
        df = pd.read_csv(io.BytesIO(uploaded['Iris.csv']))
    """)
    namespace = {}
    exec(compile(text, "<cell>", "exec"), namespace)
    assert sorted(namespace["uploaded"]) == ["Iris.csv"]
    assert namespace["df"].shape == (150, 6)
    assert "cell 1 line 4: Colab upload: the data files next to the script stand in for the uploaded files" in report


def test_colab_paths_name_the_scripts_folder():
    text, report = rewrite("""
        from google.colab import drive
        drive.mount('/content/drive')
        df = pd.read_csv('/content/drive/MyDrive/datasets/Iris.csv')
        BASE = "/content/drive/MyDrive/data/"
        other = pd.read_csv(BASE + 'iris.data', header=None)
        label = f"/content/{name}"
    """)
    assert text.split("\n")[1:5] == ["# drive.mount('/content/drive')", "df = pd.read_csv('Iris.csv')", "BASE = './'",
                                      "other = pd.read_csv(BASE + 'iris.data', header=None)"]
    assert text.endswith('label = f"/content/{name}"')
    assert "cell 1 line 3: Colab path '/content/drive/MyDrive/datasets/Iris.csv' read from the script's folder: " \
           "'Iris.csv'" in report


def test_kaggle_data_paths_name_the_scripts_folder():
    text, report = rewrite("""
        for dirname, _, filenames in os.walk('/kaggle/input'):
            print(dirname, filenames)
        df = pd.read_csv('/kaggle/input/iris/Iris.csv')
        old = pd.read_csv("../input/Iris.csv")
        here = pd.read_csv('input/Iris.csv')
    """)
    assert text.split("\n")[0:5] == ["for dirname, _, filenames in os.walk('.'):", "    print(dirname, filenames)",
                                      "df = pd.read_csv('Iris.csv')", "old = pd.read_csv('Iris.csv')",
                                      "here = pd.read_csv(_convert_path_('input/Iris.csv'))"]  # not Kaggle's: a
    # relative path, read beside the notebook when its folder is missing (authors_paths.py)
    assert "cell 1 line 3: Kaggle path '/kaggle/input/iris/Iris.csv' read from the script's folder: " \
           "'Iris.csv'" in report
