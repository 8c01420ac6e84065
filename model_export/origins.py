"""Where the model's columns came from: the named column of the notebook's data that each one is.

A model fitted on `.values` (or a numpy split of them) has no column names, yet the notebook held
the frame, the `load_*` Bunch or the data file those arrays came from; and a model fitted on a frame
whose columns the notebook renamed (`df.rename(columns=...)`, `df.columns = [...]`) has names the
data file does not have. Either way the service's fields must be named as the data names them, and
named for certain: a column is matched to a named column only when their values agree row by row
(the training rows found among the named table's rows: by their index labels when the rows keep
them, else by the values of whole rows), never by resemblance. Columns whose values repeat in the
named table (two all-zero pixel columns) are told apart by their order: the notebook's selection
keeps the table's order (`df.iloc[:, 1:-1]`, `bunch.data`). When that still leaves a choice, or no
named table holds the rows, nothing is named (the caller stops or keeps what it had).

A gap in the named table matches any value (the notebook filled it: `SimpleImputer`, `fillna`).
"""
import numpy

from .file_kinds import as_file_kind

SAMPLE = 24  # wanted rows followed while columns are assigned (then every row is checked)
MAX_STEPS = 20_000  # column choices tried before giving up on telling the columns apart
MAX_ROWS = 5_000  # training rows compared (the first ones): enough to be certain, bounded in time
MAX_TABLE_ROWS = 200_000  # a bigger named table is searched by index labels only (its keys would not fit in memory)
DECIMALS = 6  # float32 and float64 copies of one value (5.099999904632568 and 5.1) are one value


def _keys(column):
    """A column's values as comparable keys: numbers (also numbers written as text: '10') rounded,
    other text as it is, a gap as None."""
    import pandas  # only reached with notebook data, which pandas made or numpy holds
    series = pandas.Series(numpy.asarray(column, dtype=object) if not hasattr(column, "dtype") or
                           column.dtype.kind not in "biuf" else numpy.asarray(column))
    numbers = pandas.to_numeric(series, errors="coerce") if series.dtype.kind == "O" else series.astype(float)
    present = series.notna().to_numpy()
    as_number = numbers.notna().to_numpy()
    if as_number.sum() >= 0.9 * max(present.sum(), 1):  # a number column with a few markers ('?'): gaps
        present = as_number
    out = numpy.empty(len(series), dtype=object)
    out[:] = None
    rounded = numpy.round(numbers.to_numpy(dtype=float, na_value=numpy.nan), DECIMALS)
    out[as_number] = rounded[as_number].tolist()
    text = present & ~as_number
    out[text] = [str(v).strip() for v in series.to_numpy()[text]]
    return out


def _columns_of(table):
    """(names or None, [keys per column]) of a frame, a Bunch's data or a matrix."""
    if hasattr(table, "iloc") and getattr(table, "ndim", 0) == 2:
        return list(table.columns), [_keys(table.iloc[:, i]) for i in range(table.shape[1])]
    matrix = numpy.asarray(table, dtype=object)
    if matrix.ndim != 2:
        return None, []
    return None, [_keys(matrix[:, i]) for i in range(matrix.shape[1])]


def _fits(wanted, have):
    """Whether column `wanted` equals `have` row for row, a gap in `have` matching anything; at least
    half of the rows must be real matches (a column of gaps matches nothing)."""
    if len(wanted) != len(have):
        return False
    gaps = numpy.equal(have, None)
    same = numpy.asarray(wanted == have, dtype=bool) & ~gaps
    return bool(numpy.all(same | gaps)) and int(same.sum()) * 2 >= len(wanted)


def _index_candidates(rows, table):
    """For each column of `rows`, the positions of the named table's columns equal to it at the rows'
    index labels; None when the rows are not found by their labels."""
    aligned = _aligned_by_index(rows, table)
    if aligned is None:
        return None
    _, wanted = _columns_of(rows)
    _, have = _columns_of(aligned)
    return [[c for c, column in enumerate(have) if _fits(w, column)] for w in wanted], wanted, have


def _counts(column):
    from collections import Counter
    values = column.tolist()
    return Counter(v for v in values if v is not None), sum(1 for v in values if v is None)


def _contained(wanted, have):
    """Whether the values of `wanted` could be a subset of the rows of `have` (as multisets, from
    _counts; a gap in `have` standing for any one value): the cheap test before rows are compared."""
    return sum((wanted[0] - have[0]).values()) + wanted[1] <= have[1]


def _aligned_by_index(rows, table):
    """The named table's rows at the training rows' index labels (a split of a frame keeps them), or None."""
    index, other = getattr(rows, "index", None), getattr(table, "index", None)
    if index is None or other is None or not other.is_unique or not len(index):
        return None
    try:
        if not index.isin(other).all():
            return None
        return table.loc[index]
    except (TypeError, ValueError, KeyError):
        return None


def _rows_found(wanted, have, assignment):
    """Whether every wanted row is a row of the named table at the assigned columns (gaps in the
    named table match anything)."""
    keyed = [j for j, c in enumerate(assignment) if not any(v is None for v in have[c].tolist())]
    if not keyed:
        return _rows_found_with_gaps(wanted, have, assignment)
    table = {}
    for r in range(len(have[0])):
        table.setdefault(tuple(have[assignment[j]][r] for j in keyed), []).append(r)
    loose = [j for j in range(len(assignment)) if j not in keyed]
    for i in range(len(wanted[0])):
        matches = table.get(tuple(wanted[j][i] for j in keyed))
        if not matches:
            return False
        if loose and not any(all(have[assignment[j]][r] is None or have[assignment[j]][r] == wanted[j][i]
                                 for j in loose) for r in matches):
            return False
    return True


def _rows_found_with_gaps(wanted, have, assignment):
    """_rows_found when every assigned column has a gap somewhere (a SimpleImputer's columns): rows are
    looked up by the assigned column with the fewest gaps, those with a gap there tried for every row."""
    gaps = [sum(v is None for v in have[c].tolist()) for c in assignment]
    key = gaps.index(min(gaps))
    if 2 * gaps[key] > len(have[0]):
        return False  # a column mostly gaps keys nothing
    table, wild = {}, []
    for r, value in enumerate(have[assignment[key]].tolist()):
        (wild if value is None else table.setdefault(value, [])).append(r)
    for i in range(len(wanted[0])):
        if not any(all(have[c][r] is None or have[c][r] == wanted[j][i] for j, c in enumerate(assignment))
                   for r in table.get(wanted[key][i], []) + wild):
            return False
    return True


def _assignments(wanted, have, candidates, in_order):
    """Up to two assignments of a named column to each wanted column (each used once; `in_order`: in
    the named table's order) under which every wanted row is one of the named table's rows; None when
    the search is too long to tell. Built column by column, each step keeping, for a sample of wanted
    rows, the named rows that still agree with them: a wrong choice dies within a column or two."""
    n = len(wanted[0])
    sample = sorted({round(i * (n - 1) / (SAMPLE - 1)) for i in range(SAMPLE)}) if n > SAMPLE else list(range(n))
    everything = numpy.arange(len(have[0]))
    found, budget = [], [MAX_STEPS]

    def extend(prefix, alive):
        if len(found) > 1 or budget[0] <= 0:
            return
        position = len(prefix)
        if position == len(wanted):
            if _rows_found(wanted, have, prefix):
                found.append(list(prefix))
            return
        for c in candidates[position]:
            if c in prefix or (in_order and prefix and c <= prefix[-1]):
                continue
            budget[0] -= 1
            column, kept = have[c], []
            for i, rows in zip(sample, alive):
                values = column[rows]
                rows = rows[(values == wanted[position][i]) | numpy.equal(values, None)]
                if not len(rows):
                    break
                kept.append(rows)
            else:
                extend(prefix + [c], kept)

    extend([], [everything] * len(sample))
    return None if budget[0] <= 0 and len(found) < 2 else found


def locate(rows, table, by_index_only=False):
    """The positions, in the named `table`, of each column of `rows` (the model's training rows), when
    the rows are found among the table's rows with those columns' values, in a way that leaves no
    choice; else None. Columns that could be several of the table's (equal values) are taken in the
    table's order, as a selection keeps it (`df.iloc[:, 1:-1]`). `by_index_only`: only rows found by
    their index labels count (one column's values alone, found somewhere among the table's rows,
    prove nothing)."""
    if len(rows) > MAX_ROWS:
        rows = rows.iloc[:MAX_ROWS] if hasattr(rows, "iloc") else numpy.asarray(rows, dtype=object)[:MAX_ROWS]
    by_index = _index_candidates(rows, table) if len(rows) else None
    if by_index is not None:
        candidates, wanted, have = by_index
        if all(candidates):
            if all(len(c) == 1 for c in candidates) and len({c[0] for c in candidates}) == len(candidates):
                return [c[0] for c in candidates]
            found = _assignments(wanted, have, candidates, in_order=True)
            if found is not None and len(found) == 1:
                return found[0]
    if by_index_only or len(table) > MAX_TABLE_ROWS or len(table) < len(rows):
        return None  # (a table of fewer rows cannot hold them all)
    _, wanted = _columns_of(rows)
    if not wanted or not len(wanted[0]):
        return None
    _, have = _columns_of(table)
    if not have or len(have[0]) < len(wanted[0]):
        return None
    counts = [_counts(column) for column in have]
    candidates = [[c for c, column in enumerate(counts) if _contained(w, column)] for w in map(_counts, wanted)]
    if not all(candidates):
        return None
    for in_order in (True, False):
        found = _assignments(wanted, have, candidates, in_order)
        if found is None or len(found) > 1:
            return None
        if found:
            return found[0]
    return None


def named_tables(namespace, recording=None):
    """[(where, names, table)]: every table that names its columns, the notebook's frames and
    `load_*` Bunches (`data` beside `feature_names`), then the files it read as read."""
    found = []
    for name, value in namespace.items():
        if name.startswith("_") or isinstance(value, type):
            continue
        if isinstance(value, dict) and getattr(value, "feature_names", None) is not None:
            data = getattr(value, "data", None)
            if getattr(data, "ndim", 0) == 2 and data.shape[1] == len(value.feature_names):
                found.append((f"`{name}`", [str(n) for n in value.feature_names], data))
        elif callable(getattr(value, "select_dtypes", None)) and getattr(value, "ndim", 0) == 2:
            columns = list(value.columns)
            if columns and all(isinstance(c, str) for c in columns) and len(set(columns)) == len(columns):
                found.append((f"`{name}`", columns, value))
    for read in [] if recording is None else getattr(recording, "reads", []):
        if read.named:
            found.append((f"{read.file} as read", [str(c) for c in read.frame.columns], read.frame))
    return found


def names_by_rows(rows, namespace, recording=None):
    """(names, where) for unnamed training rows: the names of the one named table's columns found to
    hold them (the first table in named_tables that does); (None, None) when none does for certain."""
    for where, names, table in named_tables(namespace, recording):
        if getattr(table, "shape", (0, 0))[1] < numpy.shape(rows)[1]:
            continue
        positions = locate(rows, table)
        if positions is not None:
            return [names[p] for p in positions], where
    return None, None


def file_columns(rows, features, recording):
    """{feature: (Read, column position)} for the model's features that are a column of a data file
    the notebook read, as read (its values row for row): where each field comes from in the data."""
    found = {}
    for read in [] if recording is None else getattr(recording, "reads", []):
        wanted = [f for f in features if f not in found]
        if not wanted:
            break
        if not hasattr(rows, "iloc"):
            break
        positions = locate(rows[wanted], read.frame)
        if positions is not None:
            found.update({f: (read, p) for f, p in zip(wanted, positions)})
            continue
        by_index = _index_candidates(rows[wanted], read.frame)  # some columns computed, the others the file's
        for feature, candidates in zip(wanted, [] if by_index is None else by_index[0]):
            if len(candidates) == 1:
                found[feature] = (read, candidates[0])
    return found


def _raw_frame(decoded, rows):
    """The inputs' raw values on the training rows (`decoded`: a category read back from its dummy
    columns or codes, a number as it is) as a frame on the rows' index, or None for rows without one:
    a category the notebook encoded is found in a file by its values as much as a number is."""
    index = getattr(rows, "index", None)
    if index is None or not decoded:
        return None
    import pandas  # only reached with notebook data, which pandas made
    try:
        return pandas.DataFrame({name: list(values) for name, values in decoded.items()}, index=index)
    except ValueError:  # a length the rows do not have: nothing found
        return None


def as_data_names(encoding, inputs, decoded, rows, recording):
    """The inputs that are a data file's column as it is, renamed by the notebook (`Length1` read,
    `LengthVer` fitted), renamed back to the file's name: the service asks for the column as the
    data names it, and shows the notebook's name as its label. A category counts by its raw values
    (`Work_Class`, one-hot or coded, is the file's `workclass` when its values, read back, are that
    column's row for row). Each such input, and one from a file without a header, says where it
    comes from (`source`; its `description` says so in /openapi.json). Changes `encoding`, `inputs` and `decoded`
    in place; returns {notebook name: data name}."""
    found = file_columns(_raw_frame(decoded, rows), [spec["name"] for spec in inputs], recording)
    renames = {}
    for spec in inputs:
        if spec["name"] not in found:
            continue
        read, position = found[spec["name"]]
        column = str(read.frame.columns[position]) if read.named else None
        spec["source"] = {"file": read.file, "column": column, "position": int(position)}
        as_file_kind(spec, read.frame.iloc[:, position])
        if column is None and not spec.get("description"):
            spec["description"] = f"column {position} of {read.file}, counted from 0 (the file has no header)"
        if column is not None and column != spec["name"]:
            renames[spec["name"]] = column
    names = [renames.get(spec["name"], spec["name"]) for spec in inputs]
    if len(set(names)) != len(names):
        print(f"export: warning: the notebook renamed the data's columns {renames} onto names it also uses; "
              "the service keeps the notebook's names.")
        return {}
    for spec in inputs:
        if spec["name"] in renames:
            old, spec["name"] = spec["name"], renames[spec["name"]]
            spec["label"] = old
            spec["description"] = " ".join(filter(None, [
                f"{spec['name']!r} in {spec['source']['file']}, which the notebook renamed {old!r}.", spec.get("description")]))
    for entry in encoding:
        entry["input"] = renames.get(entry["input"], entry["input"])
    for spec in inputs:
        if "by" in spec.get("fill", {}):
            spec["fill"]["by"] = renames.get(spec["fill"]["by"], spec["fill"]["by"])
    kept = {renames.get(name, name): values for name, values in decoded.items()}  # in the same order
    decoded.clear()
    decoded.update(kept)
    if renames:
        shown = ", ".join(f"{old!r} is {new!r}" for old, new in renames.items())
        print(f"export: the service asks for the columns as the data file names them: {shown}")
    return renames
