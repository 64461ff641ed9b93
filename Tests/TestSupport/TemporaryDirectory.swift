import Foundation

/// A fresh, uniquely named directory under the system temporary directory, removed by `remove()`.
public struct TemporaryDirectory: Sendable {
    /// The directory's location.
    public let url: URL

    /// Creates `<tmp>/plinv-<prefix>-<uuid>/`.
    public init(prefix: String = "test") throws {
        let base = URL(fileURLWithPath: NSTemporaryDirectory(), isDirectory: true)
        let url = base.appendingPathComponent("plinv-\(prefix)-\(UUID().uuidString)", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw TestSupportError.temporaryDirectoryFailed(path: url.path, reason: "\(error)")
        }
        self.url = url
    }

    /// The location of `name` inside the directory (not created).
    public func file(_ name: String) -> URL {
        url.appendingPathComponent(name)
    }

    /// Writes `contents` to `name` inside the directory and returns its location.
    @discardableResult
    public func write(_ contents: String, to name: String) throws -> URL {
        let target = file(name)
        try FileManager.default.createDirectory(
            at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: target)
        return target
    }

    /// Deletes the directory and everything in it; a directory already gone is not an error.
    public func remove() {
        try? FileManager.default.removeItem(at: url)
    }

    /// Runs `body` with a new directory and removes it afterwards, whether `body` throws or not.
    public static func with<T>(
        prefix: String = "test", _ body: (TemporaryDirectory) async throws -> T
    ) async throws -> T {
        let directory = try TemporaryDirectory(prefix: prefix)
        defer { directory.remove() }
        return try await body(directory)
    }
}
