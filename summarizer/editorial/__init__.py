"""Editorial stages shared by every backend, run by ``summarizer.api`` around it.

Before the backend: ``select_story`` leaves out articles that are not about the
cluster's story, and ``split_stories`` parts an input that holds several (``topic``).
After it: ``edit`` cleans scrape debris (``cleanup``), puts the lead first (``order``),
adds the story's lead when the body lacks what clearly more outlets report (``lead``)
or a changing figure more outlets report than the body's lead (``figure_lead``),
writes the headline from it (``headline``), builds the timeline (``timeline``), gives a
person named by surname alone the full name (``names``) and adds absolute dates where
the budget has room (``dates``), and fits the word budget
(``budget``). Each stage reads the corpus and the summary, never the backend.
"""

from __future__ import annotations

from ..models import ClusterSummary, Corpus, SummaryOptions
from .budget import date_words, fit_budget
from .cleanup import clean_summary
from .dates import add_dates
from .figure_lead import add_figure_lead
from .headline import make_headline
from .lead import add_missing_lead
from .names import introduce_people
from .order import SupportIndex, lead_first
from .repeats import merge_repeated_points
from .timeline import build_timeline, corpus_counts
from .topic import Story, select_story, split_stories

__all__ = ["Story", "edit", "select_story", "split_stories"]


def edit(
    summary: ClusterSummary, corpus: Corpus, options: SummaryOptions, story: Story | None = None
) -> ClusterSummary:
    """The backend's summary edited for a reader; ``story`` adds the filter's warnings."""
    summary = clean_summary(summary, corpus)
    index = SupportIndex(corpus)
    summary = lead_first(summary, corpus, index)
    led = add_missing_lead(summary, corpus, options.max_words, options.style_guide, index)
    counts = corpus_counts(corpus)
    led = add_figure_lead(led, corpus, options.max_words, options.style_guide, index, counts)
    if led is not summary:
        summary = clean_summary(led, corpus)  # the lead it added, cleaned as the rest
    summary = summary.model_copy(
        update={"headline": make_headline(summary, corpus, options.style_guide)}
    )
    summary = summary.model_copy(update={"timeline": build_timeline(summary, corpus, counts)})
    summary = merge_repeated_points(summary)
    room = max(0, options.max_words - summary.words) + date_words(options.max_words)
    introduced = introduce_people(summary, corpus, room)
    summary = add_dates(introduced, room=room - (introduced.words - summary.words))
    summary = fit_budget(summary, options.max_words)
    if story is not None and story.warnings:
        warnings = [w for w in story.warnings if w not in summary.warnings]
        summary = summary.model_copy(update={"warnings": [*warnings, *summary.warnings]})
    return summary
