import Foundation

/// libFuzzer entry point: every input goes through `XMLNode.parse` and, as an error body, through
/// `QueryError.fromErrorResponse`. A crash, a hang (-timeout) or a sanitizer report is a finding; thrown
/// errors are fine. PLINV_FUZZ_SKIP_INVALID_UTF8=1 and PLINV_FUZZ_SKIP_INSTRUCTIONS=1 skip the inputs of the two
/// known FoundationXML crashes, to look past them (see scripts/fuzz/README.md).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    if skipInvalidUTF8, String(validating: data, as: UTF8.self) == nil { return 0 }
    if skipInstructions, hasInstruction(data) { return 0 }
    _ = try? XMLNode.parse(data)
    _ = QueryError.fromErrorResponse(status: 503, body: data)
    return 0
}

/// Read once: whether to skip inputs that are not UTF-8.
let skipInvalidUTF8 = ProcessInfo.processInfo.environment["PLINV_FUZZ_SKIP_INVALID_UTF8"] == "1"
/// Read once: whether to skip inputs with a processing instruction (the known FoundationXML crash on `<?x?>`).
let skipInstructions = ProcessInfo.processInfo.environment["PLINV_FUZZ_SKIP_INSTRUCTIONS"] == "1"

/// Whether `data` holds a `<?` other than an XML declaration at its very start.
func hasInstruction(_ data: Data) -> Bool {
    let bytes = [UInt8](data)
    let declaration = Array("<?xml ".utf8)
    for index in bytes.indices.dropLast() where bytes[index] == UInt8(ascii: "<") && bytes[index + 1] == UInt8(ascii: "?") {
        if index != 0 || !bytes.starts(with: declaration) { return true }
    }
    return false
}
