"""Synthetic libraries with realistic field sizes, reproducible from a seed.

Words follow a Zipf-like distribution so text searches hit realistic numbers
of papers: a rare word a few dozen, a common prefix thousands.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass

from readinglist_gui.core.records import (
    EntryRecord,
    LinkKind,
    LinkRecord,
    ListRecord,
    PaperRecord,
    RecordBatch,
    SectionRecord,
    Status,
)

SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ra",
    "tu",
    "vo",
    "zen",
    "shi",
    "pa",
    "dor",
    "el",
    "qua",
    "bri",
    "sta",
    "gen",
    "mor",
    "fi",
    "lux",
    "tra",
    "pen",
    "cor",
    "dia",
    "neu",
    "ro",
    "net",
    "form",
    "ten",
    "sor",
]
TAGS = [
    "LLM",
    "Vision",
    "RL",
    "Agents",
    "Data Eng",
    "Model Release",
    "Deep Research",
    "Prompt Eng",
    "GPU Perf",
    "Model Merging",
    "Optimizers",
    "Scaling",
    "Theory",
    "Robotics",
    "Speech",
    "Audio",
    "Diffusion",
    "GAN",
    "Graph",
    "Retrieval",
    "RAG",
    "Safety",
    "Alignment",
    "Interpretability",
    "Benchmarks",
    "Datasets",
    "Compression",
    "Quantization",
    "Distillation",
    "MoE",
    "Attention",
    "State Space",
    "Long Context",
    "Multimodal",
    "Video",
    "3D",
    "Medical",
    "Code",
    "Math",
    "Reasoning",
    "Planning",
    "Memory",
    "Serving",
    "Training",
    "Fine-tuning",
    "Evaluation",
    "Federated",
    "Privacy",
    "Fairness",
    "Tabular",
]
FIRST = ["Ada", "Wei", "Maria", "Jun", "Ravi", "Lena", "Omar", "Yuki", "Tom", "Ines", "Sam", "Li"]
LAST = ["Chen", "Garcia", "Kim", "Nguyen", "Smith", "Rossi", "Müller", "Sato", "Khan", "Silva"]


BROAD = {
    "efficient": 18,
    "attention": 25,
    "transformer": 30,
    "scaling": 34,
    "memory": 45,
    "transfer": 90,
    "scalable": 120,
    "efficiency": 150,
}
"""Words people type, placed at ranks where (with their relatives: "transformer" and
"transfer" under "trans") they match a fifth to four fifths of the papers, as the
common words of real abstracts do."""
_STREAM = 2_000_000
TYPED = ("att", "trans", "scal", "mem", "effic")
"""What ``bench`` and ``bench.gui`` type as broad searches."""


@dataclass(frozen=True, slots=True)
class Vocabulary:
    words: list[str]
    cumulative: list[float]
    stream: list[str]
    """Words drawn once by their weights; a sentence is a slice of it at a random place,
    which keeps each word's frequency and makes a million papers in about a minute."""

    @classmethod
    def make(cls, rng: random.Random, size: int = 4000) -> Vocabulary:
        words: list[str] = []
        seen: set[str] = set(BROAD)
        while len(words) < size:
            word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
            if word not in seen:
                seen.add(word)
                words.append(word)
        for word, rank in sorted(BROAD.items(), key=lambda item: item[1]):
            words.insert(rank, word)
        del words[size:]
        weights = [1.0 / (rank + 1) ** 1.07 for rank in range(size)]
        cumulative = list(itertools.accumulate(weights))
        stream = rng.choices(words, cum_weights=cumulative, k=_STREAM)
        return cls(words, cumulative, stream)

    def sentence(self, rng: random.Random, count: int) -> str:
        start = rng.randrange(len(self.stream) - count)
        return " ".join(self.stream[start : start + count])


def papers(size: int, seed: int = 7) -> tuple[Iterator[PaperRecord], Vocabulary]:
    """``size`` papers, made one at a time: ~150-word abstracts, 1 to 4 of 50 tags,
    notes on ~10%, one added every 7 minutes from 2020."""
    rng = random.Random(seed)
    vocabulary = Vocabulary.make(rng)
    start = dt.datetime(2020, 1, 1)
    statuses = list(Status)

    def made() -> Iterator[PaperRecord]:
        for n in range(size):
            status = rng.choices(statuses, [70, 20, 10])[0]
            arxiv = f"{20 + n % 6:02d}{1 + n % 12:02d}.{n:05d}"
            yield PaperRecord(
                title=vocabulary.sentence(rng, rng.randint(5, 12)).capitalize(),
                authors=[
                    f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(rng.randint(1, 8))
                ],
                year=rng.randint(2012, 2026),
                abstract=vocabulary.sentence(rng, rng.randint(110, 190)),
                arxiv_id=arxiv,
                links=[LinkRecord(f"https://arxiv.org/abs/{arxiv}", LinkKind.ABS)],
                tags=rng.sample(TAGS, rng.randint(1, 4)),
                status=status,
                note=vocabulary.sentence(rng, 80) if status is Status.NOTED else "",
                added=start + dt.timedelta(minutes=n * 7),
            )

    return made(), vocabulary


def reading_lists(size: int, seed: int = 7) -> list[ListRecord]:
    """One list of eight weekly sections of five papers per 2,000 papers (at least two)."""
    rng = random.Random(seed + 1)
    count = max(2, size // 2000)
    members = rng.sample(range(size), k=min(size, count * 40))
    lists = []
    for number in range(count):
        chosen = members[number * 40 : (number + 1) * 40]
        sections = [
            SectionRecord(
                f"Week {week + 1}",
                entries=[EntryRecord(i) for i in chosen[week * 5 : week * 5 + 5]],
            )
            for week in range(8)
        ]
        lists.append(ListRecord(name=f"Reading list {number + 1}", sections=sections))
    return lists


def library(size: int, seed: int = 7) -> tuple[RecordBatch, Vocabulary]:
    """The papers and lists above as one batch, for importing through the library."""
    made, vocabulary = papers(size, seed)
    return RecordBatch(papers=list(made), lists=reading_lists(size, seed)), vocabulary
