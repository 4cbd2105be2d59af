/// How a unit or set of units is assessed.
public struct Assessment: Hashable, Sendable, Codable {
    public var id: AssessmentID
    public var title: String
    /// The units a pass achieves (one D3 assignment covers two units).
    public var covers: [UnitCode]
    /// The mark sheet, for marked assessments; `nil` for criterion assessment, where the learner must
    /// evidence every assessment criterion of the covered units.
    public var markSheet: MarkSheet?
    /// Guidance on length, as the source states it.
    public var task: String?

    public init(id: AssessmentID, title: String, covers: [UnitCode], markSheet: MarkSheet?, task: String? = nil) {
        self.id = id; self.title = title; self.covers = covers; self.markSheet = markSheet; self.task = task
    }
}

/// A mark sheet: ordered sections, each with a maximum and a minimum, and an overall pass mark.
///
/// A submission passes when every section reaches its minimum **and** the total reaches the pass mark.
/// There is no compensation between sections: a high mark in one does not make up for a section below its
/// minimum.
public struct MarkSheet: Hashable, Sendable, Codable {
    public var sections: [Section]
    public var passMark: Int

    public struct Section: Hashable, Sendable, Codable {
        public var title: String
        public var maximum: Int
        public var minimum: Int
        /// The assessment criteria the section marks (criteria of the units the assessment covers).
        public var criteria: [CriterionReference]
        public init(title: String, maximum: Int, minimum: Int, criteria: [CriterionReference] = []) {
            self.title = title; self.maximum = maximum; self.minimum = minimum; self.criteria = criteria
        }

        enum CodingKeys: String, CodingKey { case title, maximum, minimum, criteria }

        /// Decodes sections written before `criteria` existed too.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                title: try c.decode(String.self, forKey: .title), maximum: try c.decode(Int.self, forKey: .maximum),
                minimum: try c.decode(Int.self, forKey: .minimum),
                criteria: try c.decodeIfPresent([CriterionReference].self, forKey: .criteria) ?? [])
        }
    }

    public init(sections: [Section], passMark: Int) { self.sections = sections; self.passMark = passMark }

    /// The highest total the sheet allows.
    public var maximumTotal: Int { sections.reduce(0) { $0 + $1.maximum } }

    /// Marks one submission. `marks` must have one entry per section, each within `0...maximum`;
    /// use ``check(_:)`` first for untrusted input.
    ///
    /// - Returns: `.pass`, or `.referral` with the 0-based indexes of sections below their minimum
    ///   (empty when only the total fell short).
    public func outcome(of marks: some Collection<Int>) -> MarkOutcome {
        var total = 0
        var referred: [Int] = []
        for (i, (m, s)) in zip(marks, sections).enumerated() {
            total += m
            if m < s.minimum { referred.append(i) }
        }
        return referred.isEmpty && total >= passMark ? .pass : .referral(sections: referred, total: total)
    }

    /// Whether `marks` pass, without allocating. Marks beyond the sheet's sections are ignored.
    public func passes(_ marks: [Int]) -> Bool {
        var total = 0
        let n = min(marks.count, sections.count)
        for i in 0..<n {
            if marks[i] < sections[i].minimum { return false }
            total += marks[i]
        }
        return total >= passMark
    }

    /// What is wrong with `marks` as a submission for this sheet, or `nil` if nothing is.
    public func check(_ marks: [Int]) -> String? {
        if marks.count != sections.count {
            return "expected \(sections.count) section marks, found \(marks.count)"
        }
        for (i, (m, s)) in zip(marks, sections).enumerated() where m < 0 || m > s.maximum {
            return "mark \(m) for section \(i + 1) ('\(s.title)') is outside 0…\(s.maximum)"
        }
        return nil
    }
}

/// The outcome of marking a submission.
public enum MarkOutcome: Hashable, Sendable, Codable {
    case pass
    /// Referred: `sections` holds the 0-based indexes of sections below their minimum.
    case referral(sections: [Int], total: Int)
}

/// An assessment criterion of a unit, written `UNIT/NUMBER` (`D3.01/1.1`).
public struct CriterionReference: Hashable, Sendable, Codable, CustomStringConvertible {
    public var unit: UnitCode
    /// The criterion's number as printed (`1.1`).
    public var number: String
    public init(unit: UnitCode, number: String) { self.unit = unit; self.number = number }

    /// Reads `UNIT/NUMBER`; `nil` when there is no `/` with text on both sides.
    public init?(_ text: String) {
        guard let slash = text.lastIndex(of: "/"), slash != text.startIndex, text.index(after: slash) != text.endIndex
        else { return nil }
        self.init(unit: UnitCode(String(text[..<slash])), number: String(text[text.index(after: slash)...]))
    }

    public var description: String { "\(unit)/\(number)" }
}
