import Testing
@testable import PolicyModel

/// "Did you mean" at the sizes a hostile or careless input reaches (issue 10, item 7): the search
/// is bounded, so these complete, and near names still get their suggestion.
@Suite("Suggestion at scale")
struct SuggestionScaleTests {
    static let teams = ["platform", "payments", "identity", "frontend", "security"]

    /// `service-<team>-<5 digits>`: thousands of names of one pattern, as organizations name roles.
    static func liveName(_ n: Int) -> String {
        let digits = String(n)
        return "service-\(teams[n % teams.count])-" + String(repeating: "0", count: 5 - digits.count) + digits
    }

    static func declared(_ name: String, line: Int) -> DesiredRole {
        DesiredRole(id: nil, name: name, resources: [], location: SourceLocation(path: "p.yaml", line: line, column: 5))
    }

    static func live(_ names: [String]) -> LiveState {
        LiveState(roles: names.enumerated().map { index, name in
            let digits = String(index, radix: 16)
            let id = "550e8400-e29b-41d4-a716-" + String(repeating: "0", count: 12 - digits.count) + digits
            return LiveRole(id: RoleID(id)!, name: name, resourceIds: [])
        })
    }

    @Test("2,000 unknown names among 10,000 live names: each typo gets its name, each stranger none")
    func manyUnknownNames() {
        let live = Self.live((0..<10_000).map(Self.liveName))
        var declared: [DesiredRole] = []
        var expected: [String] = []
        for k in 0..<2_000 {
            let original = Self.liveName(k * 5 + 3)
            if k.isMultiple(of: 2) {
                // One letter dropped: "servce-…".
                var typo = original
                typo.remove(at: typo.index(typo.startIndex, offsetBy: 4))
                declared.append(Self.declared(typo, line: k + 1))
                expected.append("p.yaml:\(k + 1):5: error: no live role is named '\(typo)'; did you mean '\(original)'?")
            } else {
                let stranger = "zq\(k)xv-unrelated-\(k * 7)"
                declared.append(Self.declared(stranger, line: k + 1))
                expected.append("p.yaml:\(k + 1):5: error: no live role is named '\(stranger)'")
            }
        }
        let diagnostics = RoleMatcher(live: live).match(declared).diagnostics.map(\.description)
        #expect(diagnostics == expected)
    }

    @Test("a name of megabytes gets no suggestion, and the names after it still do")
    func hugeName() {
        let huge = String(repeating: "security-", count: 400_000) // 3.6 MB
        var nearHuge = huge
        nearHuge.removeLast()
        let live = Self.live((0..<100).map(Self.liveName) + [huge])
        let declared = [Self.declared(nearHuge, line: 1), Self.declared("service-payments-0001", line: 2)]
        let diagnostics = RoleMatcher(live: live).match(declared).diagnostics
        #expect(diagnostics.count == 2)
        #expect(diagnostics.first?.message.hasSuffix("'") == true)
        #expect(diagnostics.first?.message.contains("did you mean") == false)
        #expect(diagnostics.last?.message == "no live role is named 'service-payments-0001'; did you mean 'service-payments-00001'?")
    }
}
