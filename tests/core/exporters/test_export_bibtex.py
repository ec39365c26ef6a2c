"""BibTeX export: what LaTeX users paste into their .bib files, read back by our importer."""

from __future__ import annotations

from readinglist_gui.core.exporters import bibtex, export
from readinglist_gui.core.importers import read_string
from readinglist_gui.core.library import Library
from readinglist_gui.core.records import PaperRecord


def _by_title(papers: list[PaperRecord]) -> dict[str, PaperRecord]:
    return {paper.title: paper for paper in papers}


def test_export_then_import_keeps_titles_authors_years_and_ids(tricky: Library) -> None:
    original = _by_title(tricky.export_batch().papers)
    text = export(tricky, "bibtex")
    batch = read_string(text, "export.bib", format="bibtex")
    assert batch.problems == []
    again = _by_title(batch.papers)
    assert set(again) == set(original)
    for title, paper in original.items():
        back = again[title]
        assert back.authors == paper.authors, title
        assert back.year == paper.year
        assert back.arxiv_id == paper.arxiv_id
        assert back.doi == paper.doi
        assert [t.casefold() for t in back.tags] == [t.casefold() for t in paper.tags]


def test_arxiv_papers_carry_eprint_fields_and_old_ids_their_class(tricky: Library) -> None:
    text = export(tricky, "bibtex")
    old_style = text[text.index("@misc{maldacena1997string,") :].split("\n}\n", 1)[0]
    assert "eprint        = {hep-th/9711200}" in old_style
    assert "archivePrefix = {arXiv}" in old_style
    assert "primaryClass  = {hep-th}" in old_style
    assert "eprint        = {2405.04434}" in text


def test_special_characters_are_escaped_for_latex(tricky: Library) -> None:
    text = export(tricky, "bibtex")
    line = next(row for row in text.splitlines() if "Costs" in row)
    assert r"{{Costs \& Benefits of 100\% Sparse\_Models: \textasciitilde{}\$5 \#1}}" in line
    assert bibtex.escape("{a}^\\b") == r"\{a\}\textasciicircum{}\textbackslash{}b"
    assert "van Beethoven, Ludwig and Müller-Łukasz, José and {DeepSeek-AI}" in text


def test_keys_are_stable_across_exports_and_additions(tricky: Library) -> None:
    first = _keys(export(tricky, "bibtex"))
    assert len(set(first)) == len(first)
    assert "vaswani2017attention" in first and "vaswani2017attentionb" in first
    tricky.add_paper(PaperRecord(title="Attention, again", authors=["Zoe Vaswani"], year=2017))
    second = _keys(export(tricky, "bibtex"))
    assert second[: len(first)] == first
    assert second[-1] == "vaswani2017attentionc"


def test_a_key_needs_nothing_but_a_title() -> None:
    from readinglist_gui.core.records import RecordBatch

    text = bibtex.dumps(RecordBatch(papers=[PaperRecord(title="Über die Lösungen")]))
    assert text.startswith("@misc{anonnduber,")


def _keys(text: str) -> list[str]:
    return [line.split("{", 1)[1].rstrip(",") for line in text.splitlines() if line.startswith("@")]
