"""Type stubs for holon (the native module holon._holon)."""

from typing import Any, Dict, List, Literal, Optional, Sequence, Tuple, Union, final

import numpy as np
import numpy.typing as npt

_Vector = npt.NDArray[np.int8]
"""A 1-D int8 array of -1, 0 and +1."""

_JSON = Any
_Record = Union[Dict[str, Any], str, bytes]
_Verdict = Dict[str, Any]
"""{"anomaly": bool, "score": float, "explain": [(slot, score), ...]}"""

SUPPORTED_DIMS: List[int]
MAX_DIMS: int
BANK_CAPACITY: int

def atom(text: str, dims: int = 4096, seed: int = 0) -> _Vector:
    """The vector of atom `text` (SHA-256 + ChaCha8, bit-exact with holon-rs 0.1)."""

def position(index: int, dims: int = 4096, seed: int = 0) -> _Vector:
    """The role vector of sequence position `index` (atom "__pos__{index}")."""

def bind(a: _Vector, b: _Vector) -> _Vector:
    """Component-wise product; self-inverse where `a` is non-zero."""

def bundle(vectors: Sequence[_Vector], dims: Optional[int] = None) -> _Vector:
    """Sign of the component-wise sum (ties 0); an empty list needs `dims`."""

def prototype(vectors: Sequence[_Vector], threshold: float, dims: Optional[int] = None) -> _Vector:
    """+1 / -1 where at least ceil(threshold * n) vectors agree, else 0."""

def permute(a: _Vector, k: int) -> _Vector:
    """Rotation by `k`; len(a) must be one of SUPPORTED_DIMS."""

def negate(s: _Vector, c: _Vector, mode: Literal["subtract", "zero_out", "invert"] = "subtract") -> _Vector:
    """Removes `c` from the superposition `s`."""

def amplify(s: _Vector, c: _Vector, weight: float) -> _Vector:
    """Sign of s + weight * c."""

def difference(before: _Vector, after: _Vector) -> _Vector:
    """clamp(after - before, -1, 1)."""

def blend(a: _Vector, b: _Vector, w: float) -> _Vector:
    """Sign of (1 - w) a + w b."""

def resonance(v: _Vector, reference: _Vector) -> _Vector:
    """`v` where it equals `reference`, else 0."""

def cosine(a: _Vector, b: _Vector) -> float:
    """Cosine in [-1, 1] as the core computes it in f32 (0.0 for a zero side)."""

def dot(a: _Vector, b: _Vector) -> int:
    """Exact dot product."""

def hamming(a: _Vector, b: _Vector) -> int:
    """Number of differing components."""

def agreement(a: _Vector, b: _Vector) -> int:
    """Number of components non-zero and equal in both."""

def linear(value: float, scale: float, dims: int = 4096, seed: int = 0) -> _Vector:
    """Linear magnitude: near-orthogonal once |delta| >= scale."""

def log(value: float, dims: int = 4096, seed: int = 0, decades_per_scale: Optional[float] = None) -> _Vector:
    """Log magnitude: equal ratios, equal similarity; value <= 0 gives zeros."""

def circular(value: float, period: float, dims: int = 4096, seed: int = 0) -> _Vector:
    """Position on a circle of `period`."""

def time(seconds: int, dims: int = 4096, seed: int = 0) -> _Vector:
    """A Unix time (UTC): hour of day, day of week, month, bound and bundled."""

@final
class Holon:
    """Seed, dimension, atom cache and encoders: documents to vectors."""

    def __new__(cls, dims: int = 4096, seed: int = 0) -> "Holon": ...
    @property
    def dims(self) -> int: ...
    @property
    def seed(self) -> int: ...
    def atom(self, text: str) -> _Vector:
        """The vector of atom `text` (cached)."""
    def encode_json(self, text: Union[str, bytes]) -> _Vector:
        """The vector `holon encode` prints for this _JSON document."""
    def encode(self, obj: _JSON) -> _Vector:
        """encode_json(json.dumps(obj)), without the text."""

@final
class Accumulator:
    """Exact integer sums of vectors; merges are exact; picklable."""

    def __new__(cls, dims: int) -> "Accumulator": ...
    @property
    def dims(self) -> int: ...
    @property
    def count(self) -> int: ...
    def add(self, v: _Vector, weight: int = 1) -> None: ...
    def merge(self, other: "Accumulator") -> None: ...
    def threshold(self) -> _Vector: ...
    def cosine(self, v: _Vector) -> float: ...
    def dot(self, v: _Vector) -> int: ...
    def sums(self) -> npt.NDArray[np.int32]: ...
    def clear(self) -> None: ...

@final
class Detector:
    """The zero-knowledge anomaly detector of `holon detect`; picklable."""

    def __new__(cls, warmup: int, dims: int = 1024, seed: int = 0) -> "Detector": ...
    @property
    def warmup(self) -> int: ...
    @property
    def dims(self) -> int: ...
    @property
    def seed(self) -> int: ...
    @property
    def learned(self) -> int: ...
    @property
    def size(self) -> Tuple[int, int]: ...
    def learn(self, record: _Record) -> None: ...
    def score(self, record: _Record) -> _Verdict: ...
    def observe(self, record: _Record) -> _Verdict:
        """Learns until `warmup` records are learned, then scores."""
    def mint(self) -> bytes:
        """The engram file `holon mint` writes."""
    def merge(self, other: "Detector") -> None:
        """Adds what `other` learned, by the documented deterministic rule."""

@final
class EngramScorer:
    """Scores records against minted engrams only, as a device does; picklable."""

    def __new__(cls, engram_bytes: bytes) -> "EngramScorer": ...
    @property
    def dims(self) -> int: ...
    def __len__(self) -> int: ...
    def score(self, record: _Record) -> _Verdict: ...

@final
class VerdictDigest:
    """The `verdict digest` that `holon detect` and `holon score` print."""

    def __new__(cls) -> "VerdictDigest": ...
    def add(self, verdict_or_anomaly: Union[_Verdict, bool], score: Optional[float] = None) -> None: ...
    @property
    def value(self) -> int: ...
    def hexdigest(self) -> str: ...
