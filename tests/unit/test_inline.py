"""Inline text: three forms of markup, everything else is text."""

from incident_engine import inline


def test_strong_em_and_links_render():
    assert inline.to_html("a **b** *c* [d](https://e.example/f)") == (
        'a <strong>b</strong> <em>c</em> <a href="https://e.example/f">d</a>')


def test_markup_in_content_is_shown_as_text():
    html = inline.to_html('<script>alert(1)</script><img src=x onerror="alert(2)">')
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_unsafe_links_never_become_links():
    for url in ("javascript:alert(1)", "data:text/html,x", "vbscript:x"):
        assert "<a" not in inline.to_html(f"[x]({url})")


def test_links_with_parentheses_keep_their_whole_address():
    assert inline.spans("see [w](https://w.example/a_(b)).") == [
        ["text", "see ", ""], ["link", "w", "https://w.example/a_(b)"], ["text", ".", ""]]


def test_plain_and_markdown_forms():
    text = "**Join** the [channel](https://x.example)."
    assert inline.to_plain(text) == "Join the channel."
    assert inline.to_markdown(text) == text


def test_a_link_writer_writes_each_link_from_its_address_and_plain_label():
    seen = []

    def writer(href: str, label: str) -> str:
        seen.append((href, label))
        return f"[{label} → {href}]"

    assert inline.to_html("a [b & c](https://e.example/?x=1&y=2) d", link=writer) == "a [b & c → https://e.example/?x=1&y=2] d"
    assert seen == [("https://e.example/?x=1&y=2", "b & c")]
    assert inline.block_html("p [l](#x)\n\n- [m](/teams)", link=writer) == "<p>p [l → #x]</p><ul><li>[m → /teams]</li></ul>"
