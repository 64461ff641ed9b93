/// Whether and which CloudFormation stacks a collection reads (`plinv collect --stacks [--stack-name GLOB]…`).
public struct StackReadOptions: Sendable, Hashable {
    /// Read stacks at all; off by default, so a plain `collect` never calls CloudFormation.
    public var enabled: Bool
    /// Stack-name glob patterns (`*` any run of characters, `?` one character); empty reads every stack.
    public var namePatterns: [String]
    /// At most this many stacks are read (resources and template) at the same time per scope.
    public var concurrency: Int

    public init(enabled: Bool = false, namePatterns: [String] = [], concurrency: Int = 4) {
        self.enabled = enabled
        self.namePatterns = namePatterns
        self.concurrency = max(1, concurrency)
    }

    /// Stacks are not read.
    public static let disabled = StackReadOptions()

    /// Every stack is read.
    public static let all = StackReadOptions(enabled: true)

    /// Whether a stack named `name` is read.
    public func includes(stackName name: String) -> Bool {
        namePatterns.isEmpty || namePatterns.contains { Self.glob($0, matches: name) }
    }

    /// Whether `text` matches the glob `pattern` as a whole (`*` and `?`; every other character literally).
    static func glob(_ pattern: String, matches text: String) -> Bool {
        let pattern = Array(pattern), text = Array(text)
        var p = 0, t = 0
        var star: Int?, resume = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "?" || (pattern[p] != "*" && pattern[p] == text[t]) {
                p += 1
                t += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p
                resume = t
                p += 1
            } else if let star {
                p = star + 1
                resume += 1
                t = resume
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
