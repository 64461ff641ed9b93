import Foundation

/// The text of a template or parameters file: UTF-8, as CloudFormation reads it (a leading byte-order mark dropped).
/// A folder, a missing file, UTF-16 or bytes that are not UTF-8 are each one error naming the file, and for bytes that
/// are not UTF-8 the line and column of the first.
enum TemplateText {
    /// The text of the file at `url`, named in errors as given (a relative path stays relative).
    /// - Throws: `TemplateError.unreadable`, with the line and column of the first byte that is not UTF-8.
    static func read(_ url: URL) throws -> String {
        let file = url.relativePath
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw TemplateError.unreadable(file: file, reason: "it is a directory; name a template file")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw TemplateError.unreadable(file: file, reason: error.localizedDescription)
        }
        return try decode(data, file: file)
    }

    /// `data` as UTF-8 text, `file` naming it in errors.
    static func decode(_ data: Data, file: String) throws -> String {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        // UTF-16 and UTF-32 begin with a byte-order mark or, without one, put a NUL byte beside every ASCII letter (a
        // stray NUL in UTF-8 text is left to the reader, which names its line).
        let head = bytes.prefix(256)
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
            || bytes.starts(with: [0, 0, 0xFE, 0xFF])
            || (head.count >= 4 && head.filter { $0 == 0 }.count * 4 >= head.count)
        {
            throw TemplateError.unreadable(
                file: file, reason: "it is UTF-16 or UTF-32 text; CloudFormation reads UTF-8, so save it as UTF-8")
        }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        // Where the first byte that is not UTF-8 is: the line, and the column in Unicode scalars, as locations count.
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0, line = 1, column = 1
        while case .scalarValue(let scalar) = decoder.decode(&iterator) {
            offset += UTF8.width(scalar)
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        let byte = offset < bytes.count ? bytes[offset] : 0
        throw TemplateError.unreadable(
            file: file,
            reason: "it is not UTF-8 text: byte 0x\(String(byte, radix: 16, uppercase: true)) at line \(line), column "
                + "\(column); CloudFormation reads templates as UTF-8")
    }
}
