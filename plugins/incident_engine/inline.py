"""Inline text of the handbook: **strong**, *emphasis* and [links](url), nothing else.

Content is data, never markup: anything that is not one of those three forms
is text, so ``<script>`` in a YAML field is shown as the characters it is.
The same parse feeds the build's HTML, the print runbooks, the copy-to-
clipboard Markdown and the browser (as spans it renders with textContent).
"""

from __future__ import annotations

import html
import re

# A link's address runs to the ")" that ends the link, even if it holds "(…)" itself.
_LINK = r"\[(?P<label>[^\]]+)\]\((?P<href>\S+?)\)(?=[\s.,;:!?*]|$)"
LINK = re.compile(_LINK)
_TOKEN = re.compile(r"\*\*(?P<strong>.+?)\*\*|\*(?P<em>[^*\s][^*]*?)\*|" + _LINK)
SAFE_URL = re.compile(r"^(https?://\S+|mailto:\S+|/\S*|#\S*)$", re.IGNORECASE)


def spans(text: str) -> list:
    """Split text into ``[kind, text, href]`` spans; kind is text, strong, em or link."""
    text = " ".join(text.split())
    out: list = []
    pos = 0
    for match in _TOKEN.finditer(text):
        if match.start() > pos:
            out.append(["text", text[pos:match.start()], ""])
        if match.group("strong") is not None:
            out.append(["strong", match.group("strong"), ""])
        elif match.group("em") is not None:
            out.append(["em", match.group("em"), ""])
        else:
            href = match.group("href")
            if SAFE_URL.match(href):
                out.append(["link", match.group("label"), href])
            else:  # refused at load time; never turned into a link if it slips through
                out.append(["text", match.group(0), ""])
        pos = match.end()
    if pos < len(text):
        out.append(["text", text[pos:], ""])
    return out


def to_html(text: str, *, link_class: str = "") -> str:
    """Safe HTML for a piece of inline text."""
    parts = []
    for kind, body, href in spans(text):
        body = html.escape(body, quote=False)
        if kind == "strong":
            parts.append(f"<strong>{body}</strong>")
        elif kind == "em":
            parts.append(f"<em>{body}</em>")
        elif kind == "link":
            cls = f' class="{link_class}"' if link_class else ""
            parts.append(f'<a href="{html.escape(href)}"{cls}>{body}</a>')
        else:
            parts.append(body)
    return "".join(parts)


def to_plain(text: str) -> str:
    """The words alone, as a person reads them (links keep their text only)."""
    return "".join(body for _, body, _ in spans(text))


def to_markdown(text: str) -> str:
    """Markdown for pasting into a comms plan or chat: links keep their address."""
    out = []
    for kind, body, href in spans(text):
        out.append({"strong": f"**{body}**", "em": f"*{body}*", "link": f"[{body}]({href})"}.get(kind, body))
    return "".join(out)
