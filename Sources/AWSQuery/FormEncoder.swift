/// Encodes Query-protocol parameters as an `application/x-www-form-urlencoded` body.
///
/// Names and values keep exactly the RFC 3986 unreserved set (`A-Z a-z 0-9 - . _ ~`); a space becomes `+`
/// and every other byte `%XX`. That is byte for byte what botocore sends (its Query serializer's dict body
/// goes through Python's `urlencode`), and what moto re-creates when it checks a signature: moto rebuilds
/// the body from the parsed form, so a `%20` for a space fails its check while `+` passes.
/// The bytes that are signed are the bytes that are sent.
public enum FormEncoder {
    /// `name=value&…` in the given order.
    public static func encode(_ parameters: [(String, String)]) -> String {
        String(decoding: encodedBytes(parameters), as: UTF8.self)
    }

    /// The bytes of `encode(parameters)`, written straight into one buffer (the request body).
    public static func encodedBytes(_ parameters: [(String, String)]) -> [UInt8] {
        // At most three bytes out for each byte in, plus the separators.
        let capacity = parameters.reduce(0) { $0 + 3 * ($1.0.utf8.count + $1.1.utf8.count) + 2 }
        return [UInt8](unsafeUninitializedCapacity: max(capacity, 1)) { buffer, count in
            var position = 0
            for (index, (name, value)) in parameters.enumerated() {
                if index > 0 {
                    buffer[position] = UInt8(ascii: "&")
                    position += 1
                }
                position = write(name, spaceAsPlus: true, into: buffer, at: position)
                buffer[position] = UInt8(ascii: "=")
                position += 1
                position = write(value, spaceAsPlus: true, into: buffer, at: position)
            }
            count = position
        }
    }

    /// A name or value for a form body: `percentEncode` with a space written as `+`.
    public static func formEncode(_ string: String) -> String {
        percentEncode(string, spaceAsPlus: true)
    }

    /// Percent-encodes every UTF-8 byte outside the RFC 3986 unreserved set, with uppercase hex
    /// (a space as `+` when `spaceAsPlus`).
    public static func percentEncode(_ string: String, spaceAsPlus: Bool = false) -> String {
        String(unsafeUninitializedCapacity: max(3 * string.utf8.count, 1)) { buffer in
            write(string, spaceAsPlus: spaceAsPlus, into: buffer, at: 0)
        }
    }

    /// Writes the percent-encoding of `string` into `buffer` from `start` (room for three bytes per byte of
    /// `string` is the caller's); returns the position after it.
    private static func write(
        _ string: String, spaceAsPlus: Bool, into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int
    ) -> Int {
        var position = start
        for byte in string.utf8 {
            if isUnreserved(byte) {
                buffer[position] = byte
                position += 1
            } else if spaceAsPlus && byte == UInt8(ascii: " ") {
                buffer[position] = UInt8(ascii: "+")
                position += 1
            } else {
                buffer[position] = UInt8(ascii: "%")
                buffer[position + 1] = hexDigit(byte >> 4)
                buffer[position + 2] = hexDigit(byte & 0x0F)
                position += 3
            }
        }
        return position
    }

    /// The uppercase hex digit for a value below 16.
    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "A") - 10 + value
    }

    /// Whether `byte` is in the RFC 3986 unreserved set.
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
