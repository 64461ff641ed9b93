/// Where escaping and rendering append bytes: a `[UInt8]`, or a report's `ByteBuffer`.
protocol ByteOutput {
    /// Appends the bytes of `bytes`.
    mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>)
    /// Appends one byte.
    mutating func append(_ byte: UInt8)
}

extension Array: ByteOutput where Element == UInt8 {}

/// A growable run of bytes, appended to with one `memcpy` each.
///
/// A report is written in some 400,000 appends of a few dozen bytes; `Array.append(contentsOf:)` spent about 100
/// instructions on each (its generic sequence copy and checks) before copying a byte. A copy of a buffer shares its
/// memory until either is changed, as an array's does.
struct ByteBuffer: ByteOutput {
    /// Memory for `capacity` bytes, freed with the last buffer that holds it.
    private final class Storage {
        let start: UnsafeMutablePointer<UInt8>
        let capacity: Int

        init(capacity: Int) {
            self.capacity = capacity
            start = .allocate(capacity: capacity)
        }

        deinit { start.deallocate() }
    }

    private var storage: Storage
    /// How many bytes are held.
    private(set) var count = 0

    /// An empty buffer with room for `capacity` bytes.
    init(capacity: Int = 256) {
        storage = Storage(capacity: Swift.max(capacity, 16))
    }

    var isEmpty: Bool { count == 0 }

    /// Appends the bytes of `bytes`.
    @inline(__always)
    mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        let start = room(for: bytes.count)
        (start + count).initialize(from: source, count: bytes.count)
        count += bytes.count
    }

    /// Appends the bytes of `bytes`.
    mutating func append(contentsOf bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append(contentsOf: $0) }
    }

    /// Appends one byte.
    @inline(__always)
    mutating func append(_ byte: UInt8) {
        let start = room(for: 1)
        (start + count).initialize(to: byte)
        count += 1
    }

    /// Forgets the bytes, keeping the memory.
    mutating func removeAll() {
        count = 0
    }

    /// Calls `body` with the bytes held.
    func withUnsafeBytes<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try body(UnsafeRawBufferPointer(start: storage.start, count: count))
    }

    /// The bytes from `start` to the end, as an array.
    func copy(from start: Int) -> [UInt8] {
        precondition(0 <= start && start <= count, "copy(from:) outside the buffer")
        return Array(UnsafeBufferPointer(start: storage.start + start, count: count - start))
    }

    /// The start of memory this buffer alone holds, with room for `extra` more bytes after `count`.
    @inline(__always)
    private mutating func room(for extra: Int) -> UnsafeMutablePointer<UInt8> {
        if count + extra > storage.capacity || !isKnownUniquelyReferenced(&storage) {
            grow(toHold: count + extra)
        }
        return storage.start
    }

    /// Moves the bytes to memory of their own with room for `needed` bytes, at least double the capacity when full.
    private mutating func grow(toHold needed: Int) {
        let capacity = needed > storage.capacity ? Swift.max(needed, storage.capacity * 2) : storage.capacity
        let new = Storage(capacity: capacity)
        new.start.initialize(from: storage.start, count: count)
        storage = new
    }
}
