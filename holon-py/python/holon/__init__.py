"""holon: Vector Symbolic Architecture over holon's Rust core.

Every vector this package returns is computed by holon-core (or holon-std's
SIMD kernels, bit-identical to it): the same bits as the firmware on a
Cortex-M and the ``holon`` command-line tool. Vectors are 1-D ``numpy.int8``
arrays of -1, 0 and +1.

>>> import holon
>>> h = holon.Holon(dims=4096)
>>> doc = h.encode({"protocol": "UDP", "src_port": 53, "bytes": {"$log": 2546}})
>>> probe = holon.bind(h.atom("src_port"), h.atom("53"))
>>> holon.cosine(doc, probe) > 0.4
True

``dims`` is any integer from 1 to 65536 for vectors and encoders (the
prefix of the vector at the next power of two, which is what a core
compiled at ``dims`` computes); ``permute``, ``Detector`` and
``EngramScorer`` need a power of two from 256 to 65536
(``SUPPORTED_DIMS``). Bad input raises ``ValueError`` (``TypeError`` for a
wrong type) with the core's reason.
"""

from ._holon import (
    BANK_CAPACITY,
    MAX_DIMS,
    SUPPORTED_DIMS,
    Accumulator,
    Detector,
    EngramScorer,
    Holon,
    VerdictDigest,
    agreement,
    amplify,
    atom,
    bind,
    blend,
    bundle,
    circular,
    cosine,
    difference,
    dot,
    hamming,
    linear,
    log,
    negate,
    permute,
    position,
    prototype,
    resonance,
    time,
)

__all__ = [
    "BANK_CAPACITY",
    "MAX_DIMS",
    "SUPPORTED_DIMS",
    "Accumulator",
    "Detector",
    "EngramScorer",
    "Holon",
    "VerdictDigest",
    "agreement",
    "amplify",
    "atom",
    "bind",
    "blend",
    "bundle",
    "circular",
    "cosine",
    "difference",
    "dot",
    "hamming",
    "linear",
    "log",
    "negate",
    "permute",
    "position",
    "prototype",
    "resonance",
    "time",
]
