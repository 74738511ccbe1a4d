""" "Did you mean ...?": corrections for misspelt words, from the words the search index holds.

The vocabulary is read from the database index (titles and text of everything indexed), counted and
cached; a word that is not in it is replaced by the closest indexed word of similar length, the most
frequent one when several are as close. A search engine backend has no database index: no suggestion.
"""

import difflib
import logging
import re
from collections import Counter, defaultdict

from django.core.cache import cache
from django.db import DatabaseError

logger = logging.getLogger(__name__)

VOCABULARY_CACHE_KEY = "search:spelling-vocabulary"
# A new page's words are suggested within this time; rebuilding on every page save would cost more.
VOCABULARY_SECONDS = 600
# Enough for every word a hub uses; the newest entries are read first on a very large index.
MAX_ENTRIES = 20_000
MAX_WORDS = 50_000
MIN_LENGTH = 4
SIMILARITY = 0.8
WORD = re.compile(r"[^\W\d_]{" + str(MIN_LENGTH) + ",}", re.UNICODE)


def build_vocabulary():
    """{length: {word: count}} of the index's words of MIN_LENGTH letters or more."""
    from modelsearch.conf import get_app_config

    IndexEntry = get_app_config().get_model("IndexEntry")  # noqa: N806
    names = {field.name for field in IndexEntry._meta.fields}
    columns = [f"{name}_text" if f"{name}_text" in names else name for name in ("title", "body")]
    counts = Counter()
    rows = IndexEntry.objects.order_by("-pk").values_list(*columns)[:MAX_ENTRIES]
    for texts in rows.iterator(chunk_size=2000):
        for text in texts:
            if text:
                counts.update(word.lower() for word in WORD.findall(text))
    by_length = defaultdict(dict)
    for word, count in counts.most_common(MAX_WORDS):
        by_length[len(word)][word] = count
    return dict(by_length)


def vocabulary():
    """The cached vocabulary; empty when there is no database index to read."""
    words = cache.get(VOCABULARY_CACHE_KEY)
    if words is None:
        try:
            words = build_vocabulary()
        except (LookupError, DatabaseError):
            logger.warning("Could not read the search index for spelling suggestions", exc_info=True)
            words = {}
        cache.set(VOCABULARY_CACHE_KEY, words, VOCABULARY_SECONDS)
    return words


def correct_word(word, words):
    """The indexed word closest to `word`, or None when it is indexed already or nothing is close."""
    if len(word) < MIN_LENGTH or not word.isalpha() or word in words.get(len(word), {}):
        return None
    candidates = {}
    for length in range(len(word) - 2, len(word) + 3):
        candidates.update(words.get(length, {}))
    close = difflib.get_close_matches(word, candidates, n=5, cutoff=SIMILARITY)
    if not close:
        return None
    best = difflib.SequenceMatcher(None, word, close[0]).ratio()
    # Equally close: the commoner word is the likelier meaning.
    tied = [other for other in close if difflib.SequenceMatcher(None, word, other).ratio() == best]
    return max(tied, key=lambda other: candidates[other])


def suggestion(words):
    """The query with each misspelt word corrected, or None when nothing needed correcting."""
    known = vocabulary()
    if not known:
        return None
    corrected = [correct_word(word, known) or word for word in words]
    return " ".join(corrected) if corrected != list(words) else None
