"""Synthetic libraries with realistic field sizes, reproducible from a seed.

Words follow a Zipf-like distribution so text searches hit realistic numbers
of papers: a rare word a few dozen, a common prefix thousands.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from readinglist_gui.core.records import (
    EntryRecord,
    ImportBatch,
    LinkKind,
    LinkRecord,
    ListRecord,
    PaperRecord,
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


@dataclass(frozen=True, slots=True)
class Vocabulary:
    words: list[str]
    weights: list[float]

    @classmethod
    def make(cls, rng: random.Random, size: int = 4000) -> Vocabulary:
        words: list[str] = []
        seen: set[str] = set()
        while len(words) < size:
            word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
            if word not in seen:
                seen.add(word)
                words.append(word)
        return cls(words, [1.0 / (rank + 1) ** 1.07 for rank in range(size)])

    def sentence(self, rng: random.Random, count: int) -> str:
        return " ".join(rng.choices(self.words, self.weights, k=count))


def library(size: int, seed: int = 7) -> tuple[ImportBatch, Vocabulary]:
    """A batch of ``size`` papers: ~150-word abstracts, 1 to 4 of 50 tags, notes on ~10%."""
    rng = random.Random(seed)
    vocabulary = Vocabulary.make(rng)
    start = dt.datetime(2020, 1, 1)
    batch = ImportBatch()
    for n in range(size):
        status = rng.choices(list(Status), [70, 20, 10])[0]
        arxiv = f"{20 + n % 6:02d}{1 + n % 12:02d}.{n:05d}"
        batch.papers.append(
            PaperRecord(
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
        )
    lists = max(2, size // 2000)
    members = rng.sample(range(size), k=min(size, lists * 40))
    for number in range(lists):
        chosen = members[number * 40 : (number + 1) * 40]
        sections = [
            SectionRecord(
                f"Week {week + 1}",
                entries=[EntryRecord(i) for i in chosen[week * 5 : week * 5 + 5]],
            )
            for week in range(8)
        ]
        batch.lists.append(ListRecord(name=f"Reading list {number + 1}", sections=sections))
    return batch, vocabulary
