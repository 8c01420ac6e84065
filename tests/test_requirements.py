"""requirements/*.lock say the same as the requirements/*.txt they are compiled from.

The .txt files are edited by hand; scripts/lock-requirements.sh compiles each
into its .lock, every package (indirect ones included) pinned with its files'
hashes, and build.sh and ml_app/Dockerfile install the locks only. A pin
edited in a .txt without re-locking would be silently ignored: these tests
fail instead, naming the package and what to run.
"""
import pathlib
import re

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = pathlib.Path(__file__).resolve().parents[1]
REQUIREMENTS = ROOT / "requirements"
SETS = sorted(path.stem for path in REQUIREMENTS.glob("*.txt"))
RELOCK = "run scripts/lock-requirements.sh"


def pins(txt: pathlib.Path) -> dict:
    """{canonical name: version} of a .txt and the files it includes (-r)."""
    found = {}
    for line in txt.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r"):
            found.update(pins(txt.parent / line[2:].strip()))
        elif line:
            requirement = Requirement(line)
            (specifier,) = requirement.specifier
            assert specifier.operator == "==", f"{txt.name}: {line} is not an exact pin"
            found[canonicalize_name(requirement.name)] = specifier.version
    return found


def locked(lock: pathlib.Path) -> dict:
    """{canonical name: (version, number of hashes, the files it is required via)} of a lock file."""
    entries, name = {}, None
    for line in lock.read_text().splitlines():
        if match := re.match(r"^([A-Za-z0-9._-]+)(?:\[[A-Za-z0-9,._-]+\])?==(\S+)", line):  # name[extras]==version
            name = canonicalize_name(match[1])
            entries[name] = (match[2], 0, set())
        elif name and (match := re.search(r"--hash=sha256:[0-9a-f]{64}", line)):
            version, hashes, via = entries[name]
            entries[name] = (version, hashes + 1, via)
        elif name and (match := re.search(r"-r (requirements/\S+\.txt)", line)):
            entries[name][2].add(match[1])
    return entries


def test_every_requirements_file_has_a_lock():
    assert SETS, "no requirements/*.txt"
    missing = [name for name in SETS if not (REQUIREMENTS / f"{name}.lock").is_file()]
    assert not missing, f"no lock for {missing}: {RELOCK}"


@pytest.mark.parametrize("name", SETS)
def test_the_lock_pins_every_package_of_its_txt_at_the_same_version(name):
    wanted = pins(REQUIREMENTS / f"{name}.txt")
    have = locked(REQUIREMENTS / f"{name}.lock")
    drift = {package: (version, have.get(package, (None,))[0]) for package, version in wanted.items()
             if have.get(package, (None,))[0] != version}
    assert not drift, f"requirements/{name}.lock drifted from {name}.txt ({{package: (txt, lock)}}: {drift}): {RELOCK}"


@pytest.mark.parametrize("name", SETS)
def test_the_lock_holds_nothing_its_txt_no_longer_asks_for(name):
    wanted = pins(REQUIREMENTS / f"{name}.txt")
    asked = {package for package, (_, _, via) in locked(REQUIREMENTS / f"{name}.lock").items() if via}
    stale = sorted(asked - set(wanted))
    assert not stale, f"requirements/{name}.lock still has {stale} from a .txt that no longer pins them: {RELOCK}"


@pytest.mark.parametrize("name", SETS)
def test_every_locked_package_has_hashes(name):
    unhashed = [package for package, (_, hashes, _) in locked(REQUIREMENTS / f"{name}.lock").items() if not hashes]
    assert not unhashed, f"requirements/{name}.lock has packages without hashes: {unhashed}"


def test_ipython_is_locked_for_the_conversion():
    """convert.py rewrites cells with IPython's input transformers: their version is the conversion's."""
    import IPython

    version, _, _ = locked(REQUIREMENTS / "train.lock")["ipython"]
    assert IPython.__version__ == version, f"installed IPython {IPython.__version__}, locked {version}"


def test_what_installs_python_packages_installs_a_lock_with_hashes():
    build_sh = (ROOT / "build.sh").read_text()
    dockerfile = (ROOT / "ml_app" / "Dockerfile").read_text()
    assert '--require-hashes -r "requirements/$set.lock"' in build_sh
    assert "cat requirements/*.lock | sha256sum" in build_sh, "build.sh's stamp must cover the locks"
    assert "COPY requirements/serve.lock" in dockerfile
    assert "--require-hashes -r /tmp/serve.lock" in dockerfile
    assert "!requirements/serve.lock" in (ROOT / ".dockerignore").read_text().splitlines()
