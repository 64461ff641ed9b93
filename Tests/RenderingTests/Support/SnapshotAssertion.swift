import Foundation
import Testing

/// Compares `text` with the golden file `Tests/RenderingTests/Snapshots/<name>`.
///
/// With `RECORD_SNAPSHOTS=1` in the environment (or when the file is missing) it writes the file
/// and fails, so a recording is never mistaken for a pass.
func assertSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Snapshots").appendingPathComponent(name)
    let recording = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil
    guard !recording, let stored = FileManager.default.contents(atPath: url.path) else {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        Issue.record(
            Comment(rawValue: "recorded snapshot \(name); run again without RECORD_SNAPSHOTS to compare"),
            sourceLocation: sourceLocation)
        return
    }
    let expected = String(decoding: stored, as: UTF8.self)
    if expected != text {
        let expectedLines = expected.components(separatedBy: "\n")
        let actualLines = text.components(separatedBy: "\n")
        let first =
            zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(expectedLines.count, actualLines.count)
        let want = first < expectedLines.count ? expectedLines[first] : "<end of file>"
        let got = first < actualLines.count ? actualLines[first] : "<end of file>"
        let message =
            "snapshot \(name) differs at line \(first + 1):\n  expected: \(want)\n  actual:   \(got)\n"
            + "re-record with RECORD_SNAPSHOTS=1 if the change is intended"
        Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
    }
}
