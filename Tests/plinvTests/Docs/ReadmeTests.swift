import Foundation
import Testing

/// The README stands alone: every repository file it names exists, and the example configuration it points to
/// is one plinv reads.
@Suite struct ReadmeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static var readme: String {
        (try? String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)) ?? ""
    }

    /// Repository paths the README names in backticks or links: anything under a top-level folder of the repository,
    /// or a top-level file with an extension.
    static func namedPaths(in text: String) -> Set<String> {
        let folders = ["examples/", "scripts/", "Reports/", "Schema/", "Sources/", "Tests/", ".ci/"]
        var paths: Set<String> = []
        let pattern = try! NSRegularExpression(
            pattern: #"[`(]((?:\.?[A-Za-z0-9_.-]+/)*[A-Za-z0-9_.-]+\.?[A-Za-z0-9_-]*/?)[`)]"#)
        let range = NSRange(text.startIndex..., in: text)
        for match in pattern.matches(in: text, range: range) {
            guard let found = Range(match.range(at: 1), in: text) else { continue }
            let path = String(text[found])
            let topLevelFile =
                !path.contains("/") && ["README.md", "BENCHMARKS.md", "Makefile", "Package.swift"].contains(path)
            if folders.contains(where: { path.hasPrefix($0) }) || topLevelFile { paths.insert(path) }
        }
        return paths
    }

    @Test func everyRepositoryFileTheReadmeNamesExists() {
        let paths = Self.namedPaths(in: Self.readme)
        #expect(paths.contains("examples/plinv.yaml"))
        for path in paths.sorted() {
            #expect(
                FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(path).path),
                "README names \(path)")
        }
    }

    @Test func theScanFindsANameThatDoesNotExist() {
        // The check above must be able to fail: a made-up path is found by the scan and is missing.
        let paths = Self.namedPaths(in: "see `examples/no-such-file.yaml` and (scripts/nothing.py)")
        #expect(paths == ["examples/no-such-file.yaml", "scripts/nothing.py"])
    }

    @Test func theReadmeNeverSendsAUserToTheDesignCard() {
        #expect(!Self.readme.contains("DESIGN.md"))
    }
}
