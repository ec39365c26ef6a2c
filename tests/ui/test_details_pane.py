"""The details pane's own rules: only web links are opened, tags typed as a list."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel
from PySide6.QtWidgets import QLineEdit

from readinglist_gui.ui.details import TagCompleter, is_web_url, open_web_url, split_tags


def test_only_http_and_https_links_are_opened(qapp: object) -> None:
    assert is_web_url("https://arxiv.org/abs/1706.03762")
    assert is_web_url("HTTP://example.org/x")
    for url in ("file:///etc/passwd", "javascript:alert(1)", "data:text/html,hi", "ftp://x/y", ""):
        assert not is_web_url(url)
        assert open_web_url(url) is False


def test_typed_tags_are_split_tidied_and_deduplicated() -> None:
    assert split_tags(" LLM,  long   context ,llm,, MoE ") == ["LLM", "long context", "MoE"]
    assert split_tags("") == []


def test_the_completer_completes_only_the_last_tag(qapp: object) -> None:
    editor = QLineEdit()
    names = QStringListModel(["inference", "kernels"])
    completer = TagCompleter(names, editor)
    editor.setCompleter(completer)
    editor.setText("moe, inf")
    assert completer.splitPath(editor.text()) == ["inf"]
    index = names.index(0, 0)
    assert completer.pathFromIndex(index) == "moe, inference"
