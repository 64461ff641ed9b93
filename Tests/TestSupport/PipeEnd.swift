import Foundation
import Synchronization

/// One end of a pipe, close-on-exec, closed once (by `close()` or when the last reference goes).
public final class PipeEnd: Sendable {
    /// The descriptor.
    public let rawValue: Int32
    private let isClosed = Atomic<Bool>(false)

    private init(_ rawValue: Int32) {
        self.rawValue = rawValue
    }

    deinit { close() }

    /// A new pipe: its read end and its write end, both close-on-exec from the start (`Spawning.pipe`).
    static func pipe() throws -> (reader: PipeEnd, writer: PipeEnd) {
        let (reader, writer) = try Spawning.pipe()
        return (PipeEnd(reader), PipeEnd(writer))
    }

    /// Closes the descriptor; later calls do nothing.
    public func close() {
        guard !isClosed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        _ = Glibc.close(rawValue)
    }

    /// The next bytes; empty at end of file (or once closed); nil when none came before `deadline`.
    public func read(before deadline: ContinuousClock.Instant?) -> [UInt8]? {
        guard !isClosed.load(ordering: .acquiring) else { return [] }
        if let deadline {
            var descriptor = pollfd(fd: rawValue, events: Int16(POLLIN), revents: 0)
            while true {
                let left = deadline - ContinuousClock.now
                guard left > .zero else { return nil }
                let milliseconds = Int32(min(left.components.seconds * 1000 + 1, 60_000))
                let ready = poll(&descriptor, 1, milliseconds)
                if ready > 0 { break }
                if ready < 0 && errno != EINTR { return [] }
            }
        }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(rawValue, $0.baseAddress, $0.count) }
            if count >= 0 { return Array(buffer.prefix(count)) }
            if errno != EINTR { return [] }
        }
    }

    /// Writes all of `bytes`; false when the reader has gone.
    @discardableResult
    public func write(_ bytes: [UInt8]) -> Bool {
        guard !isClosed.load(ordering: .acquiring) else { return false }
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { Glibc.write(rawValue, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += count
        }
        return true
    }
}
