#!/usr/bin/env python3
"""The layout checks `swift format lint` cannot make (CONTRIBUTING, "Layout and names"):

- lines in Sources of at most 120 characters; a row of a Markdown table in a doc comment (`/// |`) may be
  longer, since DocC reads a row from one line;
- no parameter of a declaration in Sources named with one or two letters (`ws`, `cq`, `o`), label or name;
  `id` is a word, and a preposition (`at`, `to`, `in`, `of`, `on`, `by`, `as`) may be an argument label.

Generated files (`*+Generated.swift`) are exempt. Prints each finding as FILE:LINE: what; exits 1 if any.
"""
import os
import re
import sys

LIMIT = 120
ALLOWED = {'id'}
PREPOSITIONS = {'at', 'to', 'in', 'of', 'on', 'by', 'as'}
MODIFIERS = {'inout', 'borrowing', 'consuming', 'isolated', 'sending'}
DECLARATION = re.compile(
    r'\b(?:func\s+(?:[A-Za-z_][A-Za-z0-9_]*|[^\s(<A-Za-z]+)\s*(?:<[^>{]*>)?'
    r'|(?<!\.)init[?!]?\s*(?:<[^>{]*>)?|subscript\s*(?:<[^>{]*>)?)\s*\(')


def parameter_lists(text):
    """Yields (offset, text) of each declaration's parameter list."""
    for match in DECLARATION.finditer(text):
        start = match.end()
        depth, end = 1, start
        while end < len(text) and depth > 0:
            depth += {'(': 1, ')': -1}.get(text[end], 0)
            end += 1
        yield start, text[start:end - 1]


def parameters(offset, text):
    """Splits a parameter list at its top-level commas: yields (offset, text) of each parameter."""
    depth, start = 0, 0
    for index, character in enumerate(text + ','):
        if character in '([<{':
            depth += 1
        elif character in ')]>}':
            depth -= 1
        elif character == ',' and depth == 0:
            yield offset + start, text[start:index]
            start = index + 1


def short_names(path, text):
    for list_offset, list_text in parameter_lists(text):
        for offset, parameter in parameters(list_offset, list_text):
            if ':' not in parameter:
                continue
            words = [word for word in parameter.split(':')[0].split()
                     if word not in MODIFIERS and not word.startswith('@')]
            if not words:
                continue
            label, name = (words[0], words[0]) if len(words) == 1 else words[-2:]
            for word in {label, name}:
                if word == '_' or len(word) > 2 or word in ALLOWED:
                    continue
                if word == label and label != name and word in PREPOSITIONS:
                    continue
                line = text.count('\n', 0, offset + len(parameter) - len(parameter.lstrip())) + 1
                yield f'{path}:{line}: parameter "{" ".join(words)}": name it with a word, not "{word}"'


def long_lines(path, text):
    for number, line in enumerate(text.split('\n'), 1):
        if len(line) > LIMIT and not line.lstrip().startswith('/// |'):
            yield f'{path}:{number}: {len(line)} characters, more than {LIMIT}'


def main():
    findings = []
    for root, _, files in sorted(os.walk('Sources')):
        for name in sorted(files):
            if not name.endswith('.swift') or name.endswith('+Generated.swift'):
                continue
            path = os.path.join(root, name)
            text = open(path, encoding='utf-8').read()
            findings += long_lines(path, text)
            findings += short_names(path, text)
    for finding in findings:
        print(finding)
    if findings:
        print(f'{len(findings)} layout findings; see CONTRIBUTING, "Layout and names"', file=sys.stderr)
    return 1 if findings else 0


if __name__ == '__main__':
    sys.exit(main())
