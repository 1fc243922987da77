#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Cuts the recordings into the fuzzer's seed corpus (fuzz/corpus/).

    fuzz/make-corpus.py SHARED_DATA_DIR TEST_DATA_DIR OUT_DIR

Seeds are small (a few KB: libFuzzer mutates small inputs much faster)
and cover both formats and every record kind: a few events from several
places of each shared recording (the seed tracer's document), the same as
fragtrack's JSON lines, with samples, cut off mid-write, and the small
test recordings whole or in slices.  Deterministic: the same inputs give
the same corpus.
"""
import json
import os
import sys

KINDS = ("extfrag", "compaction_success", "compaction_failure")


def write(out, name, text):
    with open(os.path.join(out, name), "w") as f:
        f.write(text)


def pick(events, start, n):
    """n events from start on, one of each kind first if there are any."""
    chosen = []
    for kind in KINDS:
        for e in events[start:]:
            if e.get("event_type") == kind:
                chosen.append(e)
                break
    return (chosen + events[start:start + n])[:max(n, len(chosen))]


def as_document(meta, events, samples=None, stats=None, indent=None):
    doc = {"metadata": meta, "events": events}
    if samples:
        doc["samples"] = samples
    doc["statistics"] = stats if stats is not None else {}
    return json.dumps(doc, indent=indent)


def as_lines(meta, events, samples=(), closing=True):
    lines = [json.dumps({"metadata": dict(meta, end_time=None, complete=False)})]
    records = list(events) + list(samples)
    records.sort(key=lambda r: r.get("timestamp", 0))
    lines += [json.dumps(r, separators=(",", ":")) for r in records]
    if closing:
        lines.append(json.dumps({"metadata": dict(meta, complete=True), "statistics": {},
                                 "summary": {"total": len(events)}}))
    return "\n".join(lines) + "\n"


def shared_seeds(path, out, tag, samples):
    with open(path) as f:
        doc = json.load(f)
    meta, events = doc["metadata"], doc["events"]
    stats = doc.get("statistics", {})
    small_stats = {k: dict(list(v.items())[:3]) for k, v in stats.items()
                   if isinstance(v, dict)}
    for i, start in enumerate((0, len(events) // 3, len(events) // 2, len(events) - 8)):
        evs = pick(events, start, 6)
        write(out, f"{tag}-doc-{i}.json", as_document(meta, evs, stats=small_stats,
                                                     indent=1 if i % 2 else None))
        text = as_lines(meta, evs, samples[i % len(samples):][:2])
        write(out, f"{tag}-lines-{i}.jsonl", text)
        # cut off mid-write, as a killed run leaves it
        write(out, f"{tag}-cut-{i}.json", as_document(meta, evs)[: 150 + 97 * i])
        write(out, f"{tag}-cutlines-{i}.jsonl", text[: len(text) * 2 // 3])
    # the seed document's own order: events before metadata
    write(out, f"{tag}-reordered.json",
          json.dumps({"events": pick(events, 10, 4), "statistics": small_stats,
                      "metadata": meta}))


def test_seeds(data, out):
    samples = []
    for name in sorted(os.listdir(data)):
        path = os.path.join(data, name)
        with open(path) as f:
            text = f.read()
        if len(text) <= 4096:
            write(out, "test-" + name, text)
        if name.endswith(".jsonl"):
            lines = text.splitlines(keepends=True)
            recs = [json.loads(l) for l in lines]
            samples += [r for r in recs if r.get("event_type") == "fragmentation_sample"][:4]
            if len(text) > 4096:
                # the first lines, a slice of the middle, the closing line
                mid = len(lines) // 2
                write(out, "test-head-" + name, "".join(lines[:6]))
                write(out, "test-mid-" + name, "".join(lines[:1] + lines[mid:mid + 5] +
                                                        lines[-1:]))
    return samples


def main():
    shared, data, out = sys.argv[1:4]
    os.makedirs(out, exist_ok=True)
    samples = test_seeds(data, out)
    for name in sorted(os.listdir(shared)):
        if name.endswith(".json"):
            tag = name.replace("fragmentation_data_", "").replace(".json", "")
            shared_seeds(os.path.join(shared, name), out, tag, samples)


if __name__ == "__main__":
    main()
