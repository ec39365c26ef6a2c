"""The README's full-text search screenshots: ``docs/screenshots/fulltext.png`` and ``-dark``.

The window opens on the sample library (as ``docs/screenshots.py`` does), and
the sample papers without a demo PDF get stand-in PDFs of a few pages, drawn
here with PyMuPDF from sentences about their subject: no one's paper is
copied, but the index, the ranking and the snippets are the real ones. The
app indexes them in the background, as it would after an attach; the shot
shows the "Text of PDFs" scope answering a query.

Run ``QT_QPA_PLATFORM=offscreen python docs/fulltext_screenshot.py`` (the
window is grabbed with ``QWidget.grab``), or under ``xvfb-run`` like the others.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screenshots import OUT, fusion_palette, make_app, open_window, settle, wait_until

from readinglist_gui.core.pdf import attach_pdf
from readinglist_gui.ui.main_window import MainWindow
from readinglist_gui.ui.search_box import SearchScope

QUERY = "KV cache"
TOPICS = {
    ("cache", "memory", "serving", "paged", "inference", "decoding", "attention engine"): (
        "During decoding the KV cache grows with every generated token and soon dominates "
        "GPU memory.",
        "We store the keys and values of past tokens in a paged KV cache, so memory is "
        "allocated in fixed-size blocks on demand.",
        "Throughput improves by 2-4x at the same latency compared with systems that reserve "
        "the KV cache for the maximum sequence length.",
        "Table 3 reports the memory used by activations, weights and the KV cache for each "
        "batch size.",
    ),
    ("quantiz", "compress", "vector"): (
        "Compressing the KV cache to two bits per value keeps perplexity within one percent "
        "of the full-precision baseline.",
        "Quantising the weights to 3 or 4 bits with second-order information loses little "
        "accuracy on language modelling benchmarks.",
    ),
    ("attention", "flash", "ring"): (
        "Attention is computed block by block in on-chip SRAM, which avoids writing the "
        "attention matrix to high-bandwidth memory.",
        "Grouped-query attention shares one key and value head among several query heads, "
        "which shrinks the KV cache by the group size.",
        "Ring attention passes key-value blocks between devices while computing, so the "
        "sequence length grows with the number of devices.",
    ),
    ("expert", "moe", "deepseek", "mixtral"): (
        "The mixture-of-experts layer routes each token to two of its eight experts.",
        "Multi-head latent attention compresses keys and values into a small latent vector, "
        "cutting the KV cache of each layer by an order of magnitude.",
    ),
    ("position", "rope", "context", "rotary", "window"): (
        "Rotary position embeddings encode absolute positions with a rotation matrix and "
        "relative positions in the attention scores.",
        "We extend the context window to 128k tokens with less than one percent of the "
        "pre-training compute.",
    ),
    ("speculative", "lookahead", "multi-token", "prediction"): (
        "Speculative decoding drafts several tokens with a small model and verifies them in "
        "one forward pass of the large one.",
        "We train with a multi-token prediction objective that predicts the next four tokens "
        "from a shared trunk.",
    ),
    ("normalization", "training", "communication", "optimization", "agency", "rl"): (
        "Layer normalisation is replaced by RMSNorm, which drops the re-centring and costs "
        "less at inference.",
        "Low-communication training synchronises the workers only every few hundred steps.",
        "The policy is updated on truncated rollouts, which keeps the GPUs busy while long "
        "answers are still being generated.",
    ),
}
"""Sentences by subject: a stand-in PDF mostly speaks of the subjects its title names."""
GENERAL = (
    "We evaluate on standard language modelling and reasoning benchmarks.",
    "All experiments run on a single node of eight GPUs unless stated otherwise.",
    "Section 5 discusses limitations and directions for future work.",
)
PAGES = (5, 9)
"""Each stand-in PDF has between this many pages."""


def sentences_for(title: str) -> list[str]:
    """The sentences of the subjects ``title`` names, or of every subject if it names none."""
    lowered = title.casefold()
    chosen = [
        sentence
        for keys, sentences in TOPICS.items()
        if any(key in lowered for key in keys)
        for sentence in sentences
    ]
    return chosen or [sentence for sentences in TOPICS.values() for sentence in sentences]


def stand_in_pdf(path: Path, title: str, authors: str, seed: int) -> Path:
    """A few pages of sentences on the paper's subject, titled like the paper."""
    import pymupdf

    chooser = random.Random(seed)
    own = sentences_for(title)
    document = pymupdf.open()
    for number in range(chooser.randint(*PAGES)):
        page = document.new_page()
        top = 56.0
        if number == 0:
            page.insert_textbox(pymupdf.Rect(56, top, 540, top + 60), title, fontsize=16)
            page.insert_textbox(pymupdf.Rect(56, top + 62, 540, top + 80), authors, fontsize=10)
            top += 100
        paragraphs = [
            " ".join(
                chooser.choice(own if chooser.random() < 0.8 else GENERAL)
                for _ in range(chooser.randint(3, 6))
            )
            for _ in range(6)
        ]
        page.insert_textbox(
            pymupdf.Rect(56, top, 540, 790), "\n\n".join(paragraphs), fontsize=10, align=3
        )
    document.save(path)
    document.close()
    return path


def attach_stand_ins(window: MainWindow, scratch: Path) -> None:
    """Give every sample paper without a PDF a stand-in one, attached as the app attaches."""
    library = window.library
    for paper_id in window.model.ids():
        detail = library.paper(paper_id)
        if detail is None or library.pdf_path(paper_id) is not None:
            continue
        authors = ", ".join(detail.authors) if detail.authors else ""
        source = stand_in_pdf(scratch / f"{paper_id}.pdf", detail.title, authors, paper_id)
        target = attach_pdf(library.pdf_dir, source, str(paper_id))
        library.set_pdf(paper_id, target.relative_to(library.folder).as_posix())


def shoot(app: QApplication, dark: bool, out: Path) -> None:
    app.setPalette(fusion_palette(dark))
    with tempfile.TemporaryDirectory(prefix="readinglist-fulltext-shot-") as scratch:
        folder = Path(scratch)
        window = open_window(folder)
        try:
            (folder / "src").mkdir()
            attach_stand_ins(window, folder / "src")
            fulltext = window.fulltext
            wait_until(lambda: fulltext.index.is_running(), "indexing to start", timeout=30)
            wait_until(fulltext.index.is_idle, "indexing to finish", timeout=120)
            window.search.set_scope(SearchScope.PDF_TEXT)
            window.search.setFocus()
            window.search.setText(QUERY)
            window.search.flush()

            def answered() -> bool:
                answer = fulltext.results.answer()
                return answer is not None and bool(answer.papers)

            wait_until(answered, "the full-text answer")
            window.statusBar().clearMessage()
            settle(400)
            name = "fulltext-dark" if dark else "fulltext"
            path = out / f"{name}.png"
            pixmap = window.grab()
            if not pixmap.save(str(path)):
                raise SystemExit(f"screenshots: could not write {path}")
            print(f"wrote {path} ({pixmap.width()}x{pixmap.height()})")
        finally:
            window.close()
            window.library.close()
            window.deleteLater()
            settle(100)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the PNGs")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    app = make_app()
    for dark in (False, True):
        shoot(app, dark, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
