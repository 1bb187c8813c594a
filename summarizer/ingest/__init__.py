"""Read a cluster of articles: folders, cluster files, single files, stdin and API data.

``load_cluster`` reads a path; ``load_cluster_data`` reads cluster-shaped data (a
dict, a JSON string or a ``ClusterInput``); ``cluster_from_input`` reads a validated
``ClusterInput``. ``decode`` turns bytes into text. Finding the article's own text
inside its page is the next stage's job (``summarizer.extract``).
"""

from .articles import ARTICLE_SUFFIXES, parse_json, read_article, sanitise_id
from .dates import published_from_text
from .decode import MAX_ARTICLE_BYTES, MAX_ARTICLE_MB, Decoded, decode_bytes, read_text_file
from .load import (
    CLUSTER_FILE,
    cluster_from_input,
    load_cluster,
    load_cluster_data,
    validate_cluster,
)

__all__ = [
    "ARTICLE_SUFFIXES",
    "CLUSTER_FILE",
    "MAX_ARTICLE_BYTES",
    "MAX_ARTICLE_MB",
    "Decoded",
    "cluster_from_input",
    "decode_bytes",
    "load_cluster",
    "load_cluster_data",
    "parse_json",
    "published_from_text",
    "read_article",
    "read_text_file",
    "sanitise_id",
    "validate_cluster",
]
