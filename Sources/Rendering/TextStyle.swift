import PolicyModel

/// ANSI styling, off unless the output is a terminal and `NO_COLOR` is unset (README, "CI").
public struct TextStyle: Sendable, Hashable {
    public var colors: Bool

    public init(colors: Bool) {
        self.colors = colors
    }

    public static let plain = TextStyle(colors: false)

    func red(_ text: String) -> String { paint(text, "31") }
    func green(_ text: String) -> String { paint(text, "32") }
    func yellow(_ text: String) -> String { paint(text, "33") }
    func bold(_ text: String) -> String { paint(text, "1") }
    func dim(_ text: String) -> String { paint(text, "2") }

    private func paint(_ text: String, _ code: String) -> String {
        colors ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
