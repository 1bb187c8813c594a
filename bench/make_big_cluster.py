"""Write a synthetic cluster of N articles (default 50) for timing the offline backend.

The articles retell one invented story from sentence templates filled with invented
actors, places and figures, so outlets overlap (wire copy, shared facts told in
other words) the way a real cluster does, with some loaded terms, datelines, a
question and page furniture mixed in. Deterministic for a given --seed.

    python bench/make_big_cluster.py /tmp/big-cluster --articles 50
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

ACTORS = ["the Interior Ministry", "the Harbour Authority", "union leader Mara Venn",
          "Mayor Tomas Ekel", "the employers' federation", "police spokesman Arno Lind",
          "the opposition Green Party", "Transport Minister Ilse Kord"]  # fmt: skip
PLACES = ["Port Ardel", "Lisk", "Veyra", "the northern terminal", "Dorn Bay", "Calder"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FACTS = [
    "{n} ships were waiting outside {place} on {day} as the strike entered its {ord} day.",
    "About {n}00 dockers marched through {place} on {day}, {actor} said.",
    "{Actor} said talks would resume on {day} at {place} with a mediator present.",
    "Freight rates on the northern route rose {n}% on {day}, according to brokers.",
    "{Actor} accused the strikers of blocking fuel deliveries to {place}.",
    "{Actor} denied blocking fuel deliveries and said the claim was false.",
    "The strike began after talks on a {n}% pay rise collapsed late on {day}.",
    "Regime police cleared {n} strikers from the gates of {place} at dawn on {day}.",
    "Shops in {place} reported shortages of fresh food by {day}, {actor} said.",
    "{Actor} warned that exports worth {n} million euros a week were at risk.",
    "The government has not ruled out emergency legislation, {actor} told reporters.",
    "{Actor} called the dispute the longest since {year} in a statement on {day}.",
]
WIRE = [
    "The Harbour Authority said {n} ships were waiting outside Port Ardel on Monday "
    "as the dockers' strike entered its third day.",
    "Union leader Mara Venn said the dockers would not return without a 6% pay rise.",
]
FURNITURE = ["Share this article", "Read more: Port news in brief", "Subscribe to our newsletter"]
QUESTION = "Will the strike change how the country ships its goods?"
ORDINALS = ["second", "third", "fourth", "fifth", "sixth"]


def _sentence(rng: random.Random) -> str:
    actor = rng.choice(ACTORS)
    return rng.choice(FACTS).format(
        n=rng.randint(2, 60),
        place=rng.choice(PLACES),
        day=rng.choice(DAYS),
        ord=rng.choice(ORDINALS),
        actor=actor,
        Actor=actor[0].upper() + actor[1:],
        year=rng.randint(1980, 2015),
    )


def article_text(rng: random.Random, index: int, sentences: int) -> str:
    lines = [f"PORT ARDEL, Veyra (Wire {index}) \u2014 " + WIRE[0].format(n=40)]
    if rng.random() < 0.5:
        lines.append(WIRE[1])
    lines += [_sentence(rng) for _ in range(sentences)]
    if rng.random() < 0.3:
        lines.insert(rng.randint(1, len(lines)), QUESTION)
    paragraphs = [" ".join(lines[start : start + 3]) for start in range(0, len(lines), 3)]
    return "\n\n".join([*paragraphs, rng.choice(FURNITURE)]) + "\n"


def write_cluster(folder: Path, articles: int, sentences: int, seed: int) -> Path:
    rng = random.Random(seed)
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    entries = []
    for index in range(articles):
        article_id = f"outlet-{index:03d}"
        path = folder / "articles" / f"{article_id}.txt"
        path.write_text(article_text(rng, index, sentences), encoding="utf-8")
        entries.append(
            {
                "id": article_id,
                "file": f"articles/{article_id}.txt",
                "outlet": f"Outlet {index}",
                "published": f"2024-05-{1 + index % 28:02d}",
                "language": "en",
            }
        )
    cluster = {
        "id": f"synthetic-{articles}",
        "title": "Dockers' strike at Port Ardel (synthetic)",
        "language": "en",
        "articles": entries,
    }
    (folder / "cluster.json").write_text(json.dumps(cluster, indent=2), encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--sentences", type=int, default=28, help="sentences per article")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    folder = write_cluster(args.folder, args.articles, args.sentences, args.seed)
    print(f"wrote {args.articles} articles to {folder}")


if __name__ == "__main__":
    main()
