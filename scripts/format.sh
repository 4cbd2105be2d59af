#!/usr/bin/env bash
# Lays out the Swift sources the one way CI checks (CONTRIBUTING, "Layout and names").
#   bash scripts/format.sh          formats Sources and Tests in place
#   bash scripts/format.sh --check  fails when a file is not laid out so (what CI runs)
set -euo pipefail
cd "$(dirname "$0")/.."
# Generated files, and files that copy the documentation's code line for line (`swift-format-ignore-file`), are
# left as they are.
mapfile -t files < <(find Sources Tests -name '*.swift' ! -name '*+Generated.swift' | sort \
    | xargs grep -L '^// swift-format-ignore-file')
if [ "${1:-}" = "--check" ]; then
    swift format lint --strict --parallel "${files[@]}"
    python3 scripts/check-format.py
else
    swift format format --in-place --parallel "${files[@]}"
    # swift-format cannot break a string literal: a long one becomes a multi-line literal with
    # continuations (the same value), which swift-format then indents.
    python3 scripts/split-long-lines.py "${files[@]}"
    swift format format --in-place --parallel "${files[@]}"
fi
