import Foundation
import Testing

/// The third round of hostile input (#24), end to end.
@Suite("Hostile input, round three", .serialized)
struct HostileInputCLITests {
    typealias CLI = CLITests

    @Test(arguments: [#"\u0041"#, #"t\tb"#, #"q\"uote"#])
    func explainFindsAnIdWrittenWithEscapes(written: String) throws {
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data("\"\(written)\"".utf8), options: .fragmentsAllowed) as? String)
        let file = #"{"id":"\#(written)","units":[{"code":"8577-300"}]}"# + "\n"
        let r = try CLI.run(["explain", "--learner", decoded, "--qualification", "8577-award-coaching", "-"], stdin: file)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("8577-300"))
    }

    @Test func explainWarnsOfAnIdRepeatedWithoutEscapes() throws {
        let file = #"{"id":"\u0041","units":[{"code":"8577-300"}]}"# + "\n" + #"{"id":"A","units":[]}"# + "\n"
        let r = try CLI.run(["explain", "--learner", "A", "--qualification", "8577-award-coaching", "-"], stdin: file)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.contains("<stdin>:2: warning: learner 'A' is also on line 1; explaining line 1"), "\(r.err)")
    }
}
