import COpenSSL
import Foundation

/// SHA-256 and HMAC-SHA256 over OpenSSL libcrypto, plus lowercase hex encoding.
public enum Crypto {
    /// The SHA-256 digest of `data` (32 bytes).
    public static func sha256(_ data: some ContiguousBytes) -> [UInt8] {
        let context = SHA256Context()
        return data.withUnsafeBytes { context.digest($0) }
    }

    /// The SHA-256 digest of `prefix` followed by `bytes`, without joining them.
    public static func sha256(_ prefix: UnsafeRawBufferPointer, _ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        SHA256Context().digest(prefix, bytes)
    }

    /// The SHA-256 digest of the UTF-8 bytes of `string`.
    public static func sha256(_ string: String) -> [UInt8] {
        var string = string
        return string.withUTF8 { SHA256Context().digest(UnsafeRawBufferPointer($0)) }
    }

    /// HMAC-SHA256 of `message` under `key` (32 bytes).
    public static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        message.withUnsafeBytes { SHA256Context().hmac(key: key, message: $0) }
    }

    /// HMAC-SHA256 of the UTF-8 bytes of `message` under `key`.
    public static func hmacSHA256(key: [UInt8], message: String) -> [UInt8] {
        var message = message
        return message.withUTF8 { SHA256Context().hmac(key: key, message: UnsafeRawBufferPointer($0)) }
    }

    /// Lowercase hexadecimal of `bytes`.
    public static func hex(_ bytes: some Collection<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { output in
            appendHex(bytes, to: output.baseAddress!)
            return bytes.count * 2
        }
    }

    /// Writes the lowercase hexadecimal of `bytes` (two bytes each) starting at `output`.
    static func appendHex(_ bytes: some Collection<UInt8>, to output: UnsafeMutablePointer<UInt8>) {
        var position = output
        for byte in bytes {
            position[0] = hexDigit(byte >> 4)
            position[1] = hexDigit(byte & 0x0F)
            position += 2
        }
    }

    /// The lowercase hex digit for a value below 16.
    @inline(__always) static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") - 10 + value
    }
}

/// SHA-256 digests in a row on one thread with one OpenSSL context: a context made for each digest costs two
/// allocations and frees (the context and the provider's state) and its result array a third, per item of a collect.
public final class SHA256Digester {
    private let context = SHA256Context()

    public init() {}

    /// Calls `body` with the SHA-256 digest (32 bytes) of `prefix` followed by `bytes`, valid only while it runs.
    public func digest<T>(
        _ prefix: UnsafeRawBufferPointer, _ bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> T
    ) -> T {
        withUnsafeTemporaryAllocation(byteCount: 32, alignment: 8) { output in
            context.digest(prefix, bytes, into: output.baseAddress!)
            return body(UnsafeRawBufferPointer(output))
        }
    }
}

/// One OpenSSL digest context for several SHA-256 digests in a row, on one thread. OpenSSL 3's one-shot `SHA256()`
/// and `HMAC()` look the algorithm up in the provider store on every call (most of their cost for the short
/// messages SigV4 hashes); this context looks it up once and is re-initialised for each digest.
struct SHA256Context: ~Copyable {
    private let context: OpaquePointer

    /// OpenSSL's SHA-256, fetched from the default provider once for the process (a fetched `EVP_MD` is immutable
    /// and may be shared between threads); kept as its address, an integer, so that the constant is `Sendable`.
    private static let algorithm: Int = {
        guard let algorithm = EVP_MD_fetch(nil, "SHA256", nil) else { fatalError("SHA-256 is not available") }
        return Int(bitPattern: UnsafeRawPointer(algorithm))
    }()

    init() {
        guard let context = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new failed (out of memory)") }
        guard EVP_DigestInit_ex2(context, OpaquePointer(bitPattern: Self.algorithm), nil) == 1 else {
            fatalError("SHA-256 is not available")
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    /// The SHA-256 digest of `prefix` followed by `bytes` (none by default).
    func digest(_ prefix: UnsafeRawBufferPointer, _ bytes: UnsafeRawBufferPointer = .init(start: nil, count: 0))
        -> [UInt8]
    {
        [UInt8](unsafeUninitializedCapacity: 32) { output, count in
            digest(prefix, bytes, into: output.baseAddress!)
            count = 32
        }
    }

    /// Writes the SHA-256 digest of `prefix` followed by `bytes` (32 bytes) at `output`.
    func digest(_ prefix: UnsafeRawBufferPointer, _ bytes: UnsafeRawBufferPointer, into output: UnsafeMutableRawPointer)
    {
        EVP_DigestInit_ex2(context, nil, nil)
        if prefix.count > 0 { EVP_DigestUpdate(context, prefix.baseAddress, prefix.count) }
        if bytes.count > 0 { EVP_DigestUpdate(context, bytes.baseAddress, bytes.count) }
        EVP_DigestFinal_ex(context, output.assumingMemoryBound(to: UInt8.self), nil)
    }

    /// HMAC-SHA256 (RFC 2104) of `message` under `key`.
    func hmac(key: [UInt8], message: UnsafeRawBufferPointer) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: 64)
        if key.count > 64 {
            let hashed = key.withUnsafeBytes { digest($0) }
            block.replaceSubrange(0..<32, with: hashed)
        } else {
            block.replaceSubrange(0..<key.count, with: key)
        }
        for index in 0..<64 { block[index] ^= 0x36 }
        let inner = block.withUnsafeBytes { digest($0, message) }
        for index in 0..<64 { block[index] ^= 0x36 ^ 0x5C }
        return block.withUnsafeBytes { pad in inner.withUnsafeBytes { digest(pad, $0) } }
    }
}
