"""The script search box: find questions, answers and reference-table rows as you type.

One :class:`SearchIndex` is built per tenant script (:meth:`SearchIndex.from_script`) and
answers :meth:`SearchIndex.search` in a few milliseconds even for tens of thousands of rows.

Matching is forgiving in the ways operators need:

* case and ``ё``/``е`` do not matter;
* Russian (and English) word endings do not matter: words are also compared by their
  Snowball stem, so «магазинов» finds «магазин» and «гарантии» finds «гарантия»;
* typos are tolerated: one edit (a transposition counts as one) in words of 4+ letters,
  two in words of 8+ letters, by optimal-string-alignment distance over the vocabulary;
* a word typed in the wrong keyboard layout is understood (``ghbdtn`` → «привет»,
  ``ыфьыгтп`` → ``samsung``);
* the last word is also matched as a prefix of longer words (as-you-type: «магаз»);
* model names and numbers match as tokens (``X200`` also matches ``X-200``; the letter and
  digit parts of ``UE55AU7100`` are tokens too).

Ranking is a sum over the query's words of two parts:

* whether, and where, the word matched at all: in a question's text, its author's
  keywords or a table row's cell it counts whole; in an answer's text, in the table a
  question presents (the warranty question is found by the «Телевизор» row of its
  warranty table) or in a table's title or column names, half. So documents with more
  of the query's words come first, unless those words are only in body text: a word in
  a title or keywords outweighs two found only in answers;
* how well it matched (exact > same stem > prefix > typo) times where: a question's text
  1, its keywords 0.95 (a word in both a little more), its answer 0.35, a row's cell 0.3,
  a presented table 0.25, a table's title or columns 0.15.

The first word of the query weighs most (later ones 0.7): Russian puts the head of a
phrase first — «гарантия на телевизор» asks about the warranty, not about choosing a TV.

Memory stays modest: postings are flat ``array`` objects of document numbers, and titles and
snippets are made only for the hits returned, from the script itself.
"""

from __future__ import annotations

import bisect
import heapq
import re
import threading
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter

import Stemmer  # PyStemmer: the Snowball stemmers in C
from rapidfuzz import process
from rapidfuzz.distance import OSA

from operator_desk.core.model import Question, Script, Table

__all__ = ["SearchHit", "SearchIndex"]


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One search result."""

    kind: str  # "question" | "row"
    ref: str
    """The question id, or ``"<table id>:<row index>"``."""
    title: str
    """The question text, or a short row summary (key column value and a few other cells)."""
    snippet: str
    """The matching part of the answer or row text, short."""
    score: float


# --- text normalisation --------------------------------------------------------------------

_WORD_RE = re.compile(r"[^\W_]+")
_COMPOUND_RE = re.compile(r"[^\W_]+(?:-[^\W_]+)+")
_PARTS_RE = re.compile(r"\d+|[^\W\d_]+")
_SPACES_RE = re.compile(r"\s+")
_TEMPLATE_TAG_RE = re.compile(r"\{#.*?#\}|\{%.*?%\}", re.DOTALL)
_TEMPLATE_VALUE_RE = re.compile(r"\{\{.*?\}\}", re.DOTALL)

# In tokens mixing letters and digits (model names), Cyrillic look-alikes are Latin letters.
_HOMOGLYPHS = str.maketrans("авекмнорстухі", "abekmhopctyxi")

_LAT_KEYS = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>~"
_CYR_KEYS = "йцукенгшщзхъфывапролджэячсмитьбюёЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮЁ"
_LAT_TO_CYR = str.maketrans(_LAT_KEYS, _CYR_KEYS)
_CYR_TO_LAT = str.maketrans(_CYR_KEYS, _LAT_KEYS)

_STOPWORDS_TEXT = """
а и в во на с со к ко о об обо от до из за у по для при без под над про как где что кто
когда куда не ни ли же бы то это или но да либо если чем мне меня мы вы я он она они их
его ее есть можно нужно ул д г пр the a an of to in on and or for is
"""
_STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


class _Stemmers(threading.local):
    """Snowball stemmers keep state while stemming: one pair per thread.

    Without PyStemmer's word cache (10 000 words each by default): building an index
    stems each distinct term once, and a query a handful of words, so the cache saved
    ~0.4 us a word but kept ~0.3 MiB per thousand words for the whole shift.
    """

    def __init__(self) -> None:
        self.russian = Stemmer.Stemmer("russian", 0)
        self.english = Stemmer.Stemmer("english", 0)


_STEMMERS = _Stemmers()


def _normalise(text: str) -> str:
    return text.lower().replace("ё", "е")


def _is_mixed(token: str) -> bool:
    return not token.isalpha() and not token.isdigit()


def _index_terms(text: str) -> set[str]:
    """Every term a text is found by: words, joined hyphenated compounds, model-name parts."""
    norm = _normalise(text)
    words = _WORD_RE.findall(norm)
    if "-" in norm:
        words.extend(m.replace("-", "") for m in _COMPOUND_RE.findall(norm))
    out = set(words)
    for word in words:
        if _is_mixed(word):
            model = word.translate(_HOMOGLYPHS)
            if model != word:
                out.discard(word)
                out.add(model)
            out.update(_PARTS_RE.findall(model))
    return out


def _in_both(title: set[str], keywords: set[str]) -> list[str]:
    """The title's terms its keywords repeat, in any ending («банкоматов», «банкомат»)."""
    stems = {_stem(k) for k in keywords} - {None}
    return sorted(t for t in title if t in keywords or _stem(t) in stems)


def _presented_terms(question: Question, tables: Mapping[str, Table],
                     cache: dict[tuple[str, tuple[str, ...], str, str], set[str]]) -> set[str]:
    """The terms of the part of a reference table a question presents: the columns it
    shows, the rows its filter keeps when the filter is fixed text (a filter made from
    the call, ``{{ crm.city }}``, keeps them all); nothing for a table of more than
    :data:`_MAX_PRESENTED_ROWS` rows."""
    view = question.table
    table = tables.get(view.table) if view is not None else None
    if view is None or table is None:
        return set()
    column, value = "", ""
    flt = view.filter
    if flt is not None and "{" not in flt.value and flt.value.strip() \
            and flt.column in table.columns:
        column, value = flt.column, _normalise(flt.value.strip())
    key = (table.id, view.columns, column, value)
    found = cache.get(key)
    if found is not None:
        return found
    shown = [table.column_index(c) for c in (view.columns or table.columns) if c in table.columns]
    at = table.column_index(column) if column else -1
    rows = [r for r in table.rows if at < 0 or value in _normalise(r[at])]
    found = set()
    if len(rows) <= _MAX_PRESENTED_ROWS:
        for row in rows:
            found |= _index_terms("\n".join(row[i] for i in shown if i < len(row)))
    cache[key] = found
    return found


def _query_tokens(chunk: str) -> list[str]:
    tokens = []
    for word in _WORD_RE.findall(_normalise(chunk)):
        tokens.append(word.translate(_HOMOGLYPHS) if _is_mixed(word) else word)
    return tokens


def _stem(token: str) -> str | None:
    if not token.isalpha():
        return None
    stemmer = _STEMMERS.english if token.isascii() else _STEMMERS.russian
    return str(stemmer.stemWord(token))


def _max_typos(length: int) -> int:
    return 0 if length < 4 else 1 if length < 8 else 2


# --- scoring constants ---------------------------------------------------------------------

_F_QUESTION, _F_KEYWORDS, _F_ANSWER, _F_TABLE, _F_BOTH = 0, 1, 2, 3, 4
_FIELD_WEIGHT = (1.0, 0.95, 0.35, 0.25, 0.0)
"""The question's text, its author's keywords, its answer, the table it presents."""
_FIELD_BITS = 3
_FIELD_MASK = (1 << _FIELD_BITS) - 1
_BOTH_BONUS = 0.1
"""Added when a word is in the question's text and in its keywords too (the posting
``_F_BOTH`` follows the title's)."""
_ROW_WEIGHT = 0.3
"""A table row's cell: below a question's answer, so equally good questions come first."""
_TABLE_WEIGHT = 0.15
"""A table's title or column name, which every row of the table matches."""
_LATER_WORD = 0.7
"""The weight of every query word after the first (the first is the phrase's head)."""
_MAX_PRESENTED_ROWS = 2000
"""A question is found by the table it presents up to this many rows; beyond, its rows
are found one by one (and open the question)."""

_Q_EXACT = 1.0
_Q_STEM = 0.9
_Q_PREFIX = 0.75
_Q_TYPO = (1.0, 0.7, 0.55)
_Q_STEM_TYPO = (1.0, 0.65, 0.5)
_COVER = 10.0
"""Given per matched query word (times :data:`_FIELD_COVER`): documents with more of the
query's words come first, but a word found only in an answer's text or a presented table
counts for less than one in a question's text, its keywords or a row's cell."""
_FIELD_COVER = (1.0, 1.0, 0.5, 0.5, 1.0)
_ROW_COVER = 1.0
_TABLE_COVER = 0.5
_WEAK_SHARE = 0.3
"""How much a stop word (``где``, ``в``) adds to documents found by the other words."""
_MAX_PREFIX_TERMS = 64
_MAX_FUZZY_TERMS = 64
_LAYOUT_PENALTY = 0.98


_Postings = tuple["array[int]", "array[int]"]
"""Offsets (one per term, plus the end) into one flat array of document numbers."""


def _flatten(postings: dict[int, list[int]], n_terms: int) -> _Postings:
    offsets = array("I", [0])
    data = array("I")
    for tid in range(n_terms):
        docs = postings.get(tid)
        if docs:
            data.extend(docs)
        offsets.append(len(data))
    return offsets, data


@dataclass(slots=True)
class _Slot:
    """One query word and the vocabulary terms it matches, with match quality 0..1."""

    token: str
    terms: dict[int, float]
    weak: bool


class SearchIndex:
    """An inverted index over one script's questions and table rows."""

    __slots__ = (
        "_doc_bonus",
        "_q_data",
        "_q_offsets",
        "_questions",
        "_r_data",
        "_r_offsets",
        "_sorted_ids",
        "_sorted_terms",
        "_stem_terms",
        "_stems_by_len",
        "_table_starts",
        "_table_terms",
        "_tables",
        "_term_ids",
        "_terms",
        "_terms_by_len",
    )

    def __init__(
        self,
        questions: Sequence[Question],
        tables: Sequence[Table],
        terms: list[str],
        q_postings: _Postings,
        r_postings: _Postings,
        doc_bonus: array[float],
        table_terms: Sequence[frozenset[int]] = (),
    ) -> None:
        self._questions = tuple(questions)
        self._tables = tuple(tables)
        starts = [len(self._questions)]
        for table in self._tables:
            starts.append(starts[-1] + len(table.rows))
        self._table_starts = starts
        self._table_terms = tuple(table_terms) or tuple(frozenset() for _ in self._tables)
        self._terms = terms
        self._term_ids = {t: i for i, t in enumerate(terms)}
        self._q_offsets, self._q_data = q_postings
        self._r_offsets, self._r_data = r_postings
        self._doc_bonus = doc_bonus

        order = sorted(range(len(terms)), key=terms.__getitem__)
        self._sorted_terms = [terms[i] for i in order]
        self._sorted_ids = array("I", order)

        by_len: dict[int, list[str]] = {}
        stem_terms: dict[str, list[int]] = {}
        for tid, term in enumerate(terms):
            if term.isalpha():
                by_len.setdefault(len(term), []).append(term)
                stem = _stem(term)
                if stem:
                    stem_terms.setdefault(stem, []).append(tid)
        self._terms_by_len = by_len
        self._stem_terms = {s: tuple(ids) for s, ids in stem_terms.items()}
        stems_by_len: dict[int, list[str]] = {}
        for stem in self._stem_terms:
            stems_by_len.setdefault(len(stem), []).append(stem)
        self._stems_by_len = stems_by_len

    # --- building ------------------------------------------------------------------------

    @classmethod
    def from_script(cls, script: Script) -> SearchIndex:
        questions = list(script.walk())
        tables = list(script.tables.values())
        term_ids: dict[str, int] = {}
        terms: list[str] = []
        q_build: dict[int, list[int]] = {}
        r_build: dict[int, list[int]] = {}

        def term_id(term: str) -> int:
            tid = term_ids.get(term)
            if tid is None:
                tid = term_ids[term] = len(terms)
                terms.append(term)
            return tid

        bonus = array("d")
        presented: dict[tuple[str, tuple[str, ...], str, str], set[str]] = {}
        for doc, q in enumerate(questions):
            title_terms = _index_terms(q.question)
            keyword_terms = _index_terms("\n".join(q.keywords))
            seen: set[str] = set()
            for field, found in (
                (_F_QUESTION, title_terms),
                (_F_KEYWORDS, keyword_terms),
                (_F_ANSWER, _index_terms(_plain(q.answer))),
                (_F_TABLE, _presented_terms(q, script.tables, presented)),
            ):
                for term in found - seen:
                    q_build.setdefault(term_id(term), []).append(doc << _FIELD_BITS | field)
                seen |= found
            for term in _in_both(title_terms, keyword_terms):
                q_build[term_id(term)].append(doc << _FIELD_BITS | _F_BOTH)
            # Between equally good question-text matches, the shorter question wins.
            bonus.append(0.05 / (1 + len(title_terms)))

        doc = len(questions)
        for table in tables:
            for row in table.rows:
                for term in _index_terms("\n".join(row)):
                    tid = term_ids.get(term)
                    if tid is None:
                        tid = term_ids[term] = len(terms)
                        terms.append(term)
                        r_build[tid] = [doc]
                    else:
                        postings = r_build.get(tid)
                        if postings is None:
                            r_build[tid] = [doc]
                        else:
                            postings.append(doc)
                doc += 1

        # A table's title and column names describe each of its rows ("магазины в Москве").
        table_terms = [
            frozenset(term_id(t) for t in _index_terms("\n".join((table.title, *table.columns))))
            for table in tables
        ]
        return cls(
            questions,
            tables,
            terms,
            _flatten(q_build, len(terms)),
            _flatten(r_build, len(terms)),
            bonus,
            table_terms,
        )

    # --- matching ------------------------------------------------------------------------

    def _expand(self, token: str, prefix: bool) -> dict[int, float]:
        """The vocabulary terms ``token`` stands for, with how well each matches."""
        found: dict[int, float] = {}
        tid = self._term_ids.get(token)
        if tid is not None:
            found[tid] = _Q_EXACT
        stem = _stem(token)
        if stem:
            for sid in self._stem_terms.get(stem, ()):
                if sid not in found:
                    found[sid] = _Q_STEM
        if prefix and len(token) >= 2:
            self._add_prefixed(token, found)
        if not found and token.isalpha():
            self._add_typos(token, stem, found)
        return found

    def _add_prefixed(self, token: str, found: dict[int, float]) -> None:
        terms = self._sorted_terms
        start = bisect.bisect_right(terms, token)
        end = start
        while end < len(terms) and terms[end].startswith(token):
            end += 1
        if start == end:
            return
        ids = self._sorted_ids
        picked: Iterable[int] = range(start, end)
        if end - start > _MAX_PREFIX_TERMS:
            picked = heapq.nsmallest(_MAX_PREFIX_TERMS, picked, key=lambda i: len(terms[i]))
        n = len(token)
        for i in picked:
            quality = _Q_PREFIX + 0.1 * n / len(terms[i])
            tid = ids[i]
            if found.get(tid, 0.0) < quality:
                found[tid] = quality

    def _add_typos(self, token: str, stem: str | None, found: dict[int, float]) -> None:
        max_d = _max_typos(len(token))
        if not max_d:
            return
        term_ids = self._term_ids
        for term, dist in self._near(token, max_d, self._terms_by_len):
            quality = _Q_TYPO[dist]
            tid = term_ids[term]
            if found.get(tid, 0.0) < quality:
                found[tid] = quality
        if stem and len(stem) >= 4:
            for near_stem, dist in self._near(stem, max_d, self._stems_by_len):
                quality = _Q_STEM_TYPO[dist]
                for tid in self._stem_terms[near_stem]:
                    if found.get(tid, 0.0) < quality:
                        found[tid] = quality

    @staticmethod
    def _near(word: str, max_d: int, by_len: dict[int, list[str]]) -> list[tuple[str, int]]:
        out: list[tuple[str, int]] = []
        n = len(word)
        for length in range(n - max_d, n + max_d + 1):
            bucket = by_len.get(length)
            if not bucket:
                continue
            for choice, dist, _ in process.extract(
                word, bucket, scorer=OSA.distance, score_cutoff=max_d, limit=None
            ):
                if 0 < dist <= max_d:
                    out.append((choice, int(dist)))
        if len(out) > _MAX_FUZZY_TERMS:
            out.sort(key=itemgetter(1))
            del out[_MAX_FUZZY_TERMS:]
        return out

    def _reading(self, tokens: list[str], last: bool) -> tuple[list[_Slot], float]:
        """Slots for one way of reading a chunk, and how plausible that reading is."""
        slots = []
        total = 0.0
        for i, token in enumerate(tokens):
            terms = self._expand(token, prefix=last and i == len(tokens) - 1)
            weak = token in _STOPWORDS or (len(token) == 1 and token.isalpha())
            slots.append(_Slot(token, terms, weak))
            total += max(terms.values(), default=0.0)
        return slots, total / len(tokens) if tokens else 0.0

    def _slots(self, query: str) -> list[_Slot]:
        chunks = query.split()
        slots: list[_Slot] = []
        for n, chunk in enumerate(chunks):
            last = n == len(chunks) - 1
            best, plausibility = self._reading(_query_tokens(chunk), last)
            if plausibility < _Q_PREFIX and len(chunk) > 1:
                for table in (_LAT_TO_CYR, _CYR_TO_LAT):
                    switched = chunk.translate(table)
                    if switched == chunk:
                        continue
                    other, other_plausibility = self._reading(_query_tokens(switched), last)
                    other_plausibility *= _LAYOUT_PENALTY
                    if other_plausibility > plausibility:
                        best, plausibility = other, other_plausibility
            seen = {s.token for s in slots}
            slots.extend(s for s in best if s.token not in seen)
        return slots

    def _slot_scores(self, slot: _Slot, weight: float = 1.0, cover: float = _COVER
                     ) -> dict[int, float]:
        """Each matching document's best score for one query word (``weight``: the word's,
        by its place in the query; ``cover``: what matching it at all is worth)."""
        best: dict[int, float] = {}
        bonus = self._doc_bonus
        row_groups: list[tuple[float, Iterable[int]]] = []
        q_offsets, q_data = self._q_offsets, self._q_data
        r_offsets, r_data = self._r_offsets, self._r_data
        for tid, match in slot.terms.items():
            quality = match * weight
            start, end = q_offsets[tid], q_offsets[tid + 1]
            if start != end:
                for code in q_data[start:end]:
                    field = code & _FIELD_MASK
                    doc = code >> _FIELD_BITS
                    if field == _F_BOTH:  # right after this term's title posting
                        score = quality * (_FIELD_WEIGHT[_F_QUESTION] + _BOTH_BONUS) + bonus[doc]
                    else:
                        score = quality * _FIELD_WEIGHT[field]
                        if field == _F_QUESTION:
                            score += bonus[doc]
                    score += cover * _FIELD_COVER[field]
                    if score > best.get(doc, 0.0):
                        best[doc] = score
            start, end = r_offsets[tid], r_offsets[tid + 1]
            if start != end:
                row_groups.append((cover * _ROW_COVER + quality * _ROW_WEIGHT,
                                   r_data[start:end]))
        starts = self._table_starts
        for t, described in enumerate(self._table_terms):
            quality = max((slot.terms.get(tid, 0.0) for tid in described), default=0.0)
            if quality:
                row_groups.append((cover * _TABLE_COVER + quality * weight * _TABLE_WEIGHT,
                                   range(starts[t], starts[t + 1])))
        if row_groups:
            row_groups.sort(key=itemgetter(0), reverse=True)
            for score, rows in row_groups:
                if best:
                    fresh = set(rows)
                    fresh.difference_update(best.keys())
                    best.update(dict.fromkeys(sorted(fresh), score))
                else:
                    best = dict.fromkeys(rows, score)
        return best

    def _scores(self, slots: list[_Slot]) -> dict[int, float]:
        """Each matching document's total over the query's words (see the module docs);
        less one :data:`_COVER`, so that a one-word query's scores read as before."""
        strong = [s for s in slots if s.terms and not s.weak]
        weak = [s for s in slots if s.terms and s.weak]
        if not strong:
            strong, weak = weak, []
        if not strong:
            return {}
        per_slot = sorted((self._slot_scores(s, 1.0 if i == 0 else _LATER_WORD)
                           for i, s in enumerate(strong)), key=len)
        # The largest word's scores are the base, so only the smaller ones are walked here.
        total = per_slot.pop()
        get = total.get
        for scores in per_slot:
            for doc, score in scores.items():
                total[doc] = get(doc, 0.0) + score
        for slot in weak:
            scores = self._slot_scores(slot, cover=0.0)
            for doc in scores.keys() & total.keys():
                total[doc] += _WEAK_SHARE * scores[doc]
        return total

    # --- searching -----------------------------------------------------------------------

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """The best ``limit`` hits for ``query``, best first; ``[]`` for a blank query."""
        if limit <= 0 or not query or query.isspace():
            return []
        slots = self._slots(query)
        total = self._scores(slots)
        if not total:
            return []
        top = heapq.nlargest(limit, total.items(), key=itemgetter(1))
        top.sort(key=lambda item: (-item[1], item[0]))
        top = [(doc, score - _COVER) for doc, score in top]
        shown = [s for s in slots if not s.weak] or slots
        matched = {self._terms[tid] for s in shown for tid in s.terms}
        return [self._hit(doc, score, matched) for doc, score in top]

    def _hit(self, doc: int, score: float, matched: set[str]) -> SearchHit:
        score = round(score, 4)
        if doc < len(self._questions):
            q = self._questions[doc]
            snippet = _answer_snippet(_plain(q.answer), matched)
            return SearchHit("question", q.id, q.question, snippet, score)
        t = bisect.bisect_right(self._table_starts, doc) - 1
        table = self._tables[t]
        index = doc - self._table_starts[t]
        row = table.rows[index]
        return SearchHit(
            "row",
            f"{table.id}:{index}",
            _row_title(table, row),
            _row_snippet(table, row, matched),
            score,
        )


# --- titles and snippets -------------------------------------------------------------------

_SNIPPET_LEN = 120
_CELL_LEN = 40


def _shorten(text: str, limit: int) -> str:
    text = _SPACES_RE.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    if cut < limit // 2:
        cut = limit - 1
    return text[:cut].rstrip(" ,;:.-") + "…"


def _matches(text: str, matched: set[str]) -> bool:
    return not matched.isdisjoint(_index_terms(text))


def _plain(answer: str) -> str:
    """An answer's words without its template code: both branches of an ``{% if %}`` stay
    (either may be what the caller asked about), a ``{{ value }}`` becomes "…" (it is known
    only on a call), tags and comments go."""
    return _TEMPLATE_VALUE_RE.sub("…", _TEMPLATE_TAG_RE.sub(" ", answer))


def _answer_snippet(answer: str, matched: set[str]) -> str:
    text = _SPACES_RE.sub(" ", answer).strip()
    norm = _normalise(text)
    if len(norm) == len(text):
        for m in _WORD_RE.finditer(norm):
            if m.group() in matched or (_is_mixed(m.group()) and _matches(m.group(), matched)):
                start = m.start()
                break
        else:
            start = 0
        if start > 40:
            cut = text.rfind(" ", 0, start - 30)
            begin = cut + 1 if cut >= 0 else start - 30
            return "…" + _shorten(text[begin:], _SNIPPET_LEN - 1)
    return _shorten(text, _SNIPPET_LEN)


def _row_title(table: Table, row: tuple[str, ...]) -> str:
    key = table.columns.index(table.key) if table.key in table.columns else 0
    parts = [row[key]] if key < len(row) and row[key].strip() else []
    for i, cell in enumerate(row):
        if len(parts) >= 4:
            break
        if i != key and cell.strip():
            parts.append(cell)
    return " · ".join(_shorten(p, _CELL_LEN) for p in parts)


def _row_snippet(table: Table, row: tuple[str, ...], matched: set[str]) -> str:
    cells = [
        f"{column}: {_shorten(cell, _CELL_LEN * 2)}"
        for column, cell in zip(table.columns, row, strict=False)
        if cell.strip() and _matches(cell, matched)
    ]
    return _shorten("; ".join(cells[:3]), _SNIPPET_LEN)
