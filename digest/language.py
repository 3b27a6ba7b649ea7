"""English word resources shared by the ranking steps, all shipped inside sumy and NLTK.

sumy's stop-word list is a file in its wheel and NLTK's Snowball stemmer is code, so
neither needs a download at run time (unlike punkt, which `digest.sentences` replaces).
"""

from __future__ import annotations

from sumy.nlp.stemmers import Stemmer
from sumy.utils import get_stop_words

LANGUAGE = "english"
STOP_WORDS: frozenset[str] = frozenset(get_stop_words(LANGUAGE))
STEMMER = Stemmer(LANGUAGE)
