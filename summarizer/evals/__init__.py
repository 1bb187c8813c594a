"""The eval harness, split as inspect_ai splits it.

- dataset: eval-set folders read into models (``load_eval_set``, ``discover``);
- runner (the solver): runs the summariser on each set and times it (``run_eval``);
- scorer + metrics: the reference metrics of FORMAT.md (``../shared/evals/FORMAT.md``,
  summarised in docs/evals.md) (``make_scorer``);
- baselines, report, compare: what a run is shown beside, and how it is shown.
"""

from ..models import JudgeVerdict
from .compare import Comparison, compare
from .dataset import EvalSet, Labels, discover, load_eval_set
from .metrics import METRICS, CitationRef, ScoredSentence
from .report import EvalReport, load_report
from .runner import arun_eval, run_eval, score_summary_file
from .scorer import Score, from_cluster_summary, from_plain_text, make_scorer, read_summary

__all__ = [
    "METRICS",
    "CitationRef",
    "Comparison",
    "EvalReport",
    "EvalSet",
    "JudgeVerdict",
    "Labels",
    "Score",
    "ScoredSentence",
    "arun_eval",
    "compare",
    "discover",
    "from_cluster_summary",
    "from_plain_text",
    "load_eval_set",
    "load_report",
    "make_scorer",
    "read_summary",
    "run_eval",
    "score_summary_file",
]
