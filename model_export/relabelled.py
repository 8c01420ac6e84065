"""Categories the notebook merged or renamed before it encoded them: the service takes the raw values.

A notebook often folds rare values into one before encoding (`df['education'].replace(['11th',
'9th', 'Preschool'], 'Other')`, then `pd.get_dummies`), or merges several into two and codes those
(`.replace([...], 'Married')`, `.replace([...], 'Single')`, `.map({'Married': 0, 'Single': 1})`).
The encoding inputs.py derives knows only the values after the merge ('Other', 'Married'), which
no row of the data file holds: a user posting a row of their file would get a 400 for '11th'.

The recorder (recoding.py) saw each such call as it ran: {value before: value after}, and the
column before it. When, row for row, the column before the first call, relabelled through the
calls in order, gives the values the model's encoding reads back from its training rows, the input
takes the raw values instead, each encoded as its merged value is:
  - a `code` entry: each raw value gets its merged value's code (several raw values share a code);
  - a `one_hot` dummy of a merged value: a `code` entry whose codes are 1 for the raw values merged
    into it and 0 for the others; a dummy whose value no other one was merged into stays `one_hot`.
Anything less certain (the rows not found in the column as it was, a row that does not agree, gaps
the encoding gives a meaning to) leaves the input as it was: the service then answers a raw value
it does not know with a 400 that names the values it takes.

A change the recorder does not see as a call (`df['Cylinders'].astype(str)`, `.str.lower()`,
`np.where(df.x == 'a', 'A', 'B')`) is observed instead: when no call is recorded for the input and
a file the notebook read holds its column under its name, the values that column holds at the
training rows' index labels are compared with the ones the encoding reads back; a function from
the one to the other (each raw value always the same encoded one, not the identity) is taken as the
table, as the file gave it (`observed`).
"""
from ._common import column_at
from .recoding import Relabelled


def chains(recording):
    """{column: [Relabelled, ...]} in the order the notebook's calls ran."""
    found = {}
    for seen in sorted(getattr(recording, "relabelled", None) or [], key=lambda r: r.seq):
        found.setdefault(seen.column, []).append(seen)
    return found


def composed(chain):
    """{raw value: value after every call of `chain`}: the first call's values, followed through the
    later ones (a value a later call does not change stays as it is)."""
    table = dict(chain[0].table)
    for later in chain[1:]:
        table = {raw: later.table.get(value, value) for raw, value in table.items()}
    return table


def _raw_rows(before, rows):
    """The column as it was before the first call, at the rows' index labels; None when not there."""
    return column_at(before, getattr(rows, "index", None))


def _chain_of(spec, found):
    return found.get(spec["name"]) or found.get(spec.get("label"))


def widen(encoding, inputs, decoded, rows, recording):
    """Each category input the notebook merged or renamed before encoding takes the raw values (see
    the module); changes `encoding`, `inputs` and `decoded` (its rows' raw values) in place. Returns
    the names of the inputs widened."""
    found, widened = chains(recording), []
    for spec in inputs:
        chain = _chain_of(spec, found) or _observed(spec, decoded, rows, recording)
        entries = [e for e in encoding if e["input"] == spec["name"]]
        if chain is None or spec["kind"] != "category" or spec.get("missing") or not entries \
                or any(e["as"] not in ("one_hot", "code") for e in entries):
            continue
        table, known = composed(chain), set(spec["values"])
        raw = _raw_rows(chain[0].before, rows)
        merged = decoded.get(spec["name"])
        if raw is None or merged is None or len(raw) != len(merged) or \
                any(m is not None and table.get(r) != m for r, m in zip(raw, merged)):
            continue
        values = sorted((r for r, v in table.items() if v in known), key=str)
        for entry in entries:
            _as_raw(entry, table, values)
        spec["values"] = values
        folded = {v: [r for r in values if table[r] == v] for v in known}
        shown = "; ".join(f"{', '.join(map(repr, rs[:6]))}{', ...' if len(rs) > 6 else ''} as {v!r}"
                          for v, rs in sorted(folded.items(), key=lambda item: str(item[0])) if rs != [v])
        where = getattr(recording, "where", lambda line: f"line {line} of the script")
        note = f"The notebook encoded {shown} ({', '.join(f'{c.how} in {where(c.line)}' for c in chain[:3])})."
        spec["description"] = f"{spec['description']} {note}" if spec.get("description") else note
        decoded[spec["name"]] = raw
        widened.append(spec["name"])
        print(f"export: {spec['name']!r} takes the data's own values: the notebook encoded {shown}")
    return widened


def observed(name, merged, rows, reads):
    """[Relabelled] of input `name` from the last file read (reads.py) that holds `name`: the file's
    values at the rows' index labels, each always encoded as the same one of `merged` (the values the
    encoding reads back), and not all as they were; else None."""
    for read in reversed(reads):
        column = read.frame.get(name) if hasattr(read.frame, "get") else None
        raw = None if column is None or getattr(column, "ndim", 1) != 1 else _raw_rows(column, rows)
        if raw is None or len(raw) != len(merged) or None in raw or None in merged:
            continue
        table = {}
        if any(table.setdefault(r, m) != m for r, m in zip(raw, merged)) or all(r == m for r, m in table.items()):
            continue
        return [Relabelled(name, table, read.line, f"as {read.file} writes it", -1, column)]
    return None


def _observed(spec, decoded, rows, recording):
    if spec["kind"] != "category" or recording is None:
        return None
    merged = decoded.get(spec["name"])
    chain = None if merged is None else observed(spec["name"], merged, rows, getattr(recording, "reads", None) or [])
    if chain is not None:
        recording.relabelled.extend(chain)  # raw_truth finds it as it finds the calls
    return chain


def _as_raw(entry, table, values):
    """One encoding entry of a merged input rewritten over the raw `values` (see the module)."""
    if entry["as"] == "code":
        codes = {value: code for value, code in entry["codes"]}
        entry["codes"] = sorted(([r, codes[table[r]]] for r in values if table[r] in codes),
                                key=lambda pair: (pair[1], str(pair[0])))
        return
    value = entry["value"]
    if [r for r in values if table[r] == value] == [value]:
        return  # only the value itself is 1: one_hot as it was
    del entry["value"]
    entry.update({"as": "code", "codes": [[r, 1 if table[r] == value else 0] for r in values]})


def raw_truth(rows, inputs, recording):
    """{input: raw values of `rows`} for the inputs widen() gave raw values: the column as it was
    before the notebook merged it, at the rows' index labels (the parity check feeds those)."""
    found, truth = chains(recording), {}
    for spec in inputs:
        chain = _chain_of(spec, found) if spec["kind"] == "category" else None
        raw = None if chain is None else _raw_rows(chain[0].before, rows)
        if raw is not None and {r for r in raw if r is not None} <= set(spec.get("values", [])):
            truth[spec["name"]] = raw
    return truth
