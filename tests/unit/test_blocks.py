"""Block text: paragraphs, bullet lists and code spans in prose fields, and still never HTML."""

from __future__ import annotations

from incident_engine import inline

PROSE = """First paragraph with `code` and **strong**
that goes on.

- one [link](https://x.example/a)
- two, which
  goes on
- <b>three</b>

Last <b>bold?</b> paragraph."""


def test_code_spans_render_as_code_and_their_content_as_text():
    assert inline.to_html("run `make **test**` now") == "run <code>make **test**</code> now"
    assert inline.to_html("`<b>x</b>`") == "<code>&lt;b&gt;x&lt;/b&gt;</code>"
    assert inline.to_plain("run `make test`") == "run make test"
    assert inline.to_markdown("run `make test`") == "run `make test`"


def test_prose_splits_into_paragraphs_and_lists():
    assert inline.blocks(PROSE) == [
        ("p", "First paragraph with `code` and **strong** that goes on."),
        ("ul", ["one [link](https://x.example/a)", "two, which goes on", "<b>three</b>"]),
        ("p", "Last <b>bold?</b> paragraph."),
    ]


def test_block_html_is_paragraphs_and_a_list_never_html_from_content():
    html = inline.block_html(PROSE, attrs=' id="x"')
    assert html == ('<div id="x"><p>First paragraph with <code>code</code> and <strong>strong</strong> that goes on.</p>'
                    '<ul><li>one <a href="https://x.example/a">link</a></li><li>two, which goes on</li>'
                    "<li>&lt;b&gt;three&lt;/b&gt;</li></ul><p>Last &lt;b&gt;bold?&lt;/b&gt; paragraph.</p></div>")
    assert "<b>" not in html


def test_one_paragraph_renders_as_inline_text_did():
    text = "Just **one** paragraph,\nfolded."
    assert inline.block_html(text) == f"<p>{inline.to_html(text)}</p>"
    assert inline.block_html(text, attrs=' class="c"') == f'<p class="c">{inline.to_html(text)}</p>'
    assert inline.block_html(text, bare=True) == inline.to_html(text)
    assert not inline.is_blocks(text) and inline.is_blocks(PROSE)


def test_plain_and_markdown_keep_the_blocks_apart():
    assert inline.to_plain(PROSE) == ("First paragraph with code and strong that goes on.\n\n"
                                      "- one link\n- two, which goes on\n- <b>three</b>\n\n"
                                      "Last <b>bold?</b> paragraph.")
    assert inline.to_markdown(PROSE) == ("First paragraph with `code` and **strong** that goes on.\n\n"
                                         "- one [link](https://x.example/a)\n- two, which goes on\n- <b>three</b>\n\n"
                                         "Last <b>bold?</b> paragraph.")


def test_a_list_right_after_a_line_of_text_still_is_a_list():
    assert inline.blocks("Do this:\n- a\n- b") == [("p", "Do this:"), ("ul", ["a", "b"])]


def test_a_dash_inside_a_line_is_not_a_list():
    assert inline.blocks("Fast - but careful") == [("p", "Fast - but careful")]
