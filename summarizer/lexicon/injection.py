"""Prompt injection: text planted for language models, not for readers.

Two sets, for two jobs. ``MACHINE_NOTE_LINES`` must match a whole page line, so the
set is narrow (a line that only mentions instructions, "you should write to your MP",
stays content and keeps the sentence numbers as they are). A line that opens as a note
to machines is removed as furniture; a line that holds an "ignore previous
instructions" among article sentences loses only its instruction sentences
(``summarizer.extract.notes``). A sentence is an instruction when it matches either
set anywhere (``looks_like_instruction``): that only keeps it out of a summary, so
``INSTRUCTION_PATTERNS`` may be broad ("you must write...", "system:", "<user>").
"""

from __future__ import annotations

import re

# Whole-line patterns (``re.fullmatch``, case-insensitive) for page furniture: a line
# with an order to ignore what came before, and a line that is a note to machines.
IGNORE_INSTRUCTIONS_LINE = (
    r".{0,300}\bignore (all |any )?(the )?(previous|prior|above|earlier|preceding)"
    r" (instructions|prompts?)\b.{0,600}"
)
NOTE_TO_MACHINES_LINE = (
    r"(note|message|instructions?) (to|for) (ai|llms?|language models?|chatbots?"
    r"|(ai|automated) (assistants?|summari[sz]ers?|systems?|tools?))\b.{0,600}"
)
MACHINE_NOTE_LINES = (IGNORE_INSTRUCTIONS_LINE, NOTE_TO_MACHINES_LINE)

# Patterns searched in a sentence: text that addresses a language model.
INSTRUCTION_PATTERNS = (
    r"\b(ignore|disregard|forget|override)\b[^.]{0,40}\b(instructions?|prompts?|directions|rules"
    r"|guidelines|context)\b",
    r"\bsystem\s+(prompt|message|instruction)",
    r"\b(new|updated|hidden|secret)\s+instructions?\b",
    r"\byou\s+(must|should|shall|will|are\s+to|need\s+to)\s+(now\s+|also\s+|always\s+)?"
    r"(write|say|state|output|respond|reply|summari[sz]e|include|describe|call|refer|mention"
    r"|print|report|claim|conclude)\b",
    r"\b(as\s+an?|dear|attention|note\s+to(\s+the)?|hey|hello)\s+(ai|assistant|language\s+model"
    r"|llm|chatbot|summari[sz]er|bot)\b",
    r"\b(ai|assistant|language\s+model|llm|chatbot|chatgpt|summari[sz]er|summari[sz]ation\s+"
    r"(tool|model|system))s?\b[^.]{0,60}\b(must|should|shall|always|never|is\s+instructed)\b",
    r"\b(in|into|for)\s+(your|the|this)\s+(summary|output|response|answer)\b",
    r"\b(your|this)\s+(summary|response|answer)\s+(must|should|shall)\b",
    r"\bprompt\s+injection\b",
    r"</?\s*(system|assistant|user|instruction)s?\s*>",
    r"^\W*(system|assistant|user|developer)\s*:",  # a chat role written into the page
    r"\byou\s+are\s+now\b",
    r"^\W*(output|respond|reply|answer|print|write|say)\s+(only|nothing\s+but)\b",
    # An order that opens the sentence: "Write that the mayor resigned."
    r"^\W*(write|say|state|claim|conclude|mention|assert|insist|pretend)\s+that\b",
    r"^\W*(describe|portray|characteri[sz]e)\s+(the|them|him|her|it|this|these)\b[^.]{0,80}\bas\b",
)
# An instruction that stops before its order ("Ignore all previous instructions:",
# "... instructions."): the order is the next sentence.
ORDER_FOLLOWS = re.compile(
    r"(:|\b(instructions?|prompts?|directions|rules|guidelines|context))\W*$", re.IGNORECASE
)


def _searched(pattern: str) -> str:
    """A whole-line pattern for ``search``: its leading and trailing ``.{0,n}`` dropped.
    They may match nothing, so whether a search finds the pattern is unchanged, and a
    search no longer tries hundreds of characters before every position."""
    return re.sub(r"\.\{0,\d+\}$", "", re.sub(r"^\.\{0,\d+\}", "", pattern))


_INSTRUCTION_RE = re.compile(
    "|".join(f"(?:{_searched(p)})" for p in (*INSTRUCTION_PATTERNS, *MACHINE_NOTE_LINES)),
    re.IGNORECASE,
)


def looks_like_instruction(text: str) -> bool:
    """True for text addressed to a language model ("ignore previous instructions"...)."""
    return _INSTRUCTION_RE.search(text) is not None
