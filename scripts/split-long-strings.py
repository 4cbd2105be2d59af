#!/usr/bin/env python3
"""Rewrite single-line string literals on lines longer than LIMIT as multi-line literals with
line continuations, so that no line exceeds LIMIT. The string's value is unchanged."""
import sys, re
LIMIT = 120

def scan_literal(s, i):
    """s[i] == '"' opening a single-line literal. Returns (end_index_exclusive, interp_spans) or None."""
    j = i + 1; spans = []
    while j < len(s):
        c = s[j]
        if c == '\\':
            if j + 1 < len(s) and s[j+1] == '(':
                start = j; depth = 1; k = j + 2
                while k < len(s) and depth:
                    if s[k] == '"':
                        r = scan_literal(s, k)
                        if r is None: return None
                        k = r[0]; continue
                    if s[k] == '(': depth += 1
                    elif s[k] == ')': depth -= 1
                    k += 1
                if depth: return None
                spans.append((start, k)); j = k; continue
            j += 2; continue
        if c == '"': return (j + 1, spans)
        j += 1
    return None

def literals(line):
    out = []; i = 0
    while i < len(line):
        c = line[i]
        if line.startswith('//', i): break
        if c == '"':
            if line.startswith('"""', i): return None  # multi-line literal: leave the line alone
            if i > 0 and line[i-1] == '#': return None  # raw string
            r = scan_literal(line, i)
            if r is None: return None
            out.append((i, r[0], r[1])); i = r[0]; continue
        i += 1
    return out

def rewrite(line):
    if len(line) <= LIMIT: return [line]
    lits = literals(line)
    if not lits: return [line]
    start, end, spans = max(lits, key=lambda t: t[1] - t[0])
    body = line[start+1:end-1]
    if end - start < 30 or '"""' in body: return [line]
    indent = len(line) - len(line.lstrip(' '))
    inner = ' ' * (indent + 4)
    width = LIMIT - len(inner) - 2  # room for ' \'
    rel = [(a - start - 1, b - start - 1) for a, b in spans]
    def inside(k): return any(a <= k < b for a, b in rel)
    # a content line may not start with spaces that would be read as indentation beyond... (they are kept; fine)
    chunks = []; pos = 0
    while len(body) - pos > width + 2:
        cut = -1
        for k in range(pos + width, pos, -1):
            if body[k-1] == ' ' and not inside(k-1) and not (k >= 2 and body[k-2] == '\\'):
                cut = k; break
        if cut == -1: break
        chunks.append(body[pos:cut]); pos = cut
    chunks.append(body[pos:])
    if len(chunks) == 1: return [line]
    head = line[:start] + '"""'
    tail = line[end:]
    out = [head.rstrip() if head.strip() != '"""' else head]
    for c in chunks[:-1]:
        # a chunk ending with a space keeps it: the backslash continues the line after it
        out.append(inner + c + '\\')
    last = chunks[-1]
    if last.endswith(' ') or last.endswith('\t'):
        out.append(inner + last[:-1] + '\\u{20}'.replace('\\\\', '\\'))
    else:
        out.append(inner + last)
    out.append(inner + '"""' + tail)
    return out

def main():
    for path in sys.argv[1:]:
        src = open(path).read().split('\n')
        new = []; inmulti = False; changed = False
        for line in src:
            # do not touch lines inside multi-line literals
            count = line.count('"""')
            if inmulti or count:
                new.append(line)
                if count % 2 == 1: inmulti = not inmulti
                continue
            r = rewrite(line)
            if len(r) > 1: changed = True
            new.extend(r)
        if changed:
            open(path, 'w').write('\n'.join(new))
main()
