#!/usr/bin/env python3
# The layout rules of docs/decisions.md ("Source layout"), checked over the product's sources:
# no file over 600 lines, no function over 80 lines except the tables named below.
import re
import sys
from pathlib import Path

MAX_FILE_LINES = 600
MAX_FUNCTION_LINES = 80
ROOTS = ("kiosk", "sync_server", "shared")
# Functions allowed to be longer because they are tables (one entry a line), each with the
# reason. Keyed by "path:function".
TABLES = {}


def blank_out(text):
    """The text with comments, string and character literals replaced by spaces (lines kept)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
        elif text.startswith('R"', i) and re.match(r'R"([^(\s]*)\(', text[i:]):
            delimiter = re.match(r'R"([^(\s]*)\(', text[i:]).group(1)
            j = text.find(")" + delimiter + '"', i)
            j = n if j < 0 else j + len(delimiter) + 2
        elif text[i] == '"' or (text[i] == "'" and not (i > 0 and text[i - 1].isalnum())):
            quote, j = text[i], i + 1
            while j < n and text[j] != quote and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j += 1
        else:
            out.append(text[i])
            i += 1
            continue
        out.append(re.sub(r"[^\n]", " ", text[i:j]))
        i = j
    return "".join(out)


FUNCTION_HEAD = re.compile(r"\)\s*(const|noexcept|override|final|mutable|->[^{;]*|:[^;{]*|\s)*$", re.S)
CONTROL = re.compile(r"(if|for|while|switch|catch|else|do)\b")
SCOPE = re.compile(r"\b(namespace|class|struct|union|enum)\b[^()]*$")


def long_functions(path):
    """(lines, first line, name) of each namespace- or class-level function over the limit."""
    text = blank_out(path.read_text(encoding="utf-8"))
    stack, found = [], []
    line, head_start = 1, 0
    for i, c in enumerate(text):
        if c == "\n":
            line += 1
        elif c == "{":
            head = text[head_start:i]
            stripped = head.strip()
            in_function = any(kind == "function" for kind, _, _ in stack)
            if in_function:
                kind = "block"
            elif SCOPE.search(stripped) or stripped in ("", 'extern "C"'):
                kind = "scope"
            elif FUNCTION_HEAD.search(stripped) and not CONTROL.match(stripped):
                kind = "function"
            else:
                kind = "block" if ("=" in stripped or stripped.endswith("]")) else "scope"
            lines = head.split("\n")
            leading_blank = next((k for k, l in enumerate(lines) if l.strip()), len(lines) - 1)
            first = line - (len(lines) - 1 - leading_blank)
            name = re.search(r"([~\w:<>]+)\s*\([^;]*$", head, re.S)
            stack.append((kind, first, name.group(1) if name else stripped[:40]))
            head_start = i + 1
        elif c == "}":
            if stack:
                kind, first, name = stack.pop()
                if kind == "function" and line - first + 1 > MAX_FUNCTION_LINES:
                    found.append((line - first + 1, first, name))
            head_start = i + 1
        elif c == ";":
            head_start = i + 1
    return found


def main(root):
    problems = []
    for top in ROOTS:
        for path in sorted((root / top).rglob("*")):
            if path.suffix not in (".h", ".cpp"):
                continue
            relative = path.relative_to(root).as_posix()
            count = path.read_text(encoding="utf-8").count("\n")
            if count > MAX_FILE_LINES:
                problems.append(f"{relative}: {count} lines (at most {MAX_FILE_LINES})")
            for lines, first, name in long_functions(path):
                if f"{relative}:{name}" not in TABLES:
                    problems.append(f"{relative}:{first}: {name} is {lines} lines (at most {MAX_FUNCTION_LINES})")
    for problem in problems:
        print(problem)
    print(f"source rules: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else ".")))
