"""From what a visitor typed to a Wagtail search query: cleaned, bounded, expanded with synonyms.

Only letters and digits reach the backend, so operators, quotes and control characters typed by a
visitor (or an attacker) can never be read as query syntax. Quoted text becomes a phrase.
"""

import re
from dataclasses import dataclass
from itertools import islice

from django.utils.html import escape
from django.utils.safestring import mark_safe

from wagtail.search.query import And, Or, Phrase, PlainText

from .models import SynonymGroup

MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
MAX_VARIANTS = 8
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
WORDS = re.compile(r"[^\W_]+", re.UNICODE)
QUOTED = re.compile(r'"([^"]*)"')
# Dropped unless nothing else is left, so SQLite (which keeps them) and PostgreSQL (which drops them)
# find the same pages for "how to report a hate crime".
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "can",
        "do",
        "for",
        "from",
        "how",
        "i",
        "in",
        "into",
        "is",
        "it",
        "its",
        "me",
        "my",
        "of",
        "on",
        "or",
        "our",
        "so",
        "that",
        "the",
        "their",
        "there",
        "these",
        "they",
        "this",
        "to",
        "was",
        "we",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "you",
        "your",
    ]
)


def clean_query(raw):
    """The query as shown back to the visitor: no control characters, single spaces, bounded length."""
    text = CONTROL_CHARACTERS.sub(" ", raw or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def word_forms(word):
    """The word and its commonest English forms, so "events" finds "event" and "volunteering" finds
    "volunteer". SQLite's index matches whole words only; PostgreSQL stems, and is unharmed by this."""
    forms = [word]
    if len(word) < 4 or not word.isalpha():
        return forms
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    elif word.endswith(("ches", "shes", "sses", "xes")):
        forms.append(word[:-2])
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        forms.append(word[:-1])
    elif word.endswith("y") and word[-2] not in "aeiou":
        forms.append(word[:-1] + "ies")
    elif not word.endswith("ing"):
        forms.append(word + "s")
    if word.endswith("ing") and len(word) > 5:
        stem = word[:-3]
        vowels = "aeiou"
        if stem[-1] == stem[-2] and stem[-1] not in vowels + "ls":  # running: run
            forms.append(stem[:-1])
        elif stem[-1] not in vowels and stem[-2] in vowels and stem[-3] not in vowels:  # sharing: share
            forms.append(stem + "e")
        else:  # volunteering: volunteer
            forms.append(stem)
    return list(dict.fromkeys(forms))


@dataclass(frozen=True)
class Part:
    words: tuple
    quoted: bool = False


def parse(query):
    """[Part] from a cleaned query: quoted phrases stay together, other words stand alone."""
    parts = []
    for index, segment in enumerate(QUOTED.split(query)):
        words = tuple(word.lower() for word in WORDS.findall(segment))
        if not words:
            continue
        if index % 2 and len(words) > 1:
            parts.append(Part(words, quoted=True))
        else:
            parts.extend(Part((word,)) for word in words)
    meaningful = [part for part in parts if part.quoted or part.words[0] not in STOP_WORDS]
    parts = meaningful or parts
    # Every word beyond the limit would only narrow an AND search further, at some cost.
    bounded, total = [], 0
    for part in parts:
        if total + len(part.words) > MAX_WORDS:
            break
        bounded.append(part)
        total += len(part.words)
    return bounded or [Part(parts[0].words[:MAX_WORDS], parts[0].quoted)] if parts else []


def _replacements(parts, groups):
    """Yield variants of parts with one synonym swapped in."""
    for group in groups:
        for term in group:
            for start in range(len(parts)):
                end = _match_end(parts, start, term)
                if end is None:
                    continue
                for other in group:
                    if other == term:
                        continue
                    replacement = [Part(other, quoted=len(other) > 1)]
                    yield parts[:start] + replacement + parts[end:]


def _match_end(parts, start, term):
    """Where term ends if it starts at parts[start]: a quoted phrase equal to it, or a run of words."""
    part = parts[start]
    if part.quoted:
        return start + 1 if part.words == term else None
    end = start + len(term)
    run = parts[start:end]
    if len(run) == len(term) and all(
        not p.quoted and p.words[0] == word for p, word in zip(run, term, strict=True)
    ):
        return end
    return None


@dataclass
class SearchQuery:
    """A visitor's search: the text to show, the variants to search for, and the words to highlight."""

    text: str
    variants: list

    @classmethod
    def from_text(cls, raw, synonym_groups=None):
        text = clean_query(raw)
        parts = parse(text)
        if not parts:
            return cls(text, [])
        groups = SynonymGroup.all_groups() if synonym_groups is None else synonym_groups
        variants = [parts]
        for variant in islice(_replacements(parts, groups), MAX_VARIANTS):
            if variant not in variants:
                variants.append(variant)
        return cls(text, variants)

    def __bool__(self):
        return bool(self.variants)

    @property
    def synonyms_used(self):
        """The other words searched for, to tell the visitor."""
        original = {part.words for part in self.variants[0]} if self.variants else set()
        seen = []
        for variant in self.variants[1:]:
            for part in variant:
                phrase = " ".join(part.words)
                if part.words not in original and phrase not in seen:
                    seen.append(phrase)
        return seen

    def wagtail_query(self):
        """The query for Wagtail's `.search()`: every word of a variant must match; any variant may."""
        queries = [self._variant_query(variant) for variant in self.variants]
        return queries[0] if len(queries) == 1 else Or(queries)

    def relaxed_query(self):
        """Any of the words, in any of their forms: for when no page has every word ("volunteering
        near me"). Pages matching more of the words rank higher."""
        words = dict.fromkeys(
            form
            for variant in self.variants
            for part in variant
            for word in part.words
            if word not in STOP_WORDS
            for form in word_forms(word)
        )
        return PlainText(" ".join(words), operator="or") if words else None

    @property
    def words(self):
        """The words typed, in order, without the quotes."""
        return [word for part in self.variants[0] for word in part.words] if self.variants else []

    @staticmethod
    def _variant_query(parts):
        pieces = []
        for part in parts:
            if part.quoted:
                pieces.append(Phrase(" ".join(part.words)))
                continue
            forms = word_forms(part.words[0])
            pieces.append(
                PlainText(forms[0]) if len(forms) == 1 else PlainText(" ".join(forms), operator="or")
            )
        return pieces[0] if len(pieces) == 1 else And(pieces)

    @property
    def highlight_pattern(self):
        words = sorted(
            {
                form
                for variant in self.variants
                for part in variant
                for word in part.words
                for form in (word_forms(word) if not part.quoted else (word,))
                if len(form) > 1
            },
            key=len,
            reverse=True,
        )
        if not words:
            return None
        # A word's endings are highlighted too: PostgreSQL matches "volunteering" for "volunteer".
        return re.compile(r"\b(?:" + "|".join(re.escape(word) for word in words) + r")\w*", re.IGNORECASE)


def summarise(texts, pattern, words_before=12, length=36):
    """A short, HTML-safe summary with the query's words in <mark>.

    Uses the first text that mentions a query word, around that mention; else the first text's start.
    """
    texts = [" ".join(text.split()) for text in texts if text and text.strip()]
    if not texts:
        return ""
    chosen, position = texts[0], 0
    if pattern is not None:
        for text in texts:
            match = pattern.search(text)
            if match:
                chosen, position = text, match.start()
                break
    words = chosen.split(" ")
    index = len(chosen[:position].split(" ")) - 1 if position else 0
    start = max(0, index - words_before) if index > words_before + 4 else 0
    window = " ".join(words[start : start + length])
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + length < len(words) else ""
    return mark_safe(prefix + highlight(window, pattern) + suffix)  # noqa: S308 (highlight escapes)


def highlight(text, pattern):
    """text, escaped, with the pattern's matches in <mark>."""
    if pattern is None:
        return escape(text)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)
