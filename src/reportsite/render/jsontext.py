"""Indented JSON as ``json.dumps(data, indent=n, ensure_ascii=False)`` writes it, byte for byte, fast.

With ``indent``, the standard library's encoder runs in pure Python: on a site of thousands of findings
the downloads spent seconds there. orjson writes the same text, indented by two, in C; the indent is then
changed line by line (a JSON string never holds a raw newline, so every newline in the text is a line
break of the layout). Where orjson would write something differently (a float in exponent form, a
number too large for it, a non-string key, a lone surrogate) the standard library writes it, as before.
"""

from __future__ import annotations

import json
import re
from typing import Any

import orjson

_INDENT = re.compile(r"\n +")
_PLAIN = (str, int, bool, type(None))


def _floats(value: Any, out: list[float]) -> bool:
    """Collect the floats in value; False where value holds anything but JSON's own types."""
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is dict:
            for k in item:
                if type(k) is not str:
                    return False
            stack.extend(item.values())
        elif kind is list or kind is tuple:
            stack.extend(item)
        elif kind is float:
            out.append(item)
        elif kind not in _PLAIN:
            return False
    return True


def _halve_indent(text: str) -> str:
    """Each line's indent of 2k spaces made k: step d takes one space off the lines still holding at
    least d + 1, which are those first indented by 2d or more (str.replace runs in C)."""
    depth = 1
    while "\n" + " " * (depth + 1) in text:
        text = text.replace("\n" + " " * (depth + 1), "\n" + " " * depth)
        depth += 1
    return text


def dumps(data: Any, indent: int) -> str:
    """``json.dumps(data, indent=indent, ensure_ascii=False)``, the same text."""
    floats: list[float] = []
    if indent > 0 and _floats(data, floats):
        try:
            text = orjson.dumps(data, option=orjson.OPT_INDENT_2).decode("utf-8")
            # Each float as json writes it (repr), else the standard library writes the whole.
            same = not floats or orjson.dumps(floats) == json.dumps(floats, separators=(",", ":")).encode()
        except (orjson.JSONEncodeError, UnicodeDecodeError):
            same = False
        if same:
            if indent == 1:
                return _halve_indent(text)
            if indent == 2:
                return text
            return _INDENT.sub(lambda m: "\n" + " " * ((len(m[0]) - 1) // 2 * indent), text)
    return json.dumps(data, indent=indent, ensure_ascii=False)
