import QualKitEngine
import QualKitCore

/// Counts the outcomes of one chunk of a learner file inside a ``BatchPipeline`` worker, so that figures
/// over a whole cohort (the report's dashboard) are counted on every core from the engine's compact outcomes,
/// without building a result per learner.
///
/// The pipeline makes one counter per chunk slot, calls ``reset()`` as a worker starts a chunk, then, for
/// each record of the chunk in order, ``reject(line:file:message:)`` or ``beginLearner(line:id:in:)``, one
/// ``add(_:in:)`` per outcome, and ``endLearner(in:)``. After each batch it hands every chunk's counter to
/// the caller, in input order, with the number of lines before the chunk: in a mapped file, the lines a
/// counter is given count from 1 within its chunk.
package protocol OutcomeCounter: AnyObject {
    /// Forgets the previous chunk.
    func reset()
    /// A record rejected on `line` of `file`, and why (the message `evaluate` prints after the location).
    func reject(line: Int, file: String, message: String)
    /// The learner `id` on `line`, loaded into `workspace`, is about to be evaluated.
    func beginLearner(line: Int, id: CountedLearnerID, in workspace: Workspace)
    /// One outcome of the learner loaded into `workspace`.
    func add(_ outcome: Outcome, in workspace: Workspace)
    /// The learner's outcomes are all given.
    func endLearner(in workspace: Workspace)
}

/// The id of the learner an ``OutcomeCounter`` is counting, made a `String` only when asked (``string``):
/// most learners are counted without being named.
package struct CountedLearnerID {
    private let raw: UnsafeBufferPointer<UInt8>
    private let hasEscapes: Bool
    private let text: String?

    /// The id as the content of the record's JSON string `raw` (with escapes when `hasEscapes`), which
    /// stays valid until the learner's outcomes are all given (``OutcomeCounter/endLearner(in:)``).
    init(json raw: UnsafeBufferPointer<UInt8>, hasEscapes: Bool) {
        self.raw = raw
        self.hasEscapes = hasEscapes
        text = nil
    }

    /// The id `text`.
    package init(_ text: String) {
        raw = UnsafeBufferPointer(start: nil, count: 0)
        hasEscapes = false
        self.text = text
    }

    /// The id, as `evaluate` reads it. (Asked for after ``OutcomeCounter/endLearner(in:)``, the bytes of
    /// a record's string may be gone.)
    package var string: String { text ?? BatchPipeline.idText(raw, hasEscapes: hasEscapes) }
}
