#!/usr/bin/env python3
"""Splits what swift-format cannot break on lines longer than LIMIT (scripts/format.sh runs it):

- a single-line string literal becomes a multi-line literal with line continuations (the same value);
- a comment line (`//`, `///`) is wrapped at a space, a list item's continuation indented under its text;
- an end-of-line comment moves to its own line above the code.

A Markdown table row in a doc comment (`/// |`) is left whole: DocC reads a row from one line."""
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

def comment_split(line):
    """Wraps a comment line, or moves an end-of-line comment above its code."""
    if len(line) <= LIMIT: return None
    stripped = line.lstrip(' ')
    indent = line[:len(line) - len(stripped)]
    m = re.match(r'(///?)( *)((?:[-*] |\d+\. )?)', stripped)
    if m and stripped.startswith('//'):
        if stripped.startswith('/// |') or '://' in stripped: return None
        marker, spaces, bullet = m.group(1), m.group(2), m.group(3)
        head = indent + marker + spaces
        cont = head + ' ' * len(bullet)
        text = stripped[len(marker) + len(spaces):]
        out = []; current = head
        for word in text.split(' '):
            candidate = (current + (' ' if current not in (head, cont) else '') + word) if word else current
            if len(candidate) > LIMIT and current not in (head, cont):
                out.append(current); current = cont + word
            else:
                current = candidate
        out.append(current)
        return out if len(out) > 1 else None
    lits = literals(line)
    if lits is None: return None
    code_end = None
    i = 0
    # the first `//` outside a literal starts the comment
    spans = [(a, b) for a, b, _ in lits]
    for k in range(len(line) - 1):
        if line.startswith('//', k) and not any(a <= k < b for a, b in spans):
            code_end = k; break
    if code_end is None or not line[:code_end].strip(): return None
    comment = line[code_end:].strip()
    code = line[:code_end].rstrip()
    above = indent + comment
    result = [above, code]
    return [x for part in result for x in (comment_split(part) or [part])]

def main():
    for path in sys.argv[1:]:
        src = open(path).read().split('\n')
        new = []; inmulti = False; changed = False; fenced = False
        for line in src:
            # do not touch lines inside multi-line literals
            count = line.count('"""')
            if inmulti or count:
                new.append(line)
                if count % 2 == 1: inmulti = not inmulti
                continue
            text = line.strip()
            if text.startswith('///') and text[3:].strip().startswith('```'):
                fenced = not fenced
            r = ([line] if fenced else None) or comment_split(line) or rewrite(line)
            if len(r) > 1: changed = True
            new.extend(r)
        if changed:
            open(path, 'w').write('\n'.join(new))
main()
