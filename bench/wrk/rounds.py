#!/usr/bin/env python3
"""Summarizes interleaved wrk rounds into B1's markdown table.

Input (stdin): one line per run, "<round> <endpoint> rps=.. p50=.. p99=.. p999=.. max=.. errors=.. non2xx=..", as
bench/wrk/tokens.lua's RESULT line with the round and endpoint put in front. The first endpoint named is the
comparator. Each endpoint's figures are the medians over the rounds; each ratio is taken within a round (both
endpoints measured minutes apart on the same machine) and the table gives the median of those, with every round's
p99 ratio beside it: on a 2-core machine the comparator's own p99 moves by 2x from one 10 s run to the next, so one
round's ratio says little.
"""
import re
import statistics
import sys

runs = {}
order = []
for line in sys.stdin:
    parts = line.split()
    if len(parts) < 3:
        continue
    round_, endpoint = parts[0], parts[1]
    figures = {k: float(v) for k, v in re.findall(r"(\w+)=([0-9.]+)", line)}
    runs.setdefault(endpoint, {})[round_] = figures
    if endpoint not in order:
        order.append(endpoint)

if not order:
    sys.exit("no wrk results")

base = order[0]
median = statistics.median


def ratios(endpoint, key):
    return [runs[endpoint][r][key] / runs[base][r][key] for r in sorted(runs[endpoint], key=int) if r in runs[base] and runs[base][r][key] > 0]


print("| endpoint | requests/s | vs constant | p50 | p99 | p99 vs constant | p99 vs constant, each round | p99.9 | errors |")
print("|---|---|---|---|---|---|---|---|---|")
for endpoint in order:
    rounds = runs[endpoint].values()
    m = lambda key: median(f[key] for f in rounds)
    errors = sum(f.get("errors", 0) + f.get("non2xx", 0) for f in rounds)
    print(f"| {endpoint} | {m('rps'):.0f} | {median(ratios(endpoint, 'rps')):.2f}x | {m('p50'):.3f} ms | {m('p99'):.3f} ms"
          f" | {median(ratios(endpoint, 'p99')):.2f}x | {', '.join(f'{x:.2f}' for x in ratios(endpoint, 'p99'))}"
          f" | {m('p999'):.1f} ms | {errors:.0f} |")
