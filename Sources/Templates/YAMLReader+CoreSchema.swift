import PrivateLinkModel

extension YAMLReader {
    /// Types a plain scalar by the YAML 1.2 core schema.
    static func coreSchemaValue(_ text: String) -> JSONValue {
        var text = text
        return text.withUTF8 { coreSchemaValue(utf8: $0) }
    }

    /// Types a plain scalar, given as UTF-8, by the YAML 1.2 core schema: null, Booleans, decimal integers without a
    /// leading zero (`012345678901` is an account id), and decimal floats; everything else (`2012-10-17`, `0x1F`,
    /// `.inf`, `1_000`) is a string.
    static func coreSchemaValue(utf8 bytes: UnsafeBufferPointer<UInt8>) -> JSONValue {
        guard let lead = bytes.first else { return .null }
        switch lead {
        case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return number(bytes) ?? .string(String(decoding: bytes, as: UTF8.self))
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"),
            UInt8(ascii: "f"), UInt8(ascii: "F"):
            return keyword(bytes) ?? .string(String(decoding: bytes, as: UTF8.self))
        default:
            // Most scalars (names, ids, ARNs) start with a letter: a string at once.
            return .string(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// `~`, `null`, `true`, `false` in the core schema's three spellings each.
    private static func keyword(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONValue? {
        switch String(decoding: bytes, as: UTF8.self) {
        case "~", "null", "Null", "NULL": .null
        case "true", "True", "TRUE": .bool(true)
        case "false", "False", "FALSE": .bool(false)
        default: nil
        }
    }

    /// An integer or a float when the scalar (starting with a sign, a dot or a digit) is one; nil for a string.
    private static func number(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONValue? {
        let isNegative = bytes[0] == UInt8(ascii: "-")
        let start = isNegative || bytes[0] == UInt8(ascii: "+") ? 1 : 0
        guard start < bytes.count else { return nil }
        let digits = UnsafeBufferPointer(rebasing: bytes[start...])
        if digits.allSatisfy(isDigit) {
            // A leading zero means an identifier (an account id), not a number.
            if digits.count > 1 && digits[0] == UInt8(ascii: "0") { return nil }
            return integer(digits, negative: isNegative).map(JSONValue.integer)
        }
        guard digits[0] == UInt8(ascii: ".") || isDigit(digits[0]), isFloatLiteral(digits),
            let value = Double(String(decoding: bytes, as: UTF8.self))
        else { return nil }
        return .double(value)
    }

    /// The decimal digits' value with the sign applied; nil when it does not fit `Int`.
    private static func integer(_ digits: UnsafeBufferPointer<UInt8>, negative: Bool) -> Int? {
        var value = 0
        for digit in digits {
            // Accumulated negatively so that `Int.min` fits.
            let (shifted, overflowShift) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowAdd) = shifted.subtractingReportingOverflow(Int(digit - UInt8(ascii: "0")))
            guard !overflowShift, !overflowAdd else { return nil }
            value = next
        }
        if negative { return value }
        return value == Int.min ? nil : -value
    }

    /// `digits(.digits)?` or `.digits`, with at least one digit and either the dot or an exponent
    /// (`e`/`E`, an optional sign, one or more digits).
    private static func isFloatLiteral(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0, dots = 0, mantissaDigits = 0
        while index < text.count, text[index] != UInt8(ascii: "e"), text[index] != UInt8(ascii: "E") {
            if text[index] == UInt8(ascii: ".") {
                dots += 1
            } else if isDigit(text[index]) {
                mantissaDigits += 1
            } else {
                return false
            }
            index += 1
        }
        guard dots <= 1, mantissaDigits > 0, dots == 1 || index < text.count else { return false }
        if index == text.count { return true }
        index += 1
        if index < text.count, text[index] == UInt8(ascii: "-") || text[index] == UInt8(ascii: "+") { index += 1 }
        return index < text.count && UnsafeBufferPointer(rebasing: text[index...]).allSatisfy(isDigit)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
}
