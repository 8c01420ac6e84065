"""The kinds of row in legacy_table.TABLE: each finds its old API on a cell's syntax tree and
returns the text edits (source_edits.Edit) that give today's equivalent with the old meaning.

A row's `edits(node, context)` is called for every node of the cell; it returns None when the
node is not its API, else a list of edits. `context` (legacy_api.RowContext) knows the cell's
text positions, the names that hold pandas frames, numpy's aliases and each node's parent.
Rows never guess a value's type from its name alone: where only the running notebook knows
(a list's append or a frame's), the call goes through a run-time helper (runtime_helpers.py).

One module per what the kinds rewrite; a new kind goes in the module of its kind of old code:
    base.py           Row, the base of every kind, and the helpers several modules share
    calls.py          a call's signature, any library: a keyword, a positional argument, a method
                      or an attribute renamed or removed (Keyword, KeywordOnly, Positional,
                      Method, Attribute)
    moved_imports.py  a module or name that moved or went (Import, NoseAsserts)
    pandas_calls.py   a pandas call rewritten where it stands: options, accessors, results, in-place
                      statements (Suffix, Option, Indexer, InplaceRemoved, ChainedInplace)
    pandas_values.py  pandas code whose old meaning depends on a value only the running notebook
                      knows, through a run-time helper (Receiver, Append, TextDtype, Scalar,
                      RowPosition; row_functions for legacy_api)
    scikit_learn.py   scikit-learn idioms beyond a signature: old splitters, one sample as a flat
                      list, parameter grids, np.matrix arguments (OldSplitter, OneSample, GridKey,
                      MatrixArgument)
"""
