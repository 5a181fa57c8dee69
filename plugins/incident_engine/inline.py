"""Text of the handbook: **strong**, *emphasis*, `code` and [links](url), nothing else.

Content is data, never markup: anything that is not one of those forms is
text, so ``<script>`` in a YAML field is shown as the characters it is.
The same parse feeds the build's HTML, the print runbooks, the copy-to-
clipboard Markdown and the browser (as spans it renders with textContent).

Inline fields (titles, names, labels) are one run of spans. Prose fields
(intro, text, detail, message, callout and guideline text) are *blocks*:
paragraphs split on blank lines, and bullet lists of lines starting ``- ``
(``blocks``, ``block_html``). A prose field of one paragraph renders exactly
as inline text does; ``to_plain`` and ``to_markdown`` keep the blocks apart.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

#: Writes one link: ``(href, label) -> HTML``, the label as plain text (a page's renderer
#: uses it to print a link's address after it, or to prefix a same-page anchor).
LinkWriter = Callable[[str, str], str]

# A link's address runs to the ")" that ends the link, even if it holds "(…)" itself.
_LINK = r"\[(?P<label>[^\]]+)\]\((?P<href>\S+?)\)(?=[\s.,;:!?*]|$)"
LINK = re.compile(_LINK)
_TOKEN = re.compile(r"`(?P<code>[^`]+)`|\*\*(?P<strong>.+?)\*\*|\*(?P<em>[^*\s][^*]*?)\*|" + _LINK)
SAFE_URL = re.compile(r"^(https?://\S+|mailto:\S+|/\S*|#\S*)$", re.IGNORECASE)
_BULLET = re.compile(r"^\s*- (?P<rest>.*)$")


def spans(text: str) -> list:
    """Split text into ``[kind, text, href]`` spans; kind is text, strong, em, code or link."""
    text = " ".join(text.split())
    out: list = []
    pos = 0
    for match in _TOKEN.finditer(text):
        if match.start() > pos:
            out.append(["text", text[pos:match.start()], ""])
        if match.group("code") is not None:
            out.append(["code", match.group("code"), ""])
        elif match.group("strong") is not None:
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


def link_html(href: str, label: str) -> str:
    """A link as ``to_html`` writes it unless told otherwise."""
    return f'<a href="{html.escape(href)}">{html.escape(label, quote=False)}</a>'


def to_html(text: str, *, link: LinkWriter = link_html) -> str:
    """Safe HTML for a piece of inline text; ``link`` writes its links."""
    parts = []
    for kind, text_of, href in spans(text):
        body = html.escape(text_of, quote=False)
        if kind == "strong":
            parts.append(f"<strong>{body}</strong>")
        elif kind == "em":
            parts.append(f"<em>{body}</em>")
        elif kind == "code":
            parts.append(f"<code>{body}</code>")
        elif kind == "link":
            parts.append(link(href, text_of))
        else:
            parts.append(body)
    return "".join(parts)


def blocks(text: str) -> list:
    """Split prose into ``("p", text)`` paragraphs and ``("ul", [item, …])`` lists.

    Paragraphs are separated by blank lines; a line starting ``- `` starts a
    list item, and the indented lines after it continue that item.
    """
    out: list = []
    for chunk in re.split(r"\n[ \t]*\n", text.strip()):
        para: list = []
        items: list | None = None
        for line in chunk.split("\n"):
            bullet = _BULLET.match(line)
            if bullet:
                if para:
                    out.append(("p", " ".join(para)))
                    para = []
                if items is None:
                    items = []
                    out.append(("ul", items))
                items.append(bullet.group("rest"))
            elif items is not None and line[:1] in (" ", "\t") and line.strip():
                items[-1] += " " + line.strip()
            elif line.strip():
                items = None
                para.append(line.strip())
        if para:
            out.append(("p", " ".join(para)))
    return [b for b in out if b[0] == "ul" or b[1].strip()] or [("p", "")]


def is_blocks(text: str) -> bool:
    """True if the prose holds more than one paragraph, or a list."""
    parts = blocks(text)
    return len(parts) > 1 or parts[0][0] == "ul"


def block_html(text: str, *, attrs: str = "", bare: bool = False, link: LinkWriter = link_html) -> str:
    """Safe HTML for prose: one paragraph is ``<p{attrs}>…</p>`` (or bare inline HTML with ``bare``),
    several paragraphs or a list are ``<p>`` and ``<ul>`` blocks (in ``<div{attrs}>`` when attrs are given)."""
    parts = blocks(text)
    if len(parts) == 1 and parts[0][0] == "p":
        body = to_html(parts[0][1], link=link)
        return body if bare else f"<p{attrs}>{body}</p>"
    out = []
    for kind, body in parts:
        if kind == "p":
            out.append(f"<p>{to_html(body, link=link)}</p>")
        else:
            out.append("<ul>" + "".join(f"<li>{to_html(i, link=link)}</li>" for i in body) + "</ul>")
    inner = "".join(out)
    return f"<div{attrs}>{inner}</div>" if attrs or bare else inner


def _inline_plain(text: str) -> str:
    return "".join(body for _, body, _ in spans(text))


def _inline_markdown(text: str) -> str:
    out = []
    for kind, body, href in spans(text):
        out.append({"strong": f"**{body}**", "em": f"*{body}*", "code": f"`{body}`",
                    "link": f"[{body}]({href})"}.get(kind, body))
    return "".join(out)


def _by_blocks(text: str, one) -> str:
    out = []
    for kind, body in blocks(text):
        out.append(one(body) if kind == "p" else "\n".join("- " + one(i) for i in body))
    return "\n\n".join(out)


def to_plain(text: str) -> str:
    """The words alone, as a person reads them (links keep their text only); blank lines between blocks."""
    return _by_blocks(text, _inline_plain)


def to_markdown(text: str) -> str:
    """Markdown for pasting into a comms plan or chat: links keep their address; blocks stay blocks."""
    return _by_blocks(text, _inline_markdown)
