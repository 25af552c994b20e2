#!/usr/bin/env python3
"""Rounds every vector stored in an index file to float16 and back, in place, so
`quarry eval retrieval` on the copy scores exactly what float16 storage of the raw
vectors would give (the dense index re-scores and, below 20,000 vectors, searches with
these floats). Needs numpy (the bm25s venv has it: Benchmarks/bm25-venv.sh).

    PYTHON Benchmarks/f16-vectors.py COPY_OF_INDEX.quarry

Used for the float16 decision in docs/benchmarks.md: run `quarry eval retrieval` on an
index, copy the eval index file, run this on the copy, run the eval again on the copy.
"""
import sqlite3
import sys

import numpy

if len(sys.argv) != 2:
    sys.exit(__doc__)
db = sqlite3.connect(sys.argv[1])
rows = db.execute("SELECT chunk_id, vector FROM vectors").fetchall()
worst = 0.0
for chunk_id, blob in rows:
    vector = numpy.frombuffer(blob, dtype="<f4")
    rounded = vector.astype("<f2").astype("<f4")
    worst = max(worst, float(numpy.abs(rounded - vector).max()))
    db.execute("UPDATE vectors SET vector = ? WHERE chunk_id = ?", (rounded.tobytes(), chunk_id))
db.commit()
print(f"{len(rows)} vectors rounded to float16; largest change {worst:.2e}")
