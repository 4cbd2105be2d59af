import QualKitEngine
/// The one door into the engine for the benchmarks and the fuzz targets, which are packages of their own
/// and so are not reached by `package` access. It drives the same workspace, record loader, byte writer and
/// batch pipeline that `qualkit evaluate` uses; services use ``Evaluator`` and ``LearnerReader`` instead.
///
/// One harness holds one workspace: use it from one thread at a time.
@_spi(Engine) public final class EngineHarness {
    /// The evaluator the harness drives.
    public let evaluator: Evaluator
    private let workspace: Workspace
    private var loader: RecordLoader
    private let writer: ResultByteWriter
    private let parser = LearnerJSONParser()

    /// A harness with a workspace of its own for `evaluator`.
    public init(evaluator: Evaluator) {
        self.evaluator = evaluator
        workspace = evaluator.makeWorkspace()
        loader = RecordLoader(evaluator: evaluator)
        writer = ResultByteWriter(evaluator: evaluator)
    }

    /// Decides every qualification for `learner` on the hot path (no result values) and calls `body` with
    /// whether each was achieved, in catalog order.
    ///
    /// - Complexity: the evaluator's cost for one learner; no allocation once the workspace is warm.
    public func decide(_ learner: Learner, _ body: (_ achieved: Bool) -> Void) {
        evaluator.evaluate(learner, in: workspace) { body($0.achieved) }
    }

    /// Evaluates `learner` and calls `body` with each full result, as `Evaluator.evaluate(_:)` builds them.
    public func forEachResult(_ learner: Learner, _ body: (EvaluationResult) -> Void) {
        evaluator.evaluate(learner, in: workspace) { body(workspace.result($0)) }
    }

    /// Parses one JSON Lines record with the byte parser alone; whether it is a learner record.
    public func parse(_ line: some Collection<UInt8>) -> Bool {
        if case .success = parser.parse(line) { return true }
        return false
    }

    /// Loads one JSON Lines record into the workspace, as the batch pipeline does; whether it loaded.
    public func load(_ line: some Collection<UInt8>) -> Bool {
        loader.load(line, into: workspace) == nil
    }

    /// The batch pipeline's path for one record: loaded into the workspace, evaluated, written as result
    /// JSON Lines and as values. The number of bytes written (0 when the record is rejected).
    public func evaluateRecord(_ line: [UInt8]) -> Int {
        guard loader.load(line, into: workspace) == nil else { return 0 }
        writer.reset()
        line[loader.idRange].withUnsafeBufferPointer { id in
            evaluator.evaluateLoaded(in: workspace) { outcome in
                writer.appendJSON(outcome, in: workspace, idJSON: id)
                _ = workspace.result(outcome)
            }
        }
        return writer.buffer.count
    }

    /// What one run of the batch pipeline wrote.
    public struct PipelineRun: Sendable {
        /// Bytes of results written.
        public var bytes: Int
        /// The summary table.
        public var summary: String
    }

    /// Runs the batch pipeline of `qualkit evaluate` over the learner file at `path`, on every core,
    /// writing `format` (and discarding it).
    public static func runPipeline(
        evaluator: Evaluator, format: ResultFormat, asOf: CalendarDate? = nil,
        path: String
    ) throws -> PipelineRun {
        var pipeline = BatchPipeline(evaluator: evaluator, format: format)
        pipeline.asOf = asOf
        var bytes = 0
        let report = pipeline.run(try LineReader(path: path), output: { bytes += $0.count }, diagnose: { _ in })
        return PipelineRun(bytes: bytes, summary: report.summary.render())
    }
}
