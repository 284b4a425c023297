"""Offline multi-label abuse classifier: six policy labels from text (numpy, onnxruntime, tokenizers).

The model blends a set of linear scorers over hashed character and word n-grams
of a normalised text plus a few hand-written lexicon and pattern features with a
small fine-tuned transformer (int8 ONNX) that reads the same normalised text. Text
normalisation undoes the usual disguises (f*ck, b1tch, s p a c e d letters,
repeated letters, @mentions, URLs, emoji) so that what was learnt on tweets and
forum posts carries over to a school's WhatsApp groups. No Django here: the
module must import and run without settings.
"""

import html
import json
import math
import re
import threading
import unicodedata
import zlib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from . import context
from . import lexicon as lx

LABELS: tuple[str, ...] = ("offensive", "insult", "threat", "sexual", "sexist", "hate")
MODEL_DIR = Path(__file__).resolve().parent / "model"

CHAR_NGRAMS = (3, 5)
CHAR_BITS = 19
WORD_BITS = 19
CHUNK_CHARS = 400
BATCH_SIZE = 512
ENCODER_MAX_TOKENS = 128
EXPLAIN_MAX_TOKENS = 80
EMBEDDING_DIM = 384

_EMOJI = {
    "🖕": " xfinger ",
    "🔪": " xweapon ",
    "🗡": " xweapon ",
    "🔫": " xweapon ",
    "💣": " xweapon ",
    "💀": " xskull ",
    "☠": " xskull ",
    "⚰": " xskull ",
    "🍆": " xsexemoji ",
    "🍑": " xsexemoji ",
    "💦": " xsexemoji ",
    "👅": " xsexemoji ",
    "😂": " xlaugh ",
    "🤣": " xlaugh ",
    "😆": " xlaugh ",
    "🤡": " clown ",
    "🐷": " pig ",
    "🐖": " pig ",
    "🐒": " xape ",
    "🐵": " xape ",
    "🦍": " xape ",
    "🙈": " xape ",
    "🤮": " xvomit ",
    "😡": " xangry ",
    "🤬": " xangry ",
    "👊": " xfist ",
    "❤": " xlove ",
    "😍": " xlove ",
    "🥰": " xlove ",
    "💕": " xlove ",
    "👏": " xclap ",
    "🎉": " xparty ",
    "👍": " xthumb ",
    "🏳️‍🌈": " xrainbow ",
}
_EMOJI_RE = re.compile("|".join(re.escape(e) for e in sorted(_EMOJI, key=len, reverse=True)))

# Text-speak and common disguises that are whole words rather than character tricks.
_SHORTHAND = {
    "u": "you",
    "ya": "you",
    "yu": "you",
    "r": "are",
    "youre": "you're",
    "im": "i'm",
    "ima": "i'm gonna",
    "imma": "i'm gonna",
    "kys": "kill yourself",
    "stfu": "shut the fuck up",
    "gtfo": "get the fuck out",
    "wtf": "what the fuck",
    "fu": "fuck you",
    "fk": "fuck",
    "fck": "fuck",
    "fuk": "fuck",
    "phuck": "fuck",
    "fkn": "fucking",
    "fkin": "fucking",
    "fcking": "fucking",
    "fking": "fucking",
    "fuking": "fucking",
    "effing": "fucking",
    "sht": "shit",
    "btch": "bitch",
    "biatch": "bitch",
    "biotch": "bitch",
    "azz": "ass",
    "mofo": "motherfucker",
    "pos": "piece of shit",
    "gonna": "going to",
    "gunna": "going to",
    "wanna": "want to",
    "ffs": "for fuck's sake",
}

_LEET = str.maketrans(
    {
        "1": "i",
        "!": "i",
        "|": "i",
        "3": "e",
        "4": "a",
        "@": "a",
        "0": "o",
        "5": "s",
        "$": "s",
        "7": "t",
        "+": "t",
        "8": "b",
        "9": "g",
    }
)
_URL_RE = re.compile(r"(?:https?://|www\.)\S+|\b\S+\.(?:com|co\.uk|ie|org|net|ly|be)/\S*")
_MENTION_RE = re.compile(r"(?<!\w)@\w+|<user>")
_NUMBER_RE = re.compile(r"<number>|(?<![\w*])\d+(?:[.,:]\d+)*(?![\w*])")
_RT_RE = re.compile(r"^\s*rt\b|\brt\s+(?=xuser)")
_REPEAT3_RE = re.compile(r"(.)\1{2,}")
_REPEAT2_RE = re.compile(r"(.)\1+")
_EDGE_PUNCT = "\"'()[]{}<>,.;:?!…“”‘’«»`~^=&"
_SEPARATED_RE = re.compile(r"^[a-z](?:([.\-_*+])[a-z])+$")
_LETTER_RE = re.compile(r"[a-z]")
_NEGATORS = frozenset(
    lx.words(
        """
    not no never nobody nothing neither nor cannot dont don't doesnt doesn't didnt didn't isnt isn't wasnt
    wasn't wont won't wouldnt wouldn't cant can't shouldnt shouldn't arent aren't aint ain't
    """
    )
)
_WHATSAPP_RE = re.compile(
    r"^\s*\[?\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\]?\s*[-–]?\s*"
    r"(?:[^:\n]{1,40}:\s)?",
    re.IGNORECASE,
)
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+")
_OBFUSCATION_SET = frozenset(lx.OBFUSCATION_TARGETS)
_SPACED_SET = _OBFUSCATION_SET | lx.SPACED_WORDS


def _strip_marks(text: str) -> str:
    """Fold accents and look-alike letters to plain ASCII where possible."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    return "".join(c for c in text if not unicodedata.combining(c))


def _mask_regex(token: str) -> re.Pattern[str] | None:
    """A pattern for a masked token such as f**k, where masks stand for any letter."""
    parts, i = [], 0
    while i < len(token):
        c = token[i]
        if "a" <= c <= "z":
            parts.append(c)
            i += 1
            continue
        j = i
        while j < len(token) and not ("a" <= token[j] <= "z"):
            j += 1
        run = j - i
        # A run of masks may hide one letter more or fewer than it shows ("f*k", "f***ing").
        parts.append(f"[a-z]{{{max(1, run - 1)},{run + 1}}}")
        i = j
    if sum(1 for p in parts if len(p) == 1) < 2:
        return None
    return re.compile("".join(parts))


@lru_cache(maxsize=65536)
def _deobfuscate(token: str) -> tuple[str, ...]:
    """Restore one whitespace-delimited token to the word(s) it disguises."""
    if token.isalpha() or not token:
        return (_squeeze(token),) if token else ()
    if _SEPARATED_RE.match(token):
        joined = token.replace(token[1], "")
        if joined in _OBFUSCATION_SET:
            return (joined,)
    if _LETTER_RE.search(token):
        leet = _squeeze(token.translate(_LEET))
        if leet in _OBFUSCATION_SET:
            return (leet,)
        if re.search(r"[*#%_\-.@$!0-9]", token) and len(token) <= 16:
            pattern = _mask_regex(token)
            if pattern is not None:
                for word in lx.OBFUSCATION_TARGETS:
                    if pattern.fullmatch(word):
                        return (word,)
    pieces = re.findall(r"[a-z0-9']+", token)
    return tuple(_squeeze(p) for p in pieces)


def _squeeze(word: str) -> str:
    """Shorten letter repeats ("fuuuuck", "stuuupid") the way people stretch words."""
    if len(word) < 3:
        return word
    two = _REPEAT3_RE.sub(r"\1\1", word)
    if two not in _OBFUSCATION_SET:
        one = _REPEAT2_RE.sub(r"\1", two)
        if one in _OBFUSCATION_SET:
            return one
    return two


def _join_spaced(tokens: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Join runs of single letters ("b i t c h") back into the word they spell, if it is a known word."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(tokens):
        j = i
        while j < len(tokens) and len(tokens[j][0]) == 1 and tokens[j][0].isalpha():
            j += 1
        if j - i >= 3:
            run = tokens[i:j]
            k = 0
            while k < len(run):
                found = None
                for end in range(len(run), k + 2, -1):
                    word = "".join(t[0] for t in run[k:end])
                    if word in _SPACED_SET:
                        found = end
                        break
                if found:
                    out.append(("".join(t[0] for t in run[k:found]), " ".join(t[1] for t in run[k:found])))
                    k = found
                else:
                    out.append(run[k])
                    k += 1
            i = j
        else:
            out.append(tokens[i])
            i += 1
    return out


def tokenise(text: str) -> list[tuple[str, str]]:
    """Normalise text into (token, original piece) pairs; the heart of the model's robustness."""
    text = html.unescape(text)
    text = _EMOJI_RE.sub(lambda m: _EMOJI[m.group(0)], text)
    text = _strip_marks(text).lower().replace("’", "'").replace("‘", "'")
    text = _URL_RE.sub(" xurl ", text)
    text = _MENTION_RE.sub(" xuser ", text)
    text = _NUMBER_RE.sub(" xnum ", text)
    text = _RT_RE.sub(" ", text)
    tokens: list[tuple[str, str]] = []
    for raw in text.split():
        piece = raw.strip(_EDGE_PUNCT).lstrip("#")
        if not piece:
            continue
        for word in _deobfuscate(piece):
            word = word.strip("'")
            if word:
                tokens.append((word, raw))
    # Shorthand is expanded after joining spaced letters, so "u r a b i t c h" keeps its "u" and "r".
    return [(w, raw) for tok, raw in _join_spaced(tokens) for w in _SHORTHAND.get(tok, tok).split()]


def _count(tokens: list[str], words: frozenset[str]) -> int:
    """How many tokens are in a word list."""
    return sum(1 for t in tokens if t in words)


DENSE_FEATURES: tuple[str, ...] = (
    "profanity",
    "insult_word",
    "slur",
    "sexual_word",
    "gendered_slur",
    "identity_group",
    "condemn_word",
    "threat_pattern",
    "negated_threat",
    "insult_at_you",
    "counter_speech",
    "support",
    "dehumanise",
    "identity_and_dehumanise",
    "hate_group",
    "second_person",
    "profanity_with_support",
    "slur_with_condemn",
    "caps_ratio",
    "exclamations",
    "length",
    "no_latin_letters",
)


def dense_features(raw: str, tokens: list[str]) -> tuple[list[float], list[tuple[str, str, int]]]:
    """Lexicon and pattern features, with the spans that fired them (for explanations)."""
    joined = " ".join(tokens)
    spans: list[tuple[str, str, int]] = []

    def hits(name: str, words: frozenset[str]) -> int:
        found = [t for t in tokens if t in words]
        spans.extend((name, t, 1) for t in found)
        return len(found)

    def matches(name: str, patterns: Iterable[re.Pattern[str]]) -> int:
        n = 0
        for p in patterns:
            for m in p.finditer(joined):
                spans.append((name, m.group(0), 1))
                n += 1
        return n

    def threats() -> tuple[int, int]:
        # A negation just before the threat ("I would never hurt you") turns it into a reassurance.
        direct = negated = 0
        for p in lx.THREAT_PATTERNS:
            for m in p.finditer(joined):
                before = joined[max(0, m.start() - 25) : m.start()].split()[-3:]
                if any(w in _NEGATORS for w in before) or lx.NEGATED_THREAT.search(m.group(0)):
                    spans.append(("negated_threat", m.group(0), 1))
                    negated += 1
                else:
                    spans.append(("threat_pattern", m.group(0), 1))
                    direct += 1
        return direct, negated

    prof = hits("profanity", lx.PROFANITY)
    insult = hits("insult_word", lx.INSULTS)
    slur = hits("slur", lx.SLURS)
    sexual = hits("sexual_word", lx.SEXUAL)
    gendered = hits("gendered_slur", lx.GENDERED)
    identity = hits("identity_group", lx.IDENTITY)
    condemn = hits("condemn_word", lx.CONDEMN)
    threat, negated = threats()
    at_you = matches("insult_at_you", (lx.INSULT_AT_YOU,))
    counter = matches("counter_speech", lx.COUNTER_SPEECH)
    support = matches("support", (lx.SUPPORT,))
    dehum = matches("dehumanise", (lx.DEHUMANISE,))
    hate_group = 0
    for m in lx.HATE_GROUP.finditer(joined):
        if not any(w in _NEGATORS for w in joined[max(0, m.start() - 25) : m.start()].split()[-3:]):
            spans.append(("hate_group", m.group(0), 1))
            hate_group += 1
    second = sum(1 for t in tokens if t in {"you", "your", "you're", "ur", "yourself", "yer", "youse", "ye"})
    letters = [c for c in raw if c.isalpha()]
    upper = sum(1 for c in letters if c.isupper())
    caps = upper / len(letters) if len(letters) >= 6 else 0.0
    latin = any("a" <= c <= "z" for c in joined)

    def f(n: int) -> float:
        return math.log1p(n)

    values = [
        f(prof),
        f(insult),
        f(slur),
        f(sexual),
        f(gendered),
        f(identity),
        f(condemn),
        f(threat),
        f(negated),
        f(at_you),
        f(counter),
        f(support),
        f(dehum),
        float(identity > 0 and dehum > 0),
        f(hate_group),
        f(second),
        float(prof > 0 and support > 0 and at_you == 0),
        float((slur + gendered) > 0 and (condemn + counter) > 0),
        caps,
        f(raw.count("!")) / 3.0,
        math.log1p(len(tokens)) / 5.0,
        float(not latin),
    ]
    return values, spans


def _hash(s: str, bits: int) -> int:
    """A stable bucket for a feature string (crc32 is stable across runs and platforms)."""
    return zlib.crc32(s.encode("utf-8")) & ((1 << bits) - 1)


def hashed_features(tokens: list[str]) -> tuple[dict[int, int], dict[int, int], list[list[int]]]:
    """Counts of hashed char and word n-grams, and for each token the buckets it produced."""
    chars: dict[int, int] = {}
    words: dict[int, int] = {}
    owned: list[list[int]] = [[] for _ in tokens]
    lo, hi = CHAR_NGRAMS
    char_mask = (1 << CHAR_BITS) - 1
    neg_left = 0
    for i, tok in enumerate(tokens):
        padded = f" {tok} "
        for n in range(lo, hi + 1):
            for k in range(len(padded) - n + 1):
                b = zlib.crc32(padded[k : k + n].encode("utf-8")) & char_mask
                chars[b] = chars.get(b, 0) + 1
                owned[i].append(b)
        w = _hash("w" + tok, WORD_BITS) + (1 << CHAR_BITS)
        words[w] = words.get(w, 0) + 1
        owned[i].append(w)
        if i:
            bg = _hash(f"b{tokens[i - 1]} {tok}", WORD_BITS) + (1 << CHAR_BITS)
            words[bg] = words.get(bg, 0) + 1
            owned[i].append(bg)
        if neg_left:
            ng = _hash("n" + tok, WORD_BITS) + (1 << CHAR_BITS)
            words[ng] = words.get(ng, 0) + 1
            owned[i].append(ng)
            neg_left -= 1
        if tok in _NEGATORS:
            neg_left = 3
    return chars, words, owned


N_HASHED = (1 << CHAR_BITS) + (1 << WORD_BITS)


def featurise(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Raw counts as CSR parts (indptr, indices, counts) plus the dense feature matrix."""
    indptr = [0]
    indices: list[int] = []
    counts: list[int] = []
    dense = np.zeros((len(texts), len(DENSE_FEATURES)), dtype=np.float32)
    for r, text in enumerate(texts):
        tokens = [t for t, _ in tokenise(text)]
        chars, words, _ = hashed_features(tokens)
        for block in (chars, words):
            for k in sorted(block):
                indices.append(k)
                counts.append(block[k])
        indptr.append(len(indices))
        dense[r] = dense_features(text, tokens)[0]
    return (
        np.asarray(indptr, dtype=np.int64),
        np.asarray(indices, dtype=np.int64),
        np.asarray(counts, dtype=np.float32),
        dense,
    )


def tfidf_values(indptr: np.ndarray, indices: np.ndarray, counts: np.ndarray, idf: np.ndarray) -> np.ndarray:
    """Sublinear tf times idf, each block (chars, words) scaled to unit length per row."""
    values = (1.0 + np.log(counts)) * idf[indices]
    is_word = indices >= (1 << CHAR_BITS)
    rows = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))
    # One norm per (row, block): key 2*row + block.
    key = rows * 2 + is_word
    sq = np.bincount(key, weights=values.astype(np.float64) ** 2, minlength=2 * (len(indptr) - 1))
    norms = np.sqrt(sq)[key]
    norms[norms == 0] = 1.0
    return (values / norms).astype(np.float32)


def chunks(text: str) -> list[str]:
    """Split long text (chat exports, letters) into message-sized pieces that are scored one by one."""
    pieces: list[str] = []
    for line in text.splitlines():
        line = _WHATSAPP_RE.sub("", line, count=1).strip()
        if not line or line in {"<Media omitted>", "<media omitted>", "This message was deleted"}:
            continue
        if len(line) <= CHUNK_CHARS:
            pieces.append(line)
            continue
        current = ""
        for sentence in _SENTENCE_RE.split(line):
            while len(sentence) > CHUNK_CHARS:
                cut = sentence.rfind(" ", 0, CHUNK_CHARS)
                cut = cut if cut > 0 else CHUNK_CHARS
                if current:
                    pieces.append(current)
                    current = ""
                pieces.append(sentence[:cut])
                sentence = sentence[cut:].lstrip()
            if len(current) + len(sentence) + 1 > CHUNK_CHARS and current:
                pieces.append(current)
                current = sentence
            else:
                current = f"{current} {sentence}" if current else sentence
        if current:
            pieces.append(current)
    return pieces


def encoder_text(text: str) -> str:
    """What the encoder reads: the normalised, de-obfuscated tokens joined by spaces."""
    return " ".join(tok for tok, _ in tokenise(text))


class Encoder:
    """The frozen sentence encoder (all-MiniLM-L6-v2's first four layers, int8 ONNX), run one text at a time.

    It maps a text to one 384-number embedding (mean-pooled, unit length); per-label heads fitted at build time
    turn that into logits. One at a time, not in padded batches: int8 activations are quantised per call, so a
    text's embedding would otherwise depend on the other texts beside it.
    """

    def __init__(
        self,
        onnx_path: Path,
        tokenizer_path: Path,
        head_w: np.ndarray | None = None,
        head_b: np.ndarray | None = None,
        max_tokens: int = ENCODER_MAX_TOKENS,
    ) -> None:
        """Open the ONNX session (one thread: callers run one process per core) and the word-piece tokenizer."""
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_tokens)
        self.head_w = head_w
        self.head_b = head_b

    def run_ids(self, ids: Sequence[int]) -> np.ndarray:
        """The embedding of one sequence of token ids."""
        x = np.asarray([ids], dtype=np.int64)
        (out,) = self.session.run(None, {"input_ids": x, "attention_mask": np.ones_like(x)})
        return out[0].astype(np.float64)

    def embeddings(self, texts: Sequence[str]) -> np.ndarray:
        """One embedding per already-chunked text, read from the classifier's normalised form of it."""
        out = np.empty((len(texts), EMBEDDING_DIM), dtype=np.float64)
        for i, enc in enumerate(self.tokenizer.encode_batch([encoder_text(t) for t in texts])):
            out[i] = self.run_ids(enc.ids)
        return out

    def head(self, embeddings: np.ndarray) -> np.ndarray:
        """Per-label logits from embeddings, row by row so that one text scores the same alone or in a batch."""
        assert self.head_w is not None and self.head_b is not None
        out = np.empty((len(embeddings), len(LABELS)), dtype=np.float64)
        for i, row in enumerate(embeddings):
            out[i] = row @ self.head_w
        return out + self.head_b

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        """Per-label logits for already-chunked texts."""
        return self.head(self.embeddings(texts))

    def occlusion(self, tokens: list[str], col: int) -> list[float]:
        """How much the label's logit drops when each token is left out (the encoder's own explanation)."""
        ids = [self.tokenizer.encode(" ".join(tokens)).ids]
        ids += [self.tokenizer.encode(" ".join(tokens[:i] + tokens[i + 1 :])).ids for i in range(len(tokens))]
        z = self.head(np.stack([self.run_ids(x) for x in ids]))[:, col]
        return [float(z[0] - v) for v in z[1:]]


def _as_text(value: Any) -> str:
    """Accept str or bytes; anything else is treated as no text."""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", errors="replace")
    return ""


class Model:
    """The shipped model: a linear model over hashed n-grams and lexicon features, blended with a small encoder.

    The linear part is fast and explains itself word by word; the encoder (the first four layers of MiniLM, frozen,
    int8 ONNX, with a logistic head per label) carries meaning the word lists miss. Per label the blended logit is
    a * linear + b * encoder + c, with a, b and c fitted at build time on out-of-fold scores (`blend.json`); the
    context readings (`context.py`) then move it. Without the encoder in the artefact the linear model's own
    calibration is used alone, still moved by the readings.
    """

    def __init__(self, directory: Path = MODEL_DIR, use_encoder: bool = True) -> None:
        """Load the artefact from its directory."""
        with np.load(directory / "weights.npz") as z:
            self.idf = z["idf"].astype(np.float32)
            self.w_hashed = z["w_hashed"].astype(np.float64)
            self.w_dense = z["w_dense"].astype(np.float64)
            self.bias = z["bias"].astype(np.float64)
            self.calib_a = z["calib_a"].astype(np.float64)
            self.calib_b = z["calib_b"].astype(np.float64)
            head_w = z["head_w"].astype(np.float64) if "head_w" in z.files else None
            head_b = z["head_b"].astype(np.float64) if "head_b" in z.files else None
        self.config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
        if tuple(self.config["labels"]) != LABELS or tuple(self.config["dense_features"]) != DENSE_FEATURES:
            raise ValueError("model artefact does not match this code; rebuild it with `make model` (training/)")
        self.encoder: Encoder | None = None
        blend_file = directory / "blend.json"
        if use_encoder and head_w is not None and blend_file.exists() and (directory / "encoder.onnx").exists():
            blend = json.loads(blend_file.read_text(encoding="utf-8"))
            if tuple(blend["labels"]) != LABELS:
                raise ValueError("encoder blend does not match this code's labels; rebuild the model")
            self.blend_linear = np.asarray(blend["linear"], dtype=np.float64)
            self.blend_encoder = np.asarray(blend["encoder"], dtype=np.float64)
            self.blend_bias = np.asarray(blend["bias"], dtype=np.float64)
            cascade = blend.get("cascade", {})
            self.cascade_below = float(cascade.get("below", 0.0))
            self.cascade_linear = np.asarray(cascade.get("linear", self.calib_a), dtype=np.float64)
            self.cascade_bias = np.asarray(cascade.get("bias", self.calib_b), dtype=np.float64)
            self.encoder = Encoder(directory / "encoder.onnx", directory / "tokenizer.json", head_w, head_b)

    def linear_logits(self, texts: Sequence[str]) -> np.ndarray:
        """The linear model's uncalibrated per-label scores for already-chunked texts."""
        out = np.empty((len(texts), len(LABELS)), dtype=np.float64)
        for start in range(0, len(texts), BATCH_SIZE):
            batch = texts[start : start + BATCH_SIZE]
            indptr, indices, counts, dense = featurise(batch)
            values = tfidf_values(indptr, indices, counts, self.idf).astype(np.float64)
            rows = np.repeat(np.arange(len(batch)), np.diff(indptr))
            scores = np.zeros((len(batch), len(LABELS)), dtype=np.float64)
            np.add.at(scores, rows, self.w_hashed[indices] * values[:, None])
            # Row by row rather than a matrix product, whose summation order (and so the last bits of the
            # result) can change with the batch size: one text must score the same alone or in a batch.
            scores += (dense.astype(np.float64)[:, :, None] * self.w_dense[None]).sum(axis=1)
            out[start : start + len(batch)] = scores + self.bias
        return out

    def linear_probabilities(self, logits: np.ndarray) -> np.ndarray:
        """The linear model alone, calibrated (Platt scaling fitted at build time)."""
        return _sigmoid(logits * self.calib_a + self.calib_b)

    def blended_logits(self, texts: Sequence[str]) -> np.ndarray:
        """The learnt models' per-label logits for already-chunked texts: the blend, or the linear model alone."""
        z = self.linear_logits(texts)
        if self.encoder is None:
            return z * self.calib_a + self.calib_b
        return z * self.blend_linear + self.encoder.logits(texts) * self.blend_encoder + self.blend_bias

    def shifts(self, texts: Sequence[str]) -> np.ndarray:
        """The context readings' logit shifts for already-chunked texts."""
        out = np.zeros((len(texts), len(LABELS)), dtype=np.float64)
        for i, text in enumerate(texts):
            out[i] = context.shifts(text, encoder_text(text))[0]
        return out

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        """Final per-label logits for already-chunked texts: the cascade, moved by the context readings.

        The linear model and the readings go first; where they give every label less than the cascade's line
        (`blend.json`), their score stands and the encoder is not run. Elsewhere the blend of both parts is used.
        """
        z_lin = self.linear_logits(texts)
        shift = self.shifts(texts)
        if self.encoder is None:
            return z_lin * self.calib_a + self.calib_b + shift
        z = z_lin * self.cascade_linear + self.cascade_bias + shift
        need = np.flatnonzero(_sigmoid(z).max(axis=1) >= self.cascade_below)
        if len(need):
            enc = self.encoder.logits([texts[i] for i in need])
            z[need] = z_lin[need] * self.blend_linear + enc * self.blend_encoder + self.blend_bias + shift[need]
        return z

    def needs_encoder(self, text: str) -> bool:
        """Whether the cascade runs the encoder for this chunk (the linear model and readings are not sure)."""
        if self.encoder is None:
            return False
        z = self.linear_logits([text]) * self.cascade_linear + self.cascade_bias + self.shifts([text])
        return bool(_sigmoid(z).max() >= self.cascade_below)

    def probabilities(self, logits: np.ndarray) -> np.ndarray:
        """Probabilities from final logits."""
        return _sigmoid(logits)

    def classify(self, texts: Sequence[Any]) -> list[dict[str, float]]:
        """Six label probabilities per text; long texts are chunked and their worst chunk wins."""
        owners: list[int] = []
        pieces: list[str] = []
        for i, value in enumerate(texts):
            for piece in chunks(_as_text(value)):
                if any(c.isalnum() for c in piece) or _EMOJI_RE.search(piece):
                    owners.append(i)
                    pieces.append(piece)
        scores = np.zeros((len(texts), len(LABELS)), dtype=np.float64)
        if pieces:
            # Texts with no Latin letters at all (another script) are not assessed: see the model card.
            latin = np.array([_has_latin(p) for p in pieces])
            if latin.any():
                kept = [p for p, keep in zip(pieces, latin, strict=True) if keep]
                probs = self.probabilities(self.logits(kept)).astype(np.float64)
                np.maximum.at(scores, np.asarray(owners)[latin], probs)
        return [{label: round(float(v), 6) for label, v in zip(LABELS, row, strict=True)} for row in scores]

    def explain(self, text: Any, label: str | None = None, top: int = 10) -> list[tuple[str, float]]:
        """Words and spans that pushed the (top or given) label's score, most important first.

        The linear model's share is exact (each word's weights); the encoder's is measured by leaving each word
        out in turn and seeing how far its logit falls. Both are in units of the final logit.
        """
        pieces = [p for p in chunks(_as_text(text)) if _has_latin(p)]
        if not pieces:
            return []
        probs = self.probabilities(self.logits(pieces))
        col = int(np.argmax(probs.max(axis=0))) if label is None else LABELS.index(label)
        piece = pieces[int(np.argmax(probs[:, col]))]
        pairs = tokenise(piece)
        tokens = [t for t, _ in pairs]
        chars, words, owned = hashed_features(tokens)
        keys = sorted(chars) + sorted(words)
        counts = np.asarray([chars.get(k, 0) or words.get(k, 0) for k in keys], dtype=np.float32)
        idx = np.asarray(keys, dtype=np.int64)
        values = tfidf_values(np.asarray([0, len(keys)]), idx, counts, self.idf)
        per_bucket = dict(zip(keys, (values * self.w_hashed[idx, col] / np.maximum(counts, 1)).tolist(), strict=True))
        blended = self.needs_encoder(piece)
        if self.encoder is None:
            scale = float(self.calib_a[col])
        else:
            scale = float(self.blend_linear[col] if blended else self.cascade_linear[col])
        contributions: dict[str, float] = {}
        for (tok, original), buckets in zip(pairs, owned, strict=True):
            name = original.strip(_EDGE_PUNCT) or tok
            contributions[name] = contributions.get(name, 0.0) + scale * sum(per_bucket[b] for b in buckets)
        dense, spans = dense_features(piece, tokens)
        originals = {tok: original.strip(_EDGE_PUNCT) or tok for tok, original in pairs}
        for feature, matched, _ in spans:
            # Word-list hits are credited to the word as written; pattern hits to the matched phrase.
            span = originals.get(matched, matched)
            weight = float(self.w_dense[DENSE_FEATURES.index(feature), col])
            value = dense[DENSE_FEATURES.index(feature)]
            hits = max(1, sum(1 for f, _, _ in spans if f == feature))
            contributions[span] = contributions.get(span, 0.0) + scale * weight * value / hits
        if self.encoder is not None and blended and 0 < len(tokens) <= EXPLAIN_MAX_TOKENS:
            drops = self.encoder.occlusion(tokens, col)
            weight = float(self.blend_encoder[col])
            for (tok, original), drop in zip(pairs, drops, strict=True):
                name = original.strip(_EDGE_PUNCT) or tok
                contributions[name] = contributions.get(name, 0.0) + weight * drop
        joined = " ".join(tokens)
        readings = context.readings(piece, joined)
        for reading in readings:
            if reading.shift[col]:
                contributions[reading.phrase] = contributions.get(reading.phrase, 0.0) + reading.shift[col]
        phrases = [originals.get(m, m) for _, m, _ in spans if " " in m] + [r.phrase for r in readings]
        _fold_into_phrases(contributions, phrases)
        _join_runs(contributions, [originals[t] for t in tokens])
        ranked = sorted(
            ((k, v) for k, v in contributions.items() if not is_stop_word(k)),
            key=lambda kv: (-abs(kv[1]), kv[0]),
        )
        return [(k, round(v, 4)) for k, v in ranked[:top] if abs(v) >= 1e-4]


# Words that carry no meaning of their own: never offered as the reason for a score (they fold into a phrase).
STOP_WORDS = frozenset(
    lx.words(
        """
    a an the and or but if so as of at by for from in into on onto to with without about over under up down out off
    i me my mine myself we us our ours you u ya ye your yours yourself he him his she her hers it its they them their
    theirs this that these those there here who whom whose which what when where why how is am are was were be been
    being do does did done have has had having will would shall should can could may might must ll re ve d s t m
    just very really too also then than not no yes all any some each every such own same other more most only
    xnum xurl xuser
    """
    )
)


def is_stop_word(word: str) -> bool:
    """Whether a word as written carries no meaning of its own ("the", "you", "I'm", "don't", "@someone")."""
    parts = [p for p in re.split(r"[’'\s]+", word.lower().strip(_EDGE_PUNCT)) if p]
    return not parts or all(
        p in STOP_WORDS or p.startswith("@") or p in ("don", "isn", "aren", "won", "can") for p in parts
    )


def _join_runs(contributions: dict[str, float], words: list[str]) -> None:
    """Join neighbouring words that pushed the same way into one phrase ("go back to where you came from").

    A run is two or more neighbouring words, each carrying at least a quarter of the strongest word's weight (a
    stop-word between two of them rides along); words telling on their own keep their own line.
    """
    singles = {k: v for k, v in contributions.items() if " " not in k}
    if not singles:
        return
    strongest = max(abs(v) for v in singles.values())
    run: list[str] = []

    def close() -> None:
        while run and is_stop_word(run[-1]):
            run.pop()
        content = [w for w in run if not is_stop_word(w)]
        if len(content) >= 2:
            phrase = " ".join(run)
            total = sum(contributions.pop(w, 0.0) for w in dict.fromkeys(run))
            contributions[phrase] = contributions.get(phrase, 0.0) + total
        run.clear()

    sign = 0.0
    for word in words:
        key = word.strip(_EDGE_PUNCT)
        lower = key.lower()
        value = singles.get(key)
        if is_stop_word(lower):
            if run and run[-1].lower() not in STOP_WORDS:
                run.append(key)
            continue
        strong = value is not None and lower not in _TELLING_WORDS and abs(value) >= strongest / 4
        if not strong or (run and value * sign < 0):
            close()
            if strong:
                run.append(key)
                sign = value
            continue
        if not run:
            sign = value
        run.append(key)
    close()


_TELLING_WORDS = lx.PROFANITY | lx.INSULTS | lx.SLURS | lx.SEXUAL | lx.GENDERED | lx.IDENTITY


def _fold_into_phrases(contributions: dict[str, float], phrases: list[str]) -> None:
    """Credit the words of a matched phrase ("watch your back") to the phrase, so a reader sees the phrase.

    Each word goes to the longest phrase that contains it. Words that are telling on their own (an insult, a
    slur, a swear word, a group) keep their own line, and so do words outside every phrase.
    """
    for phrase in sorted(set(phrases), key=lambda p: (-len(p), p)):
        if phrase not in contributions:
            continue
        inside = set(phrase.lower().split()) - _TELLING_WORDS
        for word in [w for w in contributions if " " not in w and w.lower().strip(_EDGE_PUNCT) in inside]:
            contributions[phrase] += contributions.pop(word)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function, clipped to stay finite."""
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))


_ASCII_LETTER_RE = re.compile(r"[A-Za-z]")


def _has_latin(text: str) -> bool:
    """Whether the text has any Latin letter once accents are folded (mapped emoji count too)."""
    return bool(_ASCII_LETTER_RE.search(_strip_marks(text)) or _EMOJI_RE.search(text))


assert context.LABELS == LABELS, "context.py's labels must match the classifier's"

_lock = threading.Lock()
_model: Model | None = None


def get_model() -> Model:
    """The shipped model, loaded once per process."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                _model = Model()
    return _model


def classify(texts: Sequence[str]) -> list[dict[str, float]]:
    """Score each text for the six policy labels; see the model card for what the numbers mean."""
    if isinstance(texts, str | bytes):
        raise TypeError("classify() takes a sequence of texts; wrap a single text in a list")
    return get_model().classify(list(texts))


def explain(text: str, label: str | None = None) -> list[tuple[str, float]]:
    """The words and spans behind a text's highest (or the given) label, most important first."""
    return get_model().explain(text, label=label)
