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
        parameters.map { "\(formEncode($0.0))=\(formEncode($0.1))" }.joined(separator: "&")
    }

    /// A name or value for a form body: `percentEncode` with a space written as `+`.
    public static func formEncode(_ string: String) -> String {
        percentEncode(string, spaceAsPlus: true)
    }

    /// Percent-encodes every UTF-8 byte outside the RFC 3986 unreserved set, with uppercase hex
    /// (a space as `+` when `spaceAsPlus`).
    public static func percentEncode(_ string: String, spaceAsPlus: Bool = false) -> String {
        let hexDigits = Array("0123456789ABCDEF".utf8)
        var out = [UInt8]()
        out.reserveCapacity(string.utf8.count)
        for byte in string.utf8 {
            if isUnreserved(byte) {
                out.append(byte)
            } else if spaceAsPlus && byte == UInt8(ascii: " ") {
                out.append(UInt8(ascii: "+"))
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
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
